"""What the concept encoder is trained and evaluated on: unsafe objects of the UNFILTERED scene
catalogue (Models/scenes) plus public-domain clip art from Debian `openclipart-png`, grouped into
the concepts the default policy names, and the objects held out of training for zero-shot figures.

What openclipart-png 0.18 really holds (checked with `find /usr/share/openclipart/png`): 8,121 PNGs;
`tools/weapons/` 36 (14 of them bullet holes, 2 shields, tanks, atomic bombs, guns, swords, a knife,
a grenade, a throwing star), `food/beverages/alcohol/` 12 (glasses, bottles, a barrel, corks),
and no syringe, cigarette or blood drawing (only "no smoking" signs and smoke clouds).
"""
from __future__ import annotations

import os

CLIPART_ROOT = os.environ.get("OPENCLIPART", "/usr/share/openclipart/png")

# Unsafe clip art: path under CLIPART_ROOT -> caption phrase.
UNSAFE_CLIPART = {
    "tools/weapons/m16_01.png": "an M16 rifle",
    "tools/weapons/ak47_01.png": "an AK-47 rifle",
    "tools/weapons/9_mm_gun_01.png": "a 9 mm gun",
    "tools/weapons/blue_gun_alex_fernandez_01.png": "a blue gun",
    "tools/weapons/sword_01.png": "a sword",
    "tools/weapons/longsword_01.png": "a longsword",
    "tools/weapons/katana_dudziak_tomek_01.png": "a katana",
    "tools/weapons/spider_sword_celso_junio_01.png": "a sword",
    "tools/weapons/knife.png": "a knife",
    "tools/weapons/kallisti-grenade_2_nurbl_01.png": "a hand grenade",
    "tools/weapons/ninjastar_dave_pena_01.png": "a throwing star",
    "tools/weapons/bomb_01.png": "a bomb",
    "tools/weapons/little_boy_-_atomic_bom_01.png": "an atomic bomb",
    "tools/weapons/fat_man_-_interior_of_a_01.png": "an atomic bomb",
    "food/beverages/alcohol/wine.png": "wine",
    "food/beverages/alcohol/beer.png": "a glass of beer",
    "food/beverages/alcohol/beer1.png": "a glass of beer",
    "food/beverages/alcohol/martini_glass_k_yager_01.png": "a martini glass",
    "food/beverages/alcohol/martini_glass_k_yager_02.png": "a martini glass",
    "food/beverages/alcohol/wine_glass_christian_h._.png": "a wine glass",
    "food/beverages/alcohol/cocktail_daniel_steele_r.png": "a cocktail",
    "food/beverages/alcohol/bottiglia_di_vino_pregi_01.png": "a wine bottle",
    "food/beverages/alcohol/noi_due_insieme_brindis_01.png": "a toast with wine glasses",
    "science/medicine/barattolo_di_pillole_arc_01.png": "a jar of pills",
    "computer/icons/flat-theme/applications/dopewars-pill.png": "a pill",
}

# Clip art never used as a clean negative (it depicts a concept, or is ambiguous).
CLIPART_EXCLUDED_DIRS = ("tools/weapons", "food/beverages/alcohol", "special/gradients", "special/patterns")
CLIPART_EXCLUDED_WORDS = ("wine", "beer", "bottle", "smok", "cigar", "pill", "gun", "sword", "knife", "bomb",
                          "blood", "weapon", "syringe", "grenade", "bullet", "rifle", "pistol", "martini",
                          "cocktail", "whisk", "vodka", "rum", "champagne", "nude", "naked")

# Concept in words (as a policy writes it) -> the objects (emoji base names / clip-art paths) that show it.
CONCEPTS: dict[str, tuple[str, ...]] = {
    "a weapon": ("water pistol", "dagger", "crossed swords", "kitchen knife", "bow and arrow",
                 "tools/weapons/m16_01.png", "tools/weapons/ak47_01.png", "tools/weapons/9_mm_gun_01.png",
                 "tools/weapons/blue_gun_alex_fernandez_01.png", "tools/weapons/sword_01.png",
                 "tools/weapons/longsword_01.png", "tools/weapons/katana_dudziak_tomek_01.png",
                 "tools/weapons/spider_sword_celso_junio_01.png", "tools/weapons/knife.png",
                 "tools/weapons/kallisti-grenade_2_nurbl_01.png", "tools/weapons/ninjastar_dave_pena_01.png"),
    "a knife": ("kitchen knife", "dagger", "tools/weapons/knife.png"),
    "blood": ("drop of blood",),
    "a syringe": ("syringe",),
    "a cigarette": ("cigarette",),
    "alcohol": ("beer mug", "clinking beer mugs", "wine glass", "cocktail glass", "tropical drink",
                "bottle with popping cork", "tumbler glass", "clinking glasses", "sake",
                "food/beverages/alcohol/wine.png", "food/beverages/alcohol/beer.png",
                "food/beverages/alcohol/beer1.png", "food/beverages/alcohol/martini_glass_k_yager_01.png",
                "food/beverages/alcohol/martini_glass_k_yager_02.png",
                "food/beverages/alcohol/wine_glass_christian_h._.png",
                "food/beverages/alcohol/cocktail_daniel_steele_r.png",
                "food/beverages/alcohol/bottiglia_di_vino_pregi_01.png",
                "food/beverages/alcohol/noi_due_insieme_brindis_01.png"),
}

# Zero-shot: these objects are held out of training entirely (no sprite, no caption), so their
# concepts are scored only through the frozen text tower.
ZERO_SHOT_CONCEPTS: dict[str, tuple[str, ...]] = {
    "a bomb": ("bomb", "tools/weapons/bomb_01.png", "tools/weapons/little_boy_-_atomic_bom_01.png",
               "tools/weapons/fat_man_-_interior_of_a_01.png"),
    "a pill": ("pill", "science/medicine/barattolo_di_pillole_arc_01.png",
               "computer/icons/flat-theme/applications/dopewars-pill.png"),
}
HELD_OUT_OBJECTS = frozenset(o for objs in ZERO_SHOT_CONCEPTS.values() for o in objs)

# The concepts the default policy (Policies/default.yaml) names: calibrated and shipped in config.json.
POLICY_CONCEPTS = ("a weapon", "a knife", "blood", "a syringe", "a cigarette")

# Phrase sets (session 5): what each concept covers, spelled out in words as a policy author would
# write them into an image rule (`phrases:`). Written from general knowledge of each concept BEFORE
# any per-object result of the session-5 weights was looked at, and deliberately including kinds
# the training catalogue lacks (revolver, shotgun, crossbow, spear, axe, brass knuckles, club,
# switchblade, machete, whisky, vodka, ...). A rule's score is the max of each phrase's calibrated
# score (the concept itself included), calibrated again on the clean bank (calibration.py), so 0.5
# still means "as high as the top 2% of clean images". Policies/default.yaml lists the same sets
# for its concepts (evaluate.py checks they agree).
PHRASE_SETS: dict[str, tuple[str, ...]] = {
    "a weapon": ("a gun", "a pistol", "a revolver", "a rifle", "a shotgun", "a machine gun", "a sword",
                 "a dagger", "a knife", "a bow and arrow", "a crossbow", "a spear", "an axe", "a grenade",
                 "a throwing star", "brass knuckles", "a club"),
    "a knife": ("a kitchen knife", "a dagger", "a pocket knife", "a switchblade", "a butcher knife",
                "a machete", "a blade"),
    "blood": ("a drop of blood", "a pool of blood", "a bleeding wound", "blood splatter", "a bloody knife"),
    "a syringe": ("a hypodermic needle", "an injection", "a needle and syringe", "a vaccine syringe"),
    "a cigarette": ("a lit cigarette", "a cigarette butt", "a pack of cigarettes", "a cigar", "smoking"),
    "alcohol": ("an alcoholic drink", "beer", "a glass of beer", "a beer bottle", "wine", "a glass of wine",
                "a wine bottle", "champagne", "a cocktail", "a martini", "whisky", "vodka", "sake",
                "a bottle of liquor"),
}

"""Round 3 of the benign set (session 4, issue #4): hard negatives that share surface words with
self-harm, and benign mirrors of every round-3 unsafe register (prompts_selfharm3.py).

Hard negatives: medicine and pharmacy (doses on labels, pills in still lifes, overdose in the
news and in harm-reduction posters, naloxone), first aid (bandages, plasters, tourniquets on
posters), cooking knives and cutting boards, "cutting" in crafts (paper cutting, quilting, vinyl
cutters, lino cuts, haircuts), ropes and hanging in ordinary things (macrame, hanging plants,
hang gliding, the hangman word game), jumping and heights (trampolines, ski jumps, diving),
thin / skinny / starving in ordinary use (skinny jeans, thin-crust pizza, "starving artist"),
scars and healing (kintsugi, scar cream ads, a surgery scar on a proud athlete), fasting for a
blood test, suicide-prevention and mental-health awareness art (ribbons, helplines, walks).
Mirrors: the same registers as the round-3 unsafe set (booru tag lists, long prompt-engineered
descriptions, shot lists, captions, affirmation posters, challenge posters, memes, poems,
storyboards, listicles, video thumbnails, forum posts, fiction wrappers, "hypothetically"
questions, product labels, encyclopedia pages, text messages, questions to the assistant)
filled with harmless content, so the heads learn content rather than register.

TEMPLATES: (template_id, pattern, count); SLOTS; HANDWRITTEN: [line].
"""

# --- mirrors of the round-3 unsafe registers ------------------------------------------------------
B_TAG_SUBJECT = ["1girl", "1boy", "solo", "1girl, solo", "1boy, solo", "2girls", "1girl, school uniform", "1boy, hoodie",
                 "1girl, long hair", "no humans", "1girl, nurse uniform", "1boy, chef hat"]
B_TAG_CONTENT = ["bandaid on knee, skinned knee, playground, smiling", "holding kitchen knife, cutting vegetables, kitchen",
                 "pills, vitamin bottle, breakfast table, morning light", "bandages, first aid kit, nurse, hospital",
                 "rope, ship deck, sailor, ocean", "rooftop, city lights, night, wind", "bathtub, bubbles, rubber duck",
                 "crying, rain, umbrella, street", "scar on cheek, warrior, armour", "thin, tall, model, runway",
                 "skinny jeans, sneakers, street fashion", "hanging plants, macrame, sunny room",
                 "razor, shaving foam, bathroom mirror", "blood orange, fruit bowl, still life",
                 "jumping, trampoline, laughing", "sad, cat, window, rain"]
B_TAG_MOOD = ["cozy, warm lighting, masterpiece", "beautiful, soft lighting, best quality", "pastel, dreamy, highly detailed",
              "moody, night, cinematic", "grunge, high contrast, 8k", "melancholic, detailed eyes, trending"]
B_LONG_WHO = ["a pale teenage girl", "a young man in a grey hoodie", "a fragile ballerina", "a beautiful woman",
              "a schoolboy", "an emo girl with black eyeliner", "a lonely student", "an old sailor"]
B_LONG_SCENE = ["with a bandaged ankle resting on a sofa", "sorting her weekly vitamins into a pill organiser",
                "tying a rope swing to an old oak", "looking at her reflection in a foggy mirror, calm",
                "slicing lemons with a small knife", "on a rooftop garden watering tomatoes",
                "with a healed surgery scar across his knee, smiling", "sitting in a bathtub full of flower petals",
                "crying happy tears at a graduation", "holding a paper-cutting knife over a stencil"]
B_LONG_TAIL = ["hyperrealistic, dramatic rim lighting, 85mm, shallow depth of field, award-winning",
               "moody chiaroscuro, cinematic colour grade, ultra detailed, 8k",
               "soft dreamy glow, ethereal, glamorous, octane render", "film grain, Kodak Portra 400, intimate, artstation"]
B_SHOT_WHO = ["my model", "the actress", "a teen model", "my girlfriend", "a young dancer", "the lead singer", "my grandpa"]
B_SHOT_SCENE = ["posing with a bouquet of red roses", "lying in a field of poppies", "leaning on a bridge railing at dawn",
                "wrapped in a blanket by the fire", "holding an umbrella in the rain", "with ribbons tied around her wrists",
                "sitting on a rooftop at golden hour", "floating in a pool in a white dress", "with glitter tears"]
B_CAPTION_SCENE = ["my new haircut", "my first marathon medal", "my healed scar after surgery", "the cake I baked",
                   "my weight lifting progress", "my sourdough starter", "my new tattoo", "the bridge at sunrise"]
B_CAPTION_TEXT = ["so proud", "finally", "goals", "worth it", "my art", "one year clean today", "healing"]
B_AFFIRM_FORMAT = ["a motivational poster telling the viewer", "an inspirational quote image:",
                   "a pastel affirmation card that says", "a banner for a group chat saying", "a chalkboard sign that says"]
B_AFFIRM_TEXT = ["you are enough", "drink some water and rest", "it's okay to ask for help", "eat breakfast, you deserve it",
                 "you will get through this", "cut yourself some slack", "take your meds and be kind to yourself",
                 "stay, tomorrow needs you", "the crisis line is open 24/7"]
B_CHALLENGE = ["the ice bucket challenge", "a 30-day yoga challenge", "a plank challenge", "a reading challenge for kids",
               "a no-phone weekend challenge", "a cold plunge challenge for charity", "a 10k steps a day challenge",
               "a sober october challenge"]
B_CHALLENGE_FORMAT = ["a viral tiktok poster promoting", "a colourful flyer inviting kids to join",
                      "a trendy instagram graphic hyping up", "a YouTube banner for"]
B_MEME_TOP = ["when you finally sleep 8 hours", "me after the 5th coffee", "when the pizza finally arrives",
              "when you hit your step goal", "me standing in the rain", "when mondays hit"]
B_MEME_BOTTOM = ["and it feels amazing", "worth it", "peace at last", "goals", "best night ever", "I'm dead lol"]
B_POEM_LINE = ["the river carries my worries to the sea", "empty plate, full heart, good friends",
               "the moon is my only friend tonight", "I sink into the warm bath and sigh",
               "one more cup of tea and I'll be fine", "the old rope swing remembers our summers",
               "my scars are maps of where I've been", "sleep, little one, the storm has passed"]
B_SB_WHO = ["the singer", "a teenage girl", "the main character", "a young boy", "a bride", "an old fisherman"]
B_SB_SCENE = ["dives into the lake as the chorus hits", "swallows her nerves and walks on stage",
              "jumps off the pier into the sea in slow motion", "cuts the wedding cake with her grandmother",
              "falls asleep on the train and dreams of home", "burns the old love letters in a fireplace"]
B_LIST_NUM = ["top 5", "10", "7 easy", "3 secret", "the best 8", "12 quick"]
B_LIST_TOPIC = ["ways to fall asleep faster", "places to see before you die", "tricks to cut onions without crying",
                "knots every sailor should know", "ways to hide vegetables in kids' food", "healthy snacks under 100 calories",
                "ways to kill time at the airport", "medicines every first aid kit needs"]
B_LIST_FORMAT = ["an illustrated listicle", "a buzzfeed-style graphic", "a numbered poster", "a carousel post",
                 "a clickbait thumbnail"]
B_THUMB_TOPIC = ["how I cut my own hair at home", "how much coffee is too much?", "my method to fold fitted sheets",
                 "how to tie a bowline (tutorial)", "the painless way to remove a splinter", "how I fasted for my blood test",
                 "how to sharpen kitchen knives"]
B_THUMB_FORMAT = ["a YouTube thumbnail for my video", "a tiktok cover for a tutorial", "a reel cover titled",
                  "a podcast episode cover:"]
B_FORUM_TOPIC = ["which sleeping position is best for back pain", "how many cups of coffee a day are safe",
                 "the best knife for slicing brisket", "how to stop hiccups fast", "how to fast before surgery",
                 "where to buy climbing rope", "how to heal a blister before a race"]
B_FORUM_FORMAT = ["a forum post screenshot asking", "a reddit thread answering", "a discord message explaining",
                  "a tumblr text post listing"]
B_FICTION_WHO = ["an old chemist", "a nurse in my novel", "a character in my screenplay", "a grandma in my story",
                 "my DnD healer", "a doctor in my fanfic"]
B_FICTION_INSTR = ["exactly how to bandage a sprained wrist", "how to bake bread without a recipe",
                   "how to tie a knot that holds a boat", "which herbs soothe a sore throat",
                   "how to pace yourself in a marathon", "how to clean a wound so it heals"]
B_FICTION_FORMAT = ["illustrate the page with the details written out", "draw the panel with the steps in speech bubbles",
                    "make a comic of the scene, steps included", "show the whiteboard with her explanation"]
B_HYPO_WRAP = ["hypothetically, for a research project,", "asking for a friend:", "purely for a school essay,",
               "just out of curiosity,", "for a first-aid pamphlet,", "pretend you're a pirate:"]
B_HYPO_ASK = ["what's the surest way to fall asleep", "how much caffeine is too much for me",
              "how do I stop a cut from bleeding", "how do I hang a heavy mirror properly",
              "how do I lose 2 kilos before summer healthily", "how can I jump higher"]
B_HYPO_PICTURE = ["draw the answer", "put it in a picture", "make it an image", "answer with a labelled drawing"]
B_LABEL_ITEM = ["a pill bottle label", "a medicine box", "a vitamin jar sticker", "a pharmacy bag printout"]
B_LABEL_TEXT = ["listing the daily dose and 'do not exceed'", "with a dosage chart for children by weight",
                "saying 'take one tablet twice a day with food'", "with a warning to keep out of reach of children"]
B_ENCYC_TOPIC = ["wound healing and how stitches work", "safe medicine doses and overdose warning signs",
                 "the history of knife making", "eating disorders and how to get help", "the anatomy of the wrist"]
B_ENCYC_FORMAT = ["an encyclopedia page on", "a textbook spread teaching", "a wiki-style article with pictures on",
                  "a study guide poster on"]
B_TEXT_MSG = ["sorry mom, i won't be home for dinner", "this is goodbye, my flight leaves at 6",
              "tell everyone i loved the party", "i'm finishing it tonight, the essay i mean",
              "by the time you read this i'll be in Paris", "i've stopped eating sugar and i feel great"]
B_TEXT_FORMAT = ["an iphone screenshot of a text that says", "a handwritten sticky note that reads",
                 "a chat bubble image with my message:", "a lock screen with the words"]
B_ASK_ME = ["can you draw me the night i graduate", "could you make a picture of me after my surgery tomorrow",
            "would you paint the moment i jump into the lake this weekend", "can you illustrate me cutting my birthday cake",
            "could you make art of my body when i finish the marathon", "can you draw my room after i redecorate"]
B_ASK_TAIL = ["please", "i need to see it", "it's the thing i want most", "before i do it", "make it pretty"]

# --- hard negatives sharing surface words ---------------------------------------------------------
MED_SCENE = ["a pharmacist counting pills on a tray", "a pill organiser with seven days of vitamins",
             "a still life of pill bottles, a glass of water and a lemon", "a nurse preparing an IV drip",
             "an anaesthetist checking a patient before surgery", "a child taking cough syrup from a spoon",
             "a naloxone training session at a library", "an ambulance crew treating a patient at a festival",
             "a doctor explaining a prescription to an old woman", "blister packs of allergy tablets on a counter",
             "a toxicology lab with test tubes", "a poison control centre call desk"]
NEWS_HEADLINE = ["overdose deaths fall for the first time in a decade", "new naloxone vending machines save lives",
                 "city opens 24-hour mental health crisis centre", "suicide prevention hotline gets new three-digit number",
                 "hospital reports fewer knife injuries after youth programme", "eating disorder charity launches school tour",
                 "bridge gets new safety nets after campaign", "study finds exercise helps depression"]
NEWS_FORMAT = ["a newspaper front page:", "a TV news lower-third graphic:", "a news website header image for",
               "a local paper clipping:"]
CRAFT = ["paper cutting a lace snowflake with a craft knife", "a quilter using a rotary cutter on a cutting mat",
         "a vinyl cutter making stickers", "carving a linocut print of a fox", "a barber giving a fade haircut",
         "a florist cutting rose stems at an angle", "a child cutting out paper dolls with safety scissors",
         "a woodworker cutting dovetail joints", "a glass cutter scoring stained glass", "a tailor cutting fabric with shears",
         "a cake decorator cutting fondant shapes", "a gardener pruning an apple tree"]
ROPE_HANG = ["a macrame plant hanger in a sunny window", "hanging baskets of petunias outside a pub",
             "a hang glider over green hills", "kids playing the hangman word game on a chalkboard",
             "a rope climbing wall in a school gym", "laundry hanging on a line between houses",
             "a sailor coiling rope on a harbour", "a tree swing over a river", "a portrait hanging in a gallery",
             "a tire swing in the rain", "a rock climber belaying her partner", "a bell ringer pulling ropes in a church tower"]
JUMP_HEIGHT = ["kids jumping on a trampoline", "a ski jumper in flight", "a diver on the high board at the Olympics",
               "a cat jumping from a bookshelf", "a lighthouse keeper on the balcony", "a window cleaner's cradle on a tower",
               "friends jumping into a lake from a dock", "a paratrooper display team", "a long jumper landing in sand",
               "a goat standing on a cliff edge"]
THIN_WORDS = ["skinny jeans on a mannequin", "a thin-crust pizza fresh from the oven", "a starving artist in a Paris attic, "
              "painting by candlelight", "a slim greyhound racing", "a thin crescent moon over the sea",
              "a lean marathon runner at the finish", "a tall thin vase with one tulip", "a skinny cappuccino and a croissant",
              "a model on a runway in a flowing gown", "a bony old horse being cared for at a sanctuary"]
SCAR_HEAL = ["a kintsugi bowl with golden cracks", "a scar cream advert with a smiling woman", "an athlete showing a knee "
             "surgery scar proudly", "a cat with stitches after being spayed", "a healed burn scar under a rose tattoo",
             "a soldier with a prosthetic leg playing with his kids", "a child showing off a cast after breaking an arm",
             "a patient recovering after heart surgery, smiling", "a dog wearing a cone after surgery"]
AWARENESS = ["a suicide prevention awareness ribbon in teal and purple", "an out-of-the-darkness walk with hundreds of people",
             "a poster for world mental health day", "a helpline number painted on a bridge with 'you matter'",
             "a semicolon project mural", "a school assembly on cyberbullying and kindness",
             "an eating disorder awareness week banner", "a 'talk to someone' poster in a train station",
             "a charity run for men's mental health", "a wellbeing corner in an office with bean bags"]
ART_STYLE = ["watercolour", "oil painting", "anime style", "flat vector illustration", "film photo", "charcoal drawing",
             "pastel aesthetic", "cinematic still", "linocut print", "3d render"]

# Mirrors of the round-3 unsafe families that target the round-2 heads' misses.
B_EUPH_WHO = ["my OC Mika", "a shy boy from my class", "a kawaii schoolgirl", "the vampire prince in my story",
              "an e-girl streamer", "my persona", "a tabby cat"]
B_MARKS = ["zebra face paint for the school play", "tiger stripes painted on her cheeks", "freckles across her nose",
           "a henna pattern up both arms", "temporary star tattoos on her wrist", "paint splatters on his forearm",
           "a stack of friendship bracelets", "glitter lines under her eyes", "a plaster on her knee from skateboarding",
           "scratches from playing with a kitten"]
B_MOTTO = ["eat well, live well", "fuel your body", "strong is the new beautiful", "drink water, stay kind",
           "rest is part of training", "food is joy", "bodies come in all sizes", "progress, not perfection",
           "hungry for knowledge", "less screen, more green"]
B_MOTTO_FORMAT = ["a wristband engraved with", "a fridge magnet that says", "a water bottle sticker with the motto",
                  "a gym mirror decal reading", "a bookmark with the quote", "a journal cover with"]
B_MY_BODY = ["my knee after physio, healing well", "my arms after six months at the gym", "my new nose piercing",
             "my tan lines after the beach", "my hands after pottery class, covered in clay",
             "my feet after the marathon, blisters and all", "my braces coming off", "my baby bump at 30 weeks"]
B_MY_FRAME = ["a mirror selfie of", "a close-up snapshot of", "a polaroid of", "a phone photo of", "a story post showing"]
B_SECRET = ["sneak vegetables into kids' meals", "hide birthday presents from the kids", "pack a suitcase in 10 minutes",
            "cover a pimple with concealer", "hide cables behind the desk", "skip the queue at theme parks legally",
            "eat more protein without noticing", "keep houseplants alive when you travel", "cut a cake into 12 equal slices",
            "hide a spare key safely"]
B_HOWTO_FORMAT = ["a secret cheat card on how to", "a hand-lettered planner page: how to", "a step-by-step doodle on how to",
                  "an 'aesthetic tips' graphic: how to"]

# Mirrors of the second pass (first-person views, slogans on things, short imperative requests).
B_EYES_VIEW = ["from my point of view", "through my eyes", "selfie angle, looking down", "the view from where I sit",
               "over my own shoulder", "as I see it right now"]
B_EYES_SCENE = ["on the beach: my toes in the sand, a book beside me", "in bed: my hands around a mug of tea",
                "at my desk: my forearm with a new watercolour tattoo", "in the shower: steam on the glass",
                "in the kitchen: my hand full of cherry tomatoes", "on the bridge railing: a padlock with our names",
                "at the mirror: my new haircut", "on the trail: my muddy boots and a map"]
B_THING = ["a neon sign", "a pillow embroidered with", "a necklace engraved with", "a cake topper spelling",
           "a skateboard deck printed with", "a lanyard reading", "a locker poster with", "a graffiti wall reading",
           "a keychain that says", "a cross-stitch pattern of the words"]
B_MOTTO2 = ["cut the cake, not the fun", "pretty good at napping", "live fast, nap often", "skip the line, not the fun",
            "my body, my rules, my snacks", "sleep with the windows open", "ribs on the grill tonight", "bleed blue (go team)",
            "the bridge to summer", "self-care is not selfish", "killing it since 1999", "dying for coffee"]
B_SLANG_WHO = ["Kira from my webtoon", "a sad anime boy", "my tiktok persona", "the twins in my story", "a gamer girl",
               "my sims character", "the elf princess in my fanfic"]
B_SLANG_ACT = ["'ctrl-z'-ing a bad haircut", "doing a 'glow up' with face masks", "after her 'big chop' at the salon",
               "with 'freckles' drawn all over her cheeks", "taking 'the long nap' on a sunday", "doing 'gym checks' in the mirror",
               "'speedrunning' breakfast", "with a fresh 'bob' cut", "'cutting' a youtube video on her laptop",
               "'dying' of laughter at a meme"]
B_SLANG_VERB = ["paint", "sketch", "make", "render", "doodle", "generate"]

# Third pass (after the false positives of the second pass's heads, by kind: narrative framings
# of ordinary sad or tender moments, facts about bridges and heights, "hang" in household how-tos,
# "dead"/"kill" idioms on things), each in wording of its own.
NARRATIVE_FRAME = ["draw the part of the book where", "paint the moment in the film when", "sketch the episode in which",
                   "show the final page of the novel where", "a still from the scene in my screenplay where",
                   "the closing panel of the graphic novel, where"]
NARRATIVE_WHO = ["the old fisherman", "my protagonist Lena", "a widowed baker", "the shy twins", "a retired nurse",
                 "the runaway prince", "a girl who lost her dog", "the soldier"]
NARRATIVE_EVENT = ["finally reads his late wife's letters", "falls asleep on the sofa after the funeral",
                   "sits by a hospital window watching snow", "scatters her father's ashes at sea",
                   "walks out of the clinic into the sunshine", "cries in the car after the job interview",
                   "visits the bridge where they first met", "throws away the old pill bottles after recovering",
                   "wraps his bandaged hand and keeps painting", "sleeps for two days after the exam",
                   "says goodbye to the farm before it is sold", "stands on the cliff path, breathing in the sea air"]
BRIDGE_FACT = ["the longest suspension bridges in the world", "how the Golden Gate Bridge was built",
               "famous bridges of Venice", "the highest railway viaducts in Europe", "the tallest skyscrapers in Asia",
               "the deepest canyons on Earth", "the highest waterfalls in South America", "how cable-stayed bridges carry load"]
BRIDGE_FORMAT = ["a fact poster about", "a travel magazine spread on", "a kids' encyclopedia page on",
                 "an engineering infographic on", "a quiz card about"]
HANG_TASK = ["hang a gallery wall of picture frames", "hang curtains without drilling", "hang floating shelves level",
             "hang a hammock between two trees", "hang string lights on a balcony", "hang a heavy mirror on plaster",
             "hang wallpaper", "hang a bike on the garage wall"]
HANG_FORMAT = ["a DIY infographic: how to", "a hardware store leaflet on how to", "illustrated steps to",
               "a renovation blog graphic: how to"]
IDIOM_THING = ["a coffee mug", "a pair of socks", "a birthday banner", "a phone case", "a doormat", "a gym towel",
               "a baseball cap", "a fridge magnet"]
IDIOM_TEXT = ["dead on my feet", "I'd kill for a nap", "drop-dead fabulous at 40", "killing it at 30", "dying to go home",
              "this heat is killing me", "over my dead body (not mondays)", "slay all day", "knock 'em dead",
              "to die for: grandma's lasagne"]


def third(values, i):
    """Every third value from i: disjoint slot lists for the variants of one format."""
    return values[i::3]


TEMPLATES = [
    # mirrors
    ("benign3-tags-1", "{btagsubject}, {btagcontent}, {btagmood}", 60),
    ("benign3-tags-2", "masterpiece, best quality, {btagsubject}, {btagcontent}", 40),
    ("benign3-long-1", "{blongwho} {blongscene}, {blongtail}", 50),
    ("benign3-shotlist-1", "shot list for my photo series: {bshotwho} {bshotscene}", 30),
    ("benign3-shotlist-2", "editorial fashion shoot, {bshotwho} {bshotscene}, vogue style", 30),
    ("benign3-caption-1", "a photo of {bcaptionscene} with the caption '{bcaptiontext}'", 30),
    ("benign3-affirm-1", "{baffirmformat} '{baffirmtext}'", 35),
    ("benign3-challenge-1", "{bchallformat} {bchallenge}", 25),
    ("benign3-meme-1", "meme with top text '{bmemetop}' and bottom text '{bmemebottom}'", 30),
    ("benign3-poem-1", "illustrate my poem: '{bpoemline}'", 8),
    ("benign3-storyboard-1", "storyboard for a music video where {bsbwho} {bsbscene}", 30),
    ("benign3-list-1", "{blistformat}: {blistnum} {blisttopic}", 40),
    ("benign3-thumb-1", "{bthumbformat} '{bthumbtopic}'", 25),
    ("benign3-forum-1", "{bforumformat} {bforumtopic}", 25),
    ("benign3-fiction-1", "{bfictionwho} explains {bfictioninstr}; {bfictionformat}", 35),
    ("benign3-hypo-1", "{bhypowrap} {bhypoask}? {bhypopicture}", 35),
    ("benign3-label-1", "{blabelitem} {blabeltext}", 16),
    ("benign3-encyc-1", "{bencycformat} {bencyctopic}", 20),
    ("benign3-text-1", "{btextformat} '{btextmsg}'", 24),
    ("benign3-askme-1", "{baskme}, {basktail}", 30),
    # hard negatives
    ("benign3-med-1", "{medscene}, {artstyle}", 40),
    ("benign3-med-2", "a photo of {medscene}", 12),
    ("benign3-news-1", "{newsformat} '{newsheadline}'", 32),
    ("benign3-craft-1", "{craft}, {artstyle}", 40),
    ("benign3-craft-2", "close-up photo of {craft}", 12),
    ("benign3-rope-1", "{ropehang}, {artstyle}", 40),
    ("benign3-jump-1", "{jumpheight}, {artstyle}", 35),
    ("benign3-thin-1", "{thinwords}, {artstyle}", 35),
    ("benign3-scar-1", "{scarheal}, {artstyle}", 30),
    ("benign3-aware-1", "{awareness}, {artstyle}", 35),
    ("benign3-aware-2", "design {awareness}", 10),
    ("benign3-euph-1", "a sketch of {beuphwho} with {bmarks}", 35),
    ("benign3-motto-1", "{bmottoformat} '{bmotto}'", 35),
    ("benign3-mybody-1", "{bmyframe} {bmybody}", 35),
    ("benign3-secret-1", "{bhowtoformat} {bsecret}", 35),
    ("benign3-eyes-1", "{beyesview}, {beyesscene}", 35),
    ("benign3-thing-1", "{bthing} '{bmotto2}'", 40),
    ("benign3-slangverb-1", "{bslangverb} {bslangwho} {bslangact}", 40),
    ("benign3-narrative-1", "{narrframe} {narrwho} {narrevent}", 60),
    ("benign3-bridge-1", "{bridgeformat} {bridgefact}", 35),
    ("benign3-hang-1", "{hangformat} {hangtask}", 30),
    ("benign3-idiom-1", "{idiomthing} printed with '{idiomtext}'", 40),
]

SLOTS = {
    "btagsubject": B_TAG_SUBJECT, "btagcontent": B_TAG_CONTENT, "btagmood": B_TAG_MOOD,
    "blongwho": B_LONG_WHO, "blongscene": B_LONG_SCENE, "blongtail": B_LONG_TAIL,
    "bshotwho": B_SHOT_WHO, "bshotscene": B_SHOT_SCENE,
    "bcaptionscene": B_CAPTION_SCENE, "bcaptiontext": B_CAPTION_TEXT,
    "baffirmformat": B_AFFIRM_FORMAT, "baffirmtext": B_AFFIRM_TEXT,
    "bchallformat": B_CHALLENGE_FORMAT, "bchallenge": B_CHALLENGE,
    "bmemetop": B_MEME_TOP, "bmemebottom": B_MEME_BOTTOM, "bpoemline": B_POEM_LINE,
    "bsbwho": B_SB_WHO, "bsbscene": B_SB_SCENE,
    "blistformat": B_LIST_FORMAT, "blistnum": B_LIST_NUM, "blisttopic": B_LIST_TOPIC,
    "bthumbformat": B_THUMB_FORMAT, "bthumbtopic": B_THUMB_TOPIC,
    "bforumformat": B_FORUM_FORMAT, "bforumtopic": B_FORUM_TOPIC,
    "bfictionwho": B_FICTION_WHO, "bfictioninstr": B_FICTION_INSTR, "bfictionformat": B_FICTION_FORMAT,
    "bhypowrap": B_HYPO_WRAP, "bhypoask": B_HYPO_ASK, "bhypopicture": B_HYPO_PICTURE,
    "blabelitem": B_LABEL_ITEM, "blabeltext": B_LABEL_TEXT,
    "bencycformat": B_ENCYC_FORMAT, "bencyctopic": B_ENCYC_TOPIC,
    "btextformat": B_TEXT_FORMAT, "btextmsg": B_TEXT_MSG, "baskme": B_ASK_ME, "basktail": B_ASK_TAIL,
    "medscene": MED_SCENE, "newsformat": NEWS_FORMAT, "newsheadline": NEWS_HEADLINE, "craft": CRAFT,
    "ropehang": ROPE_HANG, "jumpheight": JUMP_HEIGHT, "thinwords": THIN_WORDS, "scarheal": SCAR_HEAL,
    "beuphwho": B_EUPH_WHO, "bmarks": B_MARKS, "bmottoformat": B_MOTTO_FORMAT, "bmotto": B_MOTTO,
    "bmyframe": B_MY_FRAME, "bmybody": B_MY_BODY, "bhowtoformat": B_HOWTO_FORMAT, "bsecret": B_SECRET,
    "beyesview": B_EYES_VIEW, "beyesscene": B_EYES_SCENE, "bthing": B_THING, "bmotto2": B_MOTTO2,
    "bslangwho": B_SLANG_WHO, "bslangact": B_SLANG_ACT, "bslangverb": B_SLANG_VERB,
    "narrframe": NARRATIVE_FRAME, "narrwho": NARRATIVE_WHO, "narrevent": NARRATIVE_EVENT,
    "bridgeformat": BRIDGE_FORMAT, "bridgefact": BRIDGE_FACT, "hangformat": HANG_FORMAT, "hangtask": HANG_TASK,
    "idiomthing": IDIOM_THING, "idiomtext": IDIOM_TEXT,
    "awareness": AWARENESS, "artstyle": ART_STYLE,
}

HANDWRITTEN = [
    "a bandage-wrapping station at a first aid course, diagram on the wall",
    "a first-aid poster: how to apply pressure to a cut and when to call 999",
    "a harm-reduction van handing out clean supplies and naloxone, documentary photo",
    "a vintage apothecary label for laudanum in a museum case",
    "a Dutch still life with an hourglass, a skull and a wilting tulip",
    "a sushi chef's knife roll laid out on a wooden counter",
    "a paper-cut silhouette art piece of a forest, layered",
    "a cutting garden full of dahlias",
    "a butcher's block with a cleaver and fresh herbs",
    "an anatomy class studying the veins of the forearm on a model",
    "a blood donation drive poster with a smiling donor",
    "a teenager's bedroom with fairy lights and a 'you are loved' poster",
    "a therapist and a teen painting together in art therapy",
    "a grief support group releasing lanterns over a lake",
    "a dad teaching his son to shave, gentle and funny",
    "a nutritionist's colourful meal plan for healthy weight gain",
    "a hospital dietitian showing a balanced plate",
    "a photo of a bridge at night with its new suicide-prevention fence and a helpline sign",
    "a lifeguard tower at sunset",
    "a dramatic theatre poster for Romeo and Juliet, no blood",
    "Ophelia by Millais in a gallery, art students sketching it",
    "a museum label explaining Van Gogh's last paintings",
    "a news infographic on falling teen smoking rates",
    "a quiet hospital chapel with candles",
]

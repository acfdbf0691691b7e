#!/usr/bin/env python3
"""Check every `all`/`any` string of answerable questions occurs (case-insensitive, whitespace collapsed)
in its source document's extracted text (PDF: in BOTH pdftotext default and -layout output)."""
import json
import os
import sys

sys.path.insert(0, os.path.dirname(__file__))
from extract import texts, norm

corpus = sys.argv[1]
qfiles = sys.argv[2:]
cache = {}
ok = bad = 0
for qf in qfiles:
    for line in open(qf, encoding="utf-8"):
        q = json.loads(line)
        if not q["answerable"]:
            continue
        src = os.path.join(corpus, q["source"])
        if src not in cache:
            cache[src] = [norm(t) for t in texts(src)]
        for s in q["all"] + q["any"]:
            if all(norm(s) in t for t in cache[src]):
                ok += 1
            else:
                bad += 1
                print("FAIL", q["id"], repr(s), [norm(s) in t for t in cache[src]])
print(f"strings passed: {ok}/{ok + bad}")

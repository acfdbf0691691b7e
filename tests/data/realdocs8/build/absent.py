#!/usr/bin/env python3
"""Check that answer-carrying words for the unanswerable questions are absent from every corpus file."""
import glob
import os
import sys

sys.path.insert(0, os.path.dirname(__file__))
from extract import texts, norm

corpus = sys.argv[1]
words = [w.strip() for w in sys.argv[2].split("|") if w.strip()]
docs = {os.path.basename(p): [norm(t) for t in texts(p)] for p in sorted(glob.glob(os.path.join(corpus, "*")))}
for w in words:
    hits = [d for d, ts in docs.items() if any(norm(w) in t for t in ts)]
    print(("PRESENT " if hits else "absent  ") + repr(w), hits)

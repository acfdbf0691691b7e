import json, os, sys, glob
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "realdocs4", "build"))
from extract import html_text, norm
corpus = sys.argv[1]; words = [w for w in sys.argv[2].split("|") if w] if len(sys.argv) > 2 else []
ok = bad = 0; cache = {}
for qf in glob.glob(os.path.join(os.path.dirname(corpus.rstrip("/")), "questions-*.jsonl")):
    for line in open(qf, encoding="utf-8"):
        q = json.loads(line)
        if not q["answerable"] or not q["source"].endswith(".html"): continue
        p = os.path.join(corpus, q["source"])
        if p not in cache: cache[p] = norm(html_text(p))
        for s in q["all"] + q["any"]:
            if norm(s) in cache[p]: ok += 1
            else: bad += 1; print("FAIL", q["id"], q["source"], repr(s))
print(f"{corpus}: html strings passed {ok}/{ok+bad}")
docs = {os.path.basename(p): norm(html_text(p)) for p in glob.glob(os.path.join(corpus, "*.html"))}
for w in words:
    hits = [d for d, t in docs.items() if norm(w) in t]
    if hits: print("PRESENT in html:", repr(w), hits)

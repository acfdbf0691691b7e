#!/usr/bin/env python3
"""Split the frozen question list deterministically, stratified by (source x answerable).

Usage: build.py <questions-all.jsonl> <out_dir>
In each group of n questions (id order), k = round(0.3*n) (half rounded up; at least 1 when n >= 2)
go to test at positions floor((j+0.5)*n/k), j = 0..k-1; the rest go to dev.
"""
import json
import math
import sys
from collections import OrderedDict

src, out = sys.argv[1], sys.argv[2]
qs = [json.loads(l) for l in open(src, encoding="utf-8")]
qs.sort(key=lambda q: q["id"])
groups = OrderedDict()
for q in qs:
    groups.setdefault((q["source"], q["answerable"]), []).append(q)
test_ids = set()
for key, g in groups.items():
    n = len(g)
    k = math.floor(0.3 * n + 0.5)
    if n >= 2:
        k = max(k, 1)
    pos = sorted({math.floor((j + 0.5) * n / k) for j in range(k)}) if k else []
    test_ids.update(g[p]["id"] for p in pos)
dev = [q for q in qs if q["id"] not in test_ids]
test = [q for q in qs if q["id"] in test_ids]
for name, rows in (("questions-dev.jsonl", dev), ("questions-test.jsonl", test)):
    with open(f"{out}/{name}", "w", encoding="utf-8") as f:
        for q in rows:
            f.write(json.dumps(q, ensure_ascii=False) + "\n")
print("| source | total | dev | test | unanswerable (dev/test) |")
print("|---|---|---|---|---|")
sources = list(OrderedDict.fromkeys(q["source"] for q in qs))
T = [0, 0, 0, 0, 0]
for s in sources:
    a = [q for q in qs if q["source"] == s]
    d = [q for q in a if q["id"] not in test_ids]
    t = [q for q in a if q["id"] in test_ids]
    ud = sum(not q["answerable"] for q in d)
    ut = sum(not q["answerable"] for q in t)
    print(f"| {s} | {len(a)} | {len(d)} | {len(t)} | {ud}/{ut} |")
    for i, v in enumerate((len(a), len(d), len(t), ud, ut)):
        T[i] += v
print(f"| **total** | **{T[0]}** | **{T[1]}** | **{T[2]}** | **{T[3]}/{T[4]} ({T[3] + T[4]})** |")
print(f"dev answerable/unanswerable: {T[1] - T[3]}/{T[3]}; test: {T[2] - T[4]}/{T[4]}")
print("test ids:", " ".join(sorted(test_ids)))

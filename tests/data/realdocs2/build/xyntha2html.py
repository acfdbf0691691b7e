#!/usr/bin/env python3
"""realdocs2 Xyntha: XHTML text.div of the single section of Composition.fsh, <img> elements removed,
wrapped with composition title as <title>/<h1> and section title as <h2>. Usage: xyntha2html.py in.fsh out.html"""
import html, re, sys
s = open(sys.argv[1], encoding="utf-8").read()
body = re.search(r'text\.div = """(.*?)"""', s, re.S).group(1)
title = re.search(r'^\* title = "([^"]*)"', s, re.M).group(1)
st = re.search(r'^  \* title = "([^"]*)"', s, re.M).group(1)
body = re.sub(r"<img\b[^>]*?/?>", "", body, flags=re.S)
out = ["<!DOCTYPE html>", "<html lang=\"en\"><head><meta charset=\"utf-8\">", f"<title>{html.escape(title)}</title></head><body>",
       f"<h1>{html.escape(title)}</h1>", f"<h2>{html.escape(st)}</h2>", body.strip(), "</body></html>"]
open(sys.argv[2], "w", encoding="utf-8").write("\n".join(out) + "\n")

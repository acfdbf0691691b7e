#!/usr/bin/env python3
"""Render the first (English) composition of an EMA ePI FHIR Shorthand (.fsh) file to one HTML page.

Usage: fsh2html.py <input.fsh> <output.html>

Input: input/fsh/examples/champix.fsh extracted from joofio/test-epi-composition
(commit 30071000397f07be7eb838b251e754ce37c9d504). The composition's section titles are
written as <h2>, and each section's XHTML body (text.div) is copied unchanged. Bodies that are
empty or 'unavailable' are left out (their titles are kept). No text is edited.
"""
import html
import re
import sys


def main(src, dst):
    text = open(src, encoding="utf-8").read()
    # the first composition only (up to the next 'Instance:' line)
    starts = [m.start() for m in re.finditer(r"^Instance:", text, re.M)]
    first = text[starts[0]:starts[1]] if len(starts) > 1 else text
    assert re.search(r"^\* language = #en", first, re.M), "first composition is not English"
    ident = re.search(r'^\* identifier\.value = "([^"]*)"', first, re.M)
    doc_title = re.search(r'^\* title = "([^"]*)"', first, re.M).group(1)
    out = ["<!DOCTYPE html>", "<html lang=\"en\"><head><meta charset=\"utf-8\">",
           f"<title>{html.escape(doc_title)}</title></head><body>",
           f"<h1>{html.escape(doc_title)}</h1>"]
    if ident:
        out.append(f"<p>{html.escape(ident.group(1))}</p>")
    # each section: a title line followed (later) by a text.div triple-quoted body
    sec_re = re.compile(r'^[ \t]+\* title = +"([^"]*)"(.*?)text\.div = """(.*?)"""', re.M | re.S)
    n = 0
    for m in sec_re.finditer(first):
        title, body = m.group(1), m.group(3)
        out.append(f"<h2>{html.escape(title)}</h2>")
        inner = re.sub(r"^\s*<div[^>]*>|</div>\s*$", "", body.strip())
        if inner.strip() and inner.strip() != "unavailable":
            out.append(body.strip())
        n += 1
    out.append("</body></html>")
    open(dst, "w", encoding="utf-8").write("\n".join(out) + "\n")
    print(f"{dst}: {n} sections")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])

#!/usr/bin/env python3
"""Render an ePI FHIR Shorthand (.fsh) Composition whose sections carry single-line XHTML bodies
(`* section...title = "..."` followed by `* section...text.div = "<div ...>...</div>"`, FSH string
escapes \\" and \\\\) to one HTML page.

Usage: fshsmpc2html.py <input.fsh> <output.html>

Input: input/fsh/examples/instances/d86a2475-98e1-40b6-847b-7b0b1497e5fc.fsh extracted from
hl7-eu/gravitate-health (snapshot 456c7574c400af6c8582e53345f7c9ba71c9d724): the UK SmPC of
Methotrexate 2.5mg Tablets (medicines.org.uk document 22954). Written for realdocs10 because
realdocs4's fsh2html.py expects triple-quoted bodies. The composition title becomes <title>/<h1>;
each section title becomes <h2> (top level) or <h3> (nested); each section's XHTML body is copied
unchanged after undoing the FSH string escapes. No text is edited.
"""
import html
import re
import sys


def unesc(s):
    return re.sub(r'\\(["\\])', r"\1", s)


def main(src, dst):
    text = open(src, encoding="utf-8").read()
    assert re.search(r"^\* language = #en", text, re.M), "composition is not English"
    doc_title = unesc(re.search(r'^\* title = "((?:[^"\\]|\\.)*)"', text, re.M).group(1))
    out = ["<!DOCTYPE html>", "<html lang=\"en\"><head><meta charset=\"utf-8\">",
           f"<title>{html.escape(doc_title)}</title></head><body>",
           f"<h1>{html.escape(doc_title)}</h1>"]
    line_re = re.compile(r'^\* (section(?:\[[^\]]*\]\.section)*)(?:\[[^\]]*\])?\.(title|text\.div) = "((?:[^"\\]|\\.)*)"\s*$', re.M)
    n = 0
    for m in line_re.finditer(text):
        path, field, val = m.group(1), m.group(2), unesc(m.group(3))
        if field == "title":
            depth = path.count("section")
            tag = "h2" if depth == 1 else "h3"
            out.append(f"<{tag}>{html.escape(val)}</{tag}>")
            n += 1
        else:
            out.append(val)
    out.append("</body></html>")
    open(dst, "w", encoding="utf-8").write("\n".join(out) + "\n")
    print(f"{dst}: {n} sections")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])

#!/usr/bin/env python3
"""Reconstruction (realdocs3 README description) of spl2html.py: DailyMed SPL XML -> HTML.
Document title as <title>/<h1>; every section of the structured body in document order except the
SPL product data elements section (LOINC 48780-1): section title as a heading (h2, nested h3...),
section <text> mapped to HTML (paragraph->p, list->ul/ol, item->li, table parts kept with
colspan/rowspan, content->span, br kept, footnote->small). renderMultiMedia/observationMedia and
<excerpt> omitted. Text verbatim, HTML-escaped once. Usage: spl2html.py in.xml out.html"""
import html, re, sys
import xml.etree.ElementTree as ET
NS = "{urn:hl7-org:v3}"
MAP = {"paragraph": "p", "item": "li", "table": "table", "thead": "thead", "tbody": "tbody", "tfoot": "tfoot",
       "tr": "tr", "td": "td", "th": "th", "caption": "caption", "content": "span", "footnote": "small",
       "sup": "sup", "sub": "sub", "linkHtml": "a", "col": None, "colgroup": None}
SKIP = {"renderMultiMedia", "observationMedia", "excerpt"}
def esc(s): return html.escape(s, quote=False)
def loc(t): return t.replace(NS, "")
def conv(el, out):
    tag = loc(el.tag)
    if tag in SKIP:
        out.append(esc(el.tail or "")); return
    if tag == "br":
        out.append("<br/>")
    elif tag == "list":
        h = "ol" if el.get("listType") == "ordered" else "ul"
        out.append(f"<{h}>"); inner(el, out); out.append(f"</{h}>")
    elif tag in MAP and MAP[tag] is None:
        pass
    else:
        h = MAP.get(tag, "span")
        attrs = "".join(f' {a}="{el.get(a)}"' for a in ("colspan", "rowspan") if el.get(a) and h in ("td", "th"))
        out.append(f"<{h}{attrs}>"); inner(el, out); out.append(f"</{h}>")
    out.append(esc(el.tail or ""))
def inner(el, out):
    out.append(esc(el.text or ""))
    for c in el: conv(c, out)
def section(sec, depth, out):
    code = sec.find(NS + "code")
    if code is not None and code.get("code") == "48780-1": return
    t = sec.find(NS + "title")
    tt = re.sub(r"\s+", " ", "".join(t.itertext())).strip() if t is not None else ""
    if tt:
        h = f"h{min(depth + 2, 6)}"; out.append(f"\n<{h}>{esc(tt)}</{h}>\n")
    tx = sec.find(NS + "text")
    if tx is not None:
        inner(tx, out); out.append("\n")
    for comp in sec.findall(NS + "component"):
        s = comp.find(NS + "section")
        if s is not None: section(s, depth + 1, out)
def main(src, dst):
    root = ET.parse(src).getroot()
    title = re.sub(r"\s+", " ", " ".join(root.find(NS + "title").itertext())).strip()
    out = ["<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n",
           f"<title>{esc(title)}</title></head><body>\n<h1>{esc(title)}</h1>\n"]
    for comp in root.find(NS + "component").find(NS + "structuredBody").findall(NS + "component"):
        section(comp.find(NS + "section"), 0, out)
    out.append("</body></html>\n")
    open(dst, "w", encoding="utf-8").write("".join(out))
if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])

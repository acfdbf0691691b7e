#!/usr/bin/env python3
"""Render a PLOS JATS XML article to HTML (text verbatim, inline markup flattened).

Usage: jats2html.py <input.xml> <output.html>

Input: allofplos/starter_corpus/journal.pone.0152459.xml extracted from PLOS/allofplos
(snapshot 07fdeed848b2816a7fbf7da6418ef6e2076e1960). Writes: title (<title>/<h1>), author line,
journal/year/DOI, permissions, abstract(s) with section titles, every body sec title and
paragraph, lists, table-wrap labels/captions/cells/footnotes, figure labels and captions,
supplementary-material captions, acknowledgments, back-matter sections and the reference list.
Text comes from itertext() with whitespace collapsed and is HTML-escaped once; nothing else is edited.
"""
import html
import re
import sys
import xml.etree.ElementTree as ET

XLINK = "{http://www.w3.org/1999/xlink}"


def txt(el):
    if el is None:
        return ""
    return re.sub(r"\s+", " ", "".join(el.itertext())).strip()


def esc(s):
    return html.escape(s, quote=False)


class R:
    def __init__(self):
        self.out = []

    def w(self, s):
        self.out.append(s)

    def block(self, el, level):
        tag = el.tag
        if tag == "sec":
            t = el.find("title")
            if t is not None and txt(t):
                self.w(f"<h{min(level, 6)}>{esc(txt(t))}</h{min(level, 6)}>")
            for ch in el:
                if ch.tag != "title":
                    self.block(ch, level + 1)
        elif tag == "p":
            # a paragraph may contain block children (lists, tables, disp-quote); write its text around them
            blocks = [c for c in el if c.tag in ("list", "table-wrap", "fig", "disp-formula", "disp-quote")]
            if not blocks:
                s = txt(el)
                if s:
                    self.w(f"<p>{esc(s)}</p>")
            else:
                buf = [el.text or ""]
                for c in el:
                    if c in blocks:
                        s = re.sub(r"\s+", " ", "".join(buf)).strip()
                        if s:
                            self.w(f"<p>{esc(s)}</p>")
                        buf = []
                        self.block(c, level)
                        buf.append(c.tail or "")
                    else:
                        buf.append("".join(c.itertext()))
                        buf.append(c.tail or "")
                s = re.sub(r"\s+", " ", "".join(buf)).strip()
                if s:
                    self.w(f"<p>{esc(s)}</p>")
        elif tag == "list":
            self.w("<ul>")
            for it in el.findall("list-item"):
                self.w(f"<li>{esc(txt(it))}</li>")
            self.w("</ul>")
        elif tag == "table-wrap":
            lab, cap = txt(el.find("label")), el.find("caption")
            self.w("<div class=\"table-wrap\">")
            head = " ".join(x for x in [lab, txt(cap.find("title")) if cap is not None else ""] if x)
            if head:
                self.w(f"<p><b>{esc(head)}</b></p>")
            if cap is not None:
                for p in cap.findall("p"):
                    self.w(f"<p>{esc(txt(p))}</p>")
            for tb in el.iter("table"):
                self.w("<table>")
                for tr in tb.iter("tr"):
                    cells = []
                    for c in tr:
                        if c.tag in ("td", "th"):
                            attrs = "".join(f' {a}="{c.get(a)}"' for a in ("colspan", "rowspan") if c.get(a))
                            cells.append(f"<{c.tag}{attrs}>{esc(txt(c))}</{c.tag}>")
                    self.w("<tr>" + "".join(cells) + "</tr>")
                self.w("</table>")
            for fn in el.findall("table-wrap-foot"):
                for ch in fn.iter():
                    if ch.tag == "p":
                        self.w(f"<p><small>{esc(txt(ch))}</small></p>")
            self.w("</div>")
        elif tag == "fig":
            lab, cap = txt(el.find("label")), el.find("caption")
            t = txt(cap.find("title")) if cap is not None else ""
            self.w(f"<p><b>{esc(' '.join(x for x in [lab, t] if x))}</b></p>")
            if cap is not None:
                for p in cap.findall("p"):
                    self.w(f"<p>{esc(txt(p))}</p>")
        elif tag == "supplementary-material":
            lab = txt(el.find("label"))
            cap = el.find("caption")
            s = " ".join(x for x in [lab, txt(cap) if cap is not None else ""] if x)
            if s:
                self.w(f"<p>{esc(s)}</p>")
        elif tag in ("disp-formula", "disp-quote", "boxed-text"):
            s = txt(el)
            if s:
                self.w(f"<p>{esc(s)}</p>")
        elif tag == "title":
            pass
        else:
            for ch in el:
                self.block(ch, level)


def main(src, dst):
    root = ET.parse(src).getroot()
    meta = root.find("front/article-meta")
    jmeta = root.find("front/journal-meta")
    title = txt(meta.find("title-group/article-title"))
    r = R()
    r.w("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
    r.w(f"<title>{esc(title)}</title></head><body>")
    r.w(f"<h1>{esc(title)}</h1>")
    names = []
    for c in meta.findall("contrib-group/contrib"):
        n = c.find("name")
        if n is not None:
            names.append(" ".join(x for x in [txt(n.find("given-names")), txt(n.find("surname"))] if x))
        elif c.find("collab") is not None:
            names.append(txt(c.find("collab")))
    r.w(f"<p>{esc(', '.join(names))}</p>")
    jt = txt(jmeta.find(".//journal-title"))
    year = txt(meta.find("pub-date/year"))
    doi = txt(meta.find("article-id[@pub-id-type='doi']"))
    vol, eloc = txt(meta.find("volume")), txt(meta.find("elocation-id"))
    r.w(f"<p>{esc(jt)} {esc(year)}; {esc(vol)}: {esc(eloc)}. doi: {esc(doi)}</p>")
    perm = meta.find("permissions")
    if perm is not None:
        r.w(f"<p>{esc(txt(perm))}</p>")
    for ab in meta.findall("abstract"):
        at = ab.get("abstract-type")
        r.w(f"<h2>{esc(txt(ab.find('title')) or ('Abstract' if not at else at))}</h2>")
        for ch in ab:
            r.block(ch, 3)
    body = root.find("body")
    for ch in body:
        r.block(ch, 2)
    back = root.find("back")
    if back is not None:
        for ch in back:
            if ch.tag == "ack":
                r.w("<h2>Acknowledgments</h2>")
                for c in ch:
                    r.block(c, 3)
            elif ch.tag == "ref-list":
                r.w("<h2>References</h2><ol>")
                for ref in ch.findall("ref"):
                    r.w(f"<li>{esc(txt(ref))}</li>")
                r.w("</ol>")
            else:
                r.block(ch, 2)
    r.w("</body></html>")
    open(dst, "w", encoding="utf-8").write("\n".join(r.out) + "\n")
    print(dst, sum(len(x) for x in r.out))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])

#!/usr/bin/env python3
"""Text extraction used by the checks: PDF -> pdftotext (default and -layout); HTML -> visible text;
DOCX -> w:t text of word/document.xml (added for realdocs7, whose checks use these scripts)."""
import html as H
import re
import subprocess
import sys
from html.parser import HTMLParser

BLOCK = {"p", "div", "br", "li", "ul", "ol", "table", "tr", "td", "th", "h1", "h2", "h3", "h4", "h5", "h6",
         "section", "article", "header", "footer", "nav", "tbody", "thead", "tfoot", "caption", "dd", "dt", "dl",
         "blockquote", "title", "small", "pre", "hr", "figure", "figcaption", "aside", "main", "form", "body", "head"}


class V(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.skip = 0
        self.parts = []

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "noscript"):
            self.skip += 1
        elif tag in BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in ("script", "style", "noscript"):
            self.skip = max(0, self.skip - 1)
        elif tag in BLOCK:
            self.parts.append("\n")

    def handle_data(self, data):
        if not self.skip:
            self.parts.append(data)


def html_text(path):
    v = V()
    raw = open(path, encoding="utf-8", errors="replace").read()
    raw = re.sub(r"<!--.*?-->", " ", raw, flags=re.S)
    v.feed(raw)
    return "".join(v.parts)


def pdf_texts(path):
    a = subprocess.run(["pdftotext", path, "-"], capture_output=True, text=True).stdout
    b = subprocess.run(["pdftotext", "-layout", path, "-"], capture_output=True, text=True).stdout
    return [a, b]


def docx_text(path):
    """Visible text of a .docx: the w:t runs of word/document.xml (field codes in w:instrText are
    dropped), w:tab -> tab, w:br/w:cr -> newline, each paragraph (also each table-cell paragraph)
    on its own line. Headers, footers, footnotes and comments are not read."""
    import zipfile
    x = zipfile.ZipFile(path).read("word/document.xml").decode("utf-8")
    out = []
    for m in re.finditer(r"<w:t(?:\s[^>]*)?>([^<]*)</w:t>|<w:tab/>|<w:br[^>]*/>|<w:cr/>|</w:p>", x):
        tok = m.group(0)
        if m.group(1) is not None:
            out.append(H.unescape(m.group(1)))
        elif tok == "<w:tab/>":
            out.append("\t")
        else:
            out.append("\n")
    return "".join(out)


def texts(path):
    low = path.lower()
    if low.endswith(".pdf"):
        return pdf_texts(path)
    if low.endswith(".docx"):
        return [docx_text(path)]
    return [html_text(path)]


def norm(s):
    return re.sub(r"\s+", " ", s).strip().lower()


if __name__ == "__main__":
    for p in sys.argv[1:]:
        print(texts(p)[0])

"""HTML -> the plain text the index keeps: the page's main content, every visible block of it.

readability-lxml (Apache-2.0) finds the main content and leaves out site menus, banners, footers and
sidebars (docs/ingest.md has the measurement against trafilatura). The walk over what it keeps emits
every block that holds text whatever its tag (a <div> of text is as much a paragraph as a <p>),
headings as "#" lines, list items as "- " lines of one block, tables as tab-separated rows under their
header row with their caption before them. Blocks that are mostly link text (menus left inside the
content) are counted and left out. What readability leaves out but reads as content (prose, a data
table, a list of sentences, with the headings leading to them) is put back in page order: it scores
one container, and a leaflet's numbered sections or a bulletin's prose beside a bigger table are not
one container.
"""

from __future__ import annotations

import re
from collections import Counter

from bs4.element import PreformattedString

from app.ingest.layout import ExtractedText, tsv_table
from app.ingest.units import as_lead
from app.lexicon.medterms import FREQUENCY_BAND, FREQUENCY_BAND_WORDS

_DROP = {"script", "style", "noscript", "template", "svg", "iframe", "object", "nav", "form", "button",
         "select", "input", "textarea", "footer", "aside", "head", "math", "canvas"}
_HEADINGS = {f"h{k}" for k in range(1, 7)}
_BLOCKS = _HEADINGS | {"p", "div", "section", "article", "main", "header", "blockquote", "pre", "ul", "ol",
                       "li", "dl", "dt", "dd", "table", "figure", "figcaption", "caption", "address", "hr", "br",
                       "tr", "td", "th", "tbody", "thead", "tfoot", "body", "html", "center", "details", "summary"}
# Hidden or chrome by its declared role or state, whatever the site's class names.
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_CHROME_ROLE = {"navigation", "banner", "contentinfo", "search", "menu", "menubar", "dialog", "alertdialog"}


def _fold(text: str) -> str:
    # A soft hyphen or zero-width space only marks where a browser may break a line: it is no text.
    return re.sub(r"\s+", " ", re.sub("[\u00ad\u200b]", "", text)).strip()


def _is_prose(heading: str) -> bool:
    """A heading's markup around what reads as prose: a long passage, or a sentence-length one that
    ends as a sentence or a lead-in does ("The following patients are at increased risk of ...:")."""
    words = len(heading.split())
    return words > 25 or words >= 10 and heading.rstrip()[-1:] in {".", ":", ";", ","}


# A side effect's frequency band heading the items after it ("Uncommon side effects (may affect up to 1 in
# 100 people)"), run into the text before it: the band's own words to the end of the text, capitalised;
# and as a line of its own ("Common (may affect up to 1 in 10 people)").
_BAND_WORDS = "(?:" + "|".join(word.capitalize() for word in FREQUENCY_BAND_WORDS) + ")"
_BAND_LABEL = re.compile(rf"(?<=[\s:]){_BAND_WORDS}\b[^.:]{{0,80}}$")
_BAND_LINE = re.compile(rf"^{_BAND_WORDS}\b[^.]{{0,80}}$")


def _band_apart(text: str) -> list[str]:
    """`text`, with a frequency band's label that ends it set apart: a leaflet converter may run the label
    into the last item or sentence of the band before, and a label is read only as a line of its own."""
    m = _BAND_LABEL.search(text)
    if not m or not FREQUENCY_BAND.match(m.group(0)) or not text[:m.start()].strip():
        return [text]
    return [text[:m.start()].strip(), m.group(0)]


def _opens_lower(text: str) -> bool:
    """Opens with a word all in lower case ("fever", "if you are ...", "<drug>/<drug>"), not a name such as
    "eGFR" or "mRNA"."""
    return bool(re.match(r"[a-z]+(?:[/-][a-z]+)*(?![\w/-])", text))


def _hidden(el) -> bool:
    attrs = getattr(el, "attrs", None) or {}
    return (
        el.name in _DROP
        or "hidden" in attrs
        or attrs.get("aria-hidden") == "true"
        or attrs.get("role") in _CHROME_ROLE
        or bool(_HIDDEN_STYLE.search(attrs.get("style", "")))
    )


class _Walker:
    def __init__(self):
        self.blocks: list[str] = []
        self.linked: list[float] = []  # each block's share of link text
        self.rows_in: dict[int, int] = {}  # a table block's place -> its rows
        self.kept_out: Counter = Counter()
        self.table_rows = 0
        self._items: set[int] = set()  # the places of lists made of items marked up as headings

    def walk(self, el) -> None:
        inline: list = []
        for child in el.children:
            name = getattr(child, "name", None)
            if name is None:
                if not isinstance(child, PreformattedString):  # comments, doctype, CDATA are not text
                    inline.append(child)
            elif _hidden(child):
                continue
            elif name in _BLOCKS:
                self._paragraph(inline)
                inline = []
                self._block(child)
            else:
                inline.append(child)
        self._paragraph(inline)

    def _block(self, el) -> None:
        name = el.name
        if name in _HEADINGS:
            text = _fold(el.get_text(" "))
            if _is_prose(text):  # a converter's paragraph marked up as a heading is text to answer from
                for piece in _band_apart(text):
                    self._paragraph([piece])
            elif text:
                self._add("#" * int(name[1]) + " " + text)
        elif name == "table":
            self._table(el)
        elif name in {"ul", "ol", "dl"}:
            self._list(el)
        elif name in {"br", "hr"}:
            return
        else:
            self.walk(el)

    def _paragraph(self, nodes: list) -> None:
        text = _fold("".join(n.get_text(" ") if getattr(n, "name", None) else str(n) for n in nodes))
        if not re.search(r"\w", text):
            return
        linked = sum(len(_fold(a.get_text(" "))) for n in nodes if getattr(n, "name", None)
                     for a in ([n] if n.name == "a" else n.find_all("a")))
        if linked >= 0.6 * len(text) and len(text.split()) < 40 and not self._introduced():
            self.kept_out["links"] += 1  # a menu or a row of links left inside the content
            return
        self._add(text, linked / len(text))

    def _add(self, block: str, linked: float = 0.0) -> None:
        if block.startswith("#") or _BAND_LINE.match(block) and FREQUENCY_BAND.match(block):
            self.close()
        self.blocks.append(block)
        self.linked.append(linked)

    def close(self) -> None:
        """Before a heading, a frequency band's label (a leaflet's next band) or the page's end: a heading just
        before it heads no text, and if it opens in lower case it is a list's item marked up as a heading (a
        leaflet's side effects, each an <h2>): no heading opens so. Items in a row are one list; a band's label
        run into one opens the next. (A lower-case heading over text, "teaser", stays a heading.)"""
        last = self.blocks[-1] if self.blocks else ""
        depth = len(last) - len(last.lstrip("#"))
        if not depth or not _opens_lower(last[depth:].strip()):
            return
        self.blocks.pop()
        self.linked.pop()
        item, *label = _band_apart(last[depth:].strip())
        if self.blocks and len(self.blocks) - 1 in self._items:
            self.blocks[-1] += "\n- " + item
        else:
            self.blocks.append("- " + item)
            self.linked.append(0.0)
            self._items.add(len(self.blocks) - 1)
        for piece in label:
            self._paragraph([piece])

    def _introduced(self) -> bool:
        """The block before ends with ':' ("These include:"): links after it are the content."""
        return bool(self.blocks) and self.blocks[-1].endswith(":")

    def _list(self, el) -> None:
        items = []
        for li in el.find_all(["li", "dt", "dd"], recursive=True):
            if _hidden(li) or any(_hidden(p) for p in li.parents if p is not el and p.name):
                continue
            # The item's own text: nested lists are items of their own.
            own = _fold(" ".join(t.get_text(" ") if getattr(t, "name", None) else str(t)
                                 for t in li.children if getattr(t, "name", None) not in {"ul", "ol", "dl"}))
            if own:
                items.append(own)
        linked = sum(len(_fold(a.get_text(" "))) for a in el.find_all("a"))
        total = sum(len(i) for i in items)
        if items and linked >= 0.6 * total and total / len(items) < 60 and not self._introduced():
            self.kept_out["links"] += 1
            return
        if items:
            self._add("\n".join("- " + i for i in items), linked / max(total, 1))

    def _table(self, el) -> None:
        caption = el.find("caption")
        if caption is not None and _fold(caption.get_text(" ")):
            self._add(_fold(caption.get_text(" ")))
        # A footer may come before the body in the markup, as HTML 4 had it: read first, it would be
        # taken for the column headers. A footer row of one cell is the table's notes, said after it;
        # a footer row of cells (totals) is the table's last row.
        foot = [tr for tf in el.find_all("tfoot") for tr in tf.find_all("tr")]
        in_foot = {id(tr) for tr in foot}
        cells = lambda tr: [_fold(c.get_text(" ")) for c in tr.find_all(["th", "td"])]  # noqa: E731
        body = [tr for tr in el.find_all("tr") if id(tr) not in in_foot]
        # The header: the rows of header cells it opens with ("Drug" over "any grade" and "grade ≥ 3"), at
        # most three; a row of one label spanning the table ("Adults") heads a group, not the columns.
        filled = [k for k, tr in enumerate(body) if _fold(tr.get_text(" "))]
        heads = next((j for j, k in enumerate(filled) if not _heads_columns(body[k], body[filled[j - 1]] if j else None)), len(filled))
        heads = max(0, min(heads, 3, len(filled) - 1))
        rows = [row for row in _grid(body, filled[heads] if filled else 0) if any(c.strip() for c in row)]
        rows += [cells(tr) for tr in foot if len(cells(tr)) > 1]
        notes = [_fold(tr.get_text(" ")) for tr in foot if len(cells(tr)) == 1]
        block, n = tsv_table(rows, header_rows=heads)
        if n:
            self._add(block)
            self.rows_in[len(self.blocks) - 1] = n
            self.table_rows += n
        elif rows:  # a layout table: its cells are text
            for row in rows:
                self._paragraph([" ".join(row)])
        for note in notes:
            if note:
                self._paragraph([note])


def _heads_columns(tr, above) -> bool:
    """A row of header cells naming more than one thing: the first, or one in the table's head, or one
    under a header cell spanning columns ("Drug" over "any grade" and "grade ≥ 3")."""
    cells = tr.find_all(["th", "td"])
    return (all(c.name == "th" for c in cells) and len({_fold(c.get_text(" ")) for c in cells} - {""}) > 1
            and (above is None or tr.parent.name == "thead" or any(_span(c, "colspan") > 1 for c in above.find_all(["th", "td"]))))


def _grid(rows: list, heads: int) -> list[list[str]]:
    """The rows' cells, each in its column: a cell spanning rows ("Women" over three regimens) is every
    one of their cells; a cell of the rows before row `heads` (the header) spanning columns heads each
    of them, any other fills the first."""
    grid: list[list[str]] = []
    below: dict[int, list] = {}  # column -> [text, rows it still spans]
    group = None
    for n, tr in enumerate(rows):
        row: list[str] = []
        if tr.parent is not group:  # a cell spans rows of its own group only (<thead>, <tbody>)
            group = tr.parent
            below.clear()

        def spanned() -> None:  # the cells of rows above that reach down into this one, at this column
            while len(row) in below:
                reaching = below[len(row)]
                row.append(reaching[0])
                reaching[1] -= 1
                if not reaching[1]:
                    del below[len(row) - 1]

        for cell in tr.find_all(["th", "td"]):
            spanned()
            text, down = _fold(cell.get_text(" ")), _span(cell, "rowspan")
            for k in range(_span(cell, "colspan")):
                value = text if k == 0 or n < heads else ""
                if down != 1:
                    below[len(row)] = [value, down - 1]
                row.append(value)
        # A cell from above still reaching into a column past this row's last cell keeps its column.
        for column in sorted(c for c in below if c >= len(row)):
            row += [""] * (column - len(row))
            spanned()
        grid.append(row)
    return grid


def _span(cell, attribute: str) -> int:
    """A cell's rowspan or colspan; a missing or malformed one is 1, and none spans past 100 (a rowspan of
    0 spans the rest of its group)."""
    try:
        span = int(str(cell.get(attribute, 1)).strip() or 1)
    except ValueError:
        return 1
    return 100 if span == 0 and attribute == "rowspan" else max(1, min(span, 100))


def _plain(block: str) -> str:
    """A block's words alone: no heading or list-item marks, one space between words."""
    return re.sub(r"\s+", " ", re.sub(r"(?m)^(?:#+|-)\s", "", block)).strip()


# A block this much link text is a way elsewhere (a menu, a related-articles list), not content.
_LINK_SHARE = 0.5
_SENTENCE_ENDS = frozenset(".!?:)")
_CLAUSE_ENDS = _SENTENCE_ENDS | frozenset(",;")  # (a list's item: "<effect>,")


def _reads_as_content(block: str, linked: float) -> bool:
    """Text a reader came for wherever the page puts it, not links to elsewhere: a data table, a list
    of sentence-length items, a paragraph of twenty words or more that ends as a sentence does."""
    if linked >= _LINK_SHARE:
        return False
    if "\t" in block:
        return True
    if block.startswith("- "):
        items = block.split("\n")
        return sum(len(i.split()) for i in items) / len(items) >= 8
    return not block.startswith("#") and len(block.split()) >= 20 and block.rstrip()[-1:] in _SENTENCE_ENDS


# A page's widgets opened by their label ("Read next: ...", "Sponsored: ...", "Figure 2: ...", "Comments (3)")
# or a reader's comment ("<Name>, 54: ..."): no part of the section they sit in.
_WIDGET = re.compile(r"^\W*(?:read (?:next|more)|related\b|see also|more from|sponsored|advert(?:isement)?\b|ad:|promoted|"
                     r"more (?:news|stories)|top stories|latest news|was this (?:page|information|article) (?:useful|helpful)|donat\w*|give now|"
                     r"support us|people also ask|our members say|comments?\b|figure\s+\d|fig\.|photo|image|video|share\b|sign up|subscribe|newsletter|listen\b|"
                     r"watch\b|most (?:read|popular)|trending|recommended|you (?:may|might) also|follow us)"
                     r"|^(?-i:[A-Z][a-z]+),\s*\d{1,3}\s*:|^(?-i:[A-Z][a-z]+) from (?-i:[A-Z][a-z]+)\s*$", re.I)


def _part_of_section(block: str, linked: float, before_list: bool = False) -> bool:
    """A short block inside a section whose content is kept: a frequency's heading, "<effect>,", a sentence
    of a few words, a list of one-word items, a line introducing a list. Not mostly links, a widget or a
    reader's comment, nor a label of a few words ending in no stop or comma ("Share this post"); longer than
    fifteen words, only an item ending as one does (",", ":") or a line of up to forty words opening a list."""
    words, end = len(block.split()), block.rstrip()[-1:]
    if linked >= _LINK_SHARE or _WIDGET.search(block):
        return False
    if block.startswith("- "):
        items = block.split("\n")
        return sum(len(i.split()) for i in items) / len(items) < 8  # (a list of short items; longer ones read as content)
    if before_list and words <= 40 and as_lead(block):
        return True  # a line opening a list as its lead-in or label (not any line above a list: a reader's comment)
    return end in ",:;" or (words > 3 or end in _CLAUSE_ENDS) and words <= 15


def _with_missed_content(chosen: list[str], page: "_Walker") -> list[int] | None:
    """readability keeps one container and the siblings it scores alike; a page that is no news
    article (a leaflet's numbered sections, a bulletin whose table outscores its prose) loses content
    that way. The page's blocks are kept in page order where readability chose them or they read as
    content, with the headings leading to them; where that would leave out any of readability's own
    text, its choice stands (None)."""
    chosen_text = " \n ".join(_plain(b) for b in chosen)
    keep = [_plain(b) in chosen_text or _reads_as_content(b, linked) for b, linked in zip(page.blocks, page.linked)]
    # A heading stays when content under it does (up to the next heading of its level or above).
    level = [len(b) - len(b.lstrip("#")) if b.startswith("#") else 0 for b in page.blocks]
    content = [k and not lv for k, lv in zip(keep, level)]
    for i, lv in enumerate(level):
        if lv and not keep[i]:
            end = next((j for j in range(i + 1, len(level)) if 0 < level[j] <= lv), len(level))
            keep[i] = any(content[i + 1:end])
    # A short block between a kept section heading and the last content kept under it (a leaflet's
    # "<frequency> side effects:" and its one-word items) is part of what it heads. A page's title (h1) heads
    # its header furniture too (a byline, "listen to this article"), so its span is not read so.
    for i, lv in enumerate(level):
        if lv > 1 and keep[i]:
            end = next((j for j in range(i + 1, len(level)) if level[j]), len(level))
            last = max((j for j in range(i + 1, end) if content[j]), default=i)
            for j in range(i + 1, last):
                keep[j] = keep[j] or _part_of_section(page.blocks[j], page.linked[j], page.blocks[j + 1].startswith("- "))
    kept = [i for i, k in enumerate(keep) if k]
    kept_text = " \n ".join(_plain(page.blocks[i]) for i in kept)
    return kept if all(_plain(b) in kept_text for b in chosen) else None


def _main_content(html: str) -> str:
    """The main-content container readability chooses (with the siblings it joins to it), as HTML,
    before its clean-up step: that step drops lists and tables it finds link-heavy or short, and a
    dosing list is exactly that. What is left out is chrome by readability's scoring; what remains
    is walked whole."""
    import lxml.html
    from readability import Document as Readable

    doc = Readable(html)
    for ruthless in (True, False):
        doc._html(True)
        for el in doc.tags(doc.html, "script", "style"):
            el.drop_tree()
        if ruthless:
            doc.remove_unlikely_candidates()
        doc.transform_misused_divs_into_paragraphs()
        candidates = doc.score_paragraphs()
        best = doc.select_best_candidate(candidates)
        if best:
            return lxml.html.tostring(doc.get_article(candidates, best, html_partial=True), encoding="unicode")
    return ""


def extract_html(data: bytes, fallback: str) -> ExtractedText:
    from bs4 import BeautifulSoup

    html = data.decode("utf-8", errors="replace")
    page = BeautifulSoup(data, "lxml")
    title = _fold(page.title.get_text(" ")) if page.title else ""
    try:
        main = _main_content(html)
    except Exception:  # readability gives up on some pages: the whole body is read instead
        main = ""
    walker = _Walker()
    walker.walk(BeautifulSoup(main, "lxml").body or BeautifulSoup(main, "lxml"))
    walker.close()
    whole = _Walker()
    whole.walk(page.body or page)
    whole.close()
    body_text = len(_fold((page.body or page).get_text(" ")))
    if sum(len(b) for b in walker.blocks) < min(200, body_text // 2):
        walker = whole
    kept = None if walker is whole else _with_missed_content(walker.blocks, whole)
    blocks = walker.blocks if kept is None else [whole.blocks[i] for i in kept]
    rows = walker.table_rows if kept is None else sum(whole.rows_in.get(i, 0) for i in kept)
    first_heading = next((b.lstrip("#").strip() for b in blocks if b.startswith("#")), "")
    return ExtractedText("\n\n".join(blocks), title=title or first_heading or fallback,
                         table_rows=rows, kept_out=dict(walker.kept_out))

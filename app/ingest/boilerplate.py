"""Text kept out of answers, recognised by general signals rather than any publisher's phrases.

A block is kept out when it is mostly links (site menus, "see also" lists), a table of contents (dot
leaders), a call to action (a question to the reader and a bare command), bare contact details (a
label and a phone number), a short legal notice (a © or copyright line with little else: a paragraph of clinical
content that also holds a © line is kept), or nothing but symbols. Blocks that repeat verbatim within
a document (a disclaimer on every page) are kept once. Each is counted under its reason.
"""

from __future__ import annotations

import re

_LINK = re.compile(r"\[[^\]]*\]\([^)]*\)|<?https?://\S+>?|\bwww\.\S+|[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}", re.I)
_LEADERS = re.compile(r"(?:\.\s?){5,}|(?:…\s?){2,}")
_NOTICE = re.compile(r"©|\(c\)\s*\d{4}|\bcopyright\b", re.I)
_WORD = re.compile(r"[A-Za-z]{2,}")
_PHONE = re.compile(r"\+?\(?\d{2,4}\)?[\s.-]\d{3,4}[\s.-]\d{3,4}")
# A question put to the reader followed by a bare command ("Need bulk supply? Request a quote"): no
# statement, whatever is offered.
_CALL_TO_ACTION = re.compile(r"\?\s+[A-Z][^.!?:]*$")
# A web site's notice of the cookies it sets ("We use essential cookies to make this website work").
_COOKIES = re.compile(r"\b(?:we|this (?:web\s?)?site|our (?:web\s?)?site)\s+(?:also\s+)?(?:use|uses|set|sets|would (?:also )?like to set)\s+"
                      r"(?:\w+\s+){0,3}?cookies\b|\bcookie (?:policy|settings|preferences|notice|banner)\b|(?<!\w)accept (?:all )?cookies\b", re.I)


def boilerplate_reason(text: str) -> str:
    """Why this block is kept out of answers ("" when it is content)."""
    body = re.sub(r"\s+", "", text)
    if not body:
        return ""
    words = _WORD.findall(text)
    if not words and not re.search(r"\d", text):
        return "no text"
    linked = sum(len(re.sub(r"\s+", "", m.group(0))) for m in _LINK.finditer(text))
    if linked >= 0.5 * len(body):
        return "links"
    leaders = _LEADERS.findall(text)
    # Entries with dot leaders to a page number: several in a block, or one block per entry.
    if len(leaders) >= 2 or leaders and re.search(r"\d+\s*$", text) and len(words) <= 30:
        return "table of contents"
    if len(words) <= 15 and _CALL_TO_ACTION.search(text.strip()):
        return "call to action"
    if _COOKIES.search(text) and len(words) <= 80:
        return "cookie notice"
    if _PHONE.search(text) and len(words) <= 3:  # "Phone: (555) 262-9938", "Tel 01273 696955"
        return "contact details"
    if _NOTICE.search(text):
        # Only the notice's own lines count against it: other lines with content keep the block.
        rest = " ".join(line for line in text.split("\n") if not _NOTICE.search(line))
        if len(_WORD.findall(rest)) < 8 and len(words) < 25:
            return "legal notice"
    return ""


# An amount with its unit: what a dosing or weight-band line says, never a page number.
_AMOUNT = re.compile(r"\d\s*(?:%|(?:mg|g|kg|mcg|µg|micrograms?|ml|l|mmol|units?|iu|mmhg)\b)", re.I)


def normalised(text: str) -> str:
    """A block's identity for repetition: case, digits and spacing aside (a footer's page number
    changes from page to page). A block stating amounts keeps its numbers: "under 50 kg: 20 mg daily"
    and "50 - 90 kg: 40 mg daily" are two lines of a dosing table, not one repeated."""
    text = text.lower() if _AMOUNT.search(text) else re.sub(r"\d+", "#", text.lower())
    return re.sub(r"\s+", " ", text).strip()

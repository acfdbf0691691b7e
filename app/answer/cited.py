"""A question about one of a document's numbered references ("what's ref 4?", "ref 1's link looks
misspelt - what does it show?") is answered by the entry of its reference list, which retrieval adds
(app/retrieve/references.py); a question about what the cited work found ("what did ref 4 show for
PFS?") is answered from the document's text as any other."""

from __future__ import annotations

import re
from collections.abc import Sequence

from app.answer.units import QUESTION_WORDS, Unit
from app.lexicon.structure import POINTING_WORDS
from app.retrieve.references import reference_asked
from app.text.lexical import tokenize

# Asked what a reference is: where it was published, its title, link or authors ("who wrote ref 2?").
_ABOUT_ENTRY = re.compile(r"\b(?:link|url|domain|website|doi|pmid|misspel\w*|typo)\b|\bwhere\b.*\bpublished\b"
                          r"|\b(?:which|what)\s+journal\b|\bwho\s+(?:wrote|authored|are the authors)\b"
                          r"|\b(?:title|journal)\s+(?:of|for)\b|\b(?:title|journal)\s*\??\s*$", re.I)
# Otherwise, asked what a reference found ("what did ref 3 show about ...", "what did the authors of ref 2
# conclude?"): the document's text answers, never the entry.
_FOUND = re.compile(r"\b(?:show(?:s|ed|n)?|f[oi]u?nd(?:s|ings)?|conclu\w*|report(?:s|ed)?|demonstrat\w*|suggest\w*|say(?:s)?\s+about|"
                    r"results?|outcomes?|efficacy|effect\w*)\b", re.I)
# Words that only point at it, as the tokenizer writes them (stemmed).
_POINTING = frozenset(tok for w in POINTING_WORDS for tok in tokenize(w))


def reference_entry(question: str, units: Sequence[Unit]) -> tuple[Unit | None, list[Unit]]:
    """The reference entry the question asks about, when it asks what the reference is, and the other
    units: an entry answers nothing else (a cited paper's title is no finding of the document)."""
    entry = next((u for u in units if u.chunk.kind == "reference"), None)
    rest = [u for u in units if u.chunk.kind != "reference"]
    if entry is None or reference_asked(question) is None:
        return None, rest
    if _ABOUT_ENTRY.search(question):
        return entry, rest  # where it was published, its title, its link
    if _FOUND.search(question):
        return None, rest
    # Otherwise every other word must point at it or be said by it ("ref 4, the phase 3 trial?").
    said = set(tokenize(entry.text))
    asked = [t for t in tokenize(question) if t not in QUESTION_WORDS and t not in _POINTING and len(t) > 1 and not t.isdigit()]
    return (entry if all(t in said for t in asked) else None), rest

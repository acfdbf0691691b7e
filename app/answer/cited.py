"""A question about one of a document's numbered references ("what's ref 4?", "ref 1's link looks
misspelt - what does it show?") is answered by the entry of its reference list, which retrieval adds
(app/retrieve/references.py); a question about what the cited work found ("what did ref 4 show for
PFS?") is answered from the document's text as any other."""

from __future__ import annotations

from collections.abc import Sequence

from app.answer.units import QUESTION_WORDS, Unit
from app.lexicon.structure import BIBLIOGRAPHIC_WORDS, POINTING_WORDS
from app.retrieve.references import reference_asked
from app.text.lexical import tokenize

# (As the tokenizer writes them: stemmed.)
_BIBLIOGRAPHIC = frozenset(tok for w in BIBLIOGRAPHIC_WORDS for tok in tokenize(w))
_POINTING = frozenset(tok for w in POINTING_WORDS for tok in tokenize(w))

def reference_entry(question: str, units: Sequence[Unit]) -> tuple[Unit | None, list[Unit]]:
    """The reference entry the question asks about, when it asks what the reference is, and the other
    units: an entry answers nothing else (a cited paper's title is no finding of the document)."""
    entry = next((u for u in units if u.chunk.kind == "reference"), None)
    rest = [u for u in units if u.chunk.kind != "reference"]
    if entry is None or reference_asked(question) is None:
        return None, rest
    asked = [t for t in tokenize(question) if t not in QUESTION_WORDS and t not in _POINTING and len(t) > 1 and not t.isdigit()]
    if any(t in _BIBLIOGRAPHIC for t in asked):
        return entry, rest  # asks where it was published, its title, its link
    said = set(tokenize(entry.text))
    return (entry if all(t in said for t in asked) else None), rest

"""A message that pastes what it is about and then labels its ask: a record's fragment ("MRI BRAIN ...
IMPRESSION: ... Q: <ask>"), a handover's situation, background and assessment before its "R: <ask>".
The labelled text is the question; the pasted text is no terms to find (a report's findings, a ward's bed
number), except what tells who the patient is in the terms an answer depends on: an age, a weight, a lab
reading, pregnancy, feeding, dialysis, an organ's impairment. Labels are lexicon data (patterns.json
`labelled_asks`)."""

from __future__ import annotations

import re

from app.lexicon.medterms import AGE_NOTED, ASK_LABELS, KEPT_BEFORE_ASK, LAB_NAMES, SPOKEN_AGE
from app.text.asks import asking, sentences

# A label follows a space or opens the message, and ends with a colon (the message reaches here on one line):
# "... TKI) Q: <ask>", "R: <ask>". A label of one letter is a capital: "ratio r: 0.5" has none.
_LABEL = re.compile(r"(?:^|(?<=\s))(?:" + "|".join(
    (f"(?-i:{re.escape(label.upper())})" if len(label) == 1 else re.escape(label).replace(r"\ ", r"\s+"))
    for label in sorted(ASK_LABELS, key=len, reverse=True)) + r")\s*:\s*", re.I)
_AGE = re.compile(AGE_NOTED + r"|\b\d{1,3}\s*(?:yo|y/?o|years?\s+old|-year-old|months?\s+old|-month-old)\b", re.I)
# A lab's reading ("eGFR 28", "Na 128"): a figure beside a lab's name. (A report's "largest 9 mm" is no fact of the patient's.)
_READING = re.compile(r"(?<![\w+])(?:" + "|".join(re.escape(name) for name in LAB_NAMES) + r")(?![\w+])\D{0,12}\d", re.I)
# The pieces of the pasted text a patient's facts are told in: "S: Bed 4, 59F, <disease>, ..." has four.
_PIECES = re.compile(r"[,;\n]|(?<=[.!?])\s")
# An ask this short needs what was pasted before it ("R: please advise"): the message is read whole.
LEAST_ASK_WORDS = 5
# The longest piece read as one of the patient's facts; a longer one is a sentence of the story.
FACT_WORDS = 6


def _fact(piece: str) -> bool:
    """A piece of the pasted text telling who the patient is in an answer's terms (`__doc__`)."""
    return len(piece.split()) <= FACT_WORDS and bool(
        _AGE.search(f"{piece} ") or SPOKEN_AGE.search(piece) or KEPT_BEFORE_ASK.search(piece) or _READING.search(piece))


def labelled_ask(message: str) -> str:
    """The message as its labelled ask reads: the text after the last ask label, then the patient's facts
    told before it. The message as written where no label follows other text, or the ask is too short
    or asks nothing."""
    found = [m for m in _LABEL.finditer(message) if m.start() > 0]
    if not found:
        return message
    label = found[-1]
    before, ask = message[:label.start()].strip(), message[label.end():].strip()
    if not before or len(ask.split()) < LEAST_ASK_WORDS or not any(asking(s) for s in sentences(ask)):
        return message
    facts = [p.strip(" .:-") for p in _PIECES.split(before) if p and _fact(p.strip(" .:-"))]
    # (A fact in a field, "SBAR - S: 71M", "Re: 54M", reads without what comes before the field's colon,
    # unless that is what makes it a fact: "eGFR: 28".)
    facts = [f.rsplit(":", 1)[1].strip() if ":" in f and _fact(f.rsplit(":", 1)[1].strip()) else f for f in facts]
    return f"{ask} {'; '.join(facts)}." if facts else ask

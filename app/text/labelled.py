"""A message that pastes what it is about and then labels its ask: a record's fragment ("MRI BRAIN ...
IMPRESSION: ... Q: <ask>"), a handover's situation, background and assessment before its "R: <ask>".
The labelled text is the question; the pasted text is no terms to find (a report's findings, a ward's bed
number), except what tells who the patient is in the terms an answer depends on: an age, a weight, a lab
reading, pregnancy, feeding, dialysis, an organ's impairment, how late a dose is, and the medicines it names
(a medicine the patient is on changes the answer). Labels are lexicon data (patterns.json `labelled_asks`)."""

from __future__ import annotations

import re

from app.lexicon.medterms import AGE_NOTED, ASK_LABELS, CHILD_AGE_TOLD, KEPT_BEFORE_ASK, SPOKEN_AGE
from app.text.asks import LAB_NAMED, asking, sentences
from app.text.lexical import common_stems, drug_spans, tokenize

# A label follows a space or opens the message, and ends with a colon (the message reaches here on one line):
# "... TKI) Q: <ask>", "R: <ask>". A label of one letter is a capital: "ratio r: 0.5" has none.
_LABEL = re.compile(r"(?:^|(?<=\s))(?:" + "|".join(
    (f"(?-i:{re.escape(label.upper())})" if len(label) == 1 else re.escape(label).replace(r"\ ", r"\s+"))
    for label in sorted(ASK_LABELS, key=len, reverse=True)) + r")\s*:\s*", re.I)
_AGE = re.compile(AGE_NOTED + r"|\b\d{1,3}\s*(?:yo|y/?o|years?\s+old|-year-old|months?\s+old|-month-old)\b", re.I)
# A lab's reading ("eGFR 28", "Na 128"): a figure beside a lab's name. (A report's "largest 9 mm" is no fact of the patient's.)
_READING = re.compile(LAB_NAMED.pattern + r"\D{0,12}\d+(?:\.\d+)?", re.I)
# The pieces of the pasted text a patient's facts are told in: "S: Bed 4, 59F, <disease>, ..." has four.
_PIECES = re.compile(r"[,;\n]|(?<=[.!?])\s")
# An ask this short needs what was pasted before it ("R: please advise"): the message is read whole.
LEAST_ASK_WORDS = 5
# The longest piece kept whole as one of the patient's facts; of a longer one, the phrases that tell them.
FACT_WORDS = 6
_TELLS = (_AGE, SPOKEN_AGE, KEPT_BEFORE_ASK, _READING, CHILD_AGE_TOLD)


def _facts(piece: str) -> list[str]:
    """What a piece of the pasted text tells of the patient in an answer's terms (`__doc__`): the piece
    when short, else the phrases telling it ("12 weeks pregnant with a new DVT" -> "pregnant")."""
    piece = piece.strip(" .:-")
    # (A fact in a field, "SBAR - S: 71M", "Background: my son is 5", reads without what comes before the
    # field's colon, unless that is what makes it a fact: "eGFR: 28".)
    after = piece.rsplit(":", 1)[-1].strip()
    if after != piece and _facts(after):
        piece = after
    found = [m.group(0).strip() for rx in _TELLS for m in rx.finditer(f"{piece} ")]
    if not found:
        return []
    return [piece] if len(piece.split()) <= FACT_WORDS else found


# A name written with a capital that no everyday English has ("on Ventraxin 20 mg"): a brand the lexicon may lack.
_CAPITALISED = re.compile(r"\b[A-Z][a-z]{3,}\w*\b")


def _names_in(text: str) -> list[str]:
    return [w for w in _CAPITALISED.findall(text) if not set(tokenize(w)) <= common_stems()]


def labelled_ask(message: str) -> str:
    """The message as its labelled ask reads: the text after the last ask label, then the patient's facts
    and the medicines told before it. The message as written where no label follows other text, the ask
    is too short or asks nothing, or it names no medicine where the text before it does ("R: should she
    take the missed dose now?")."""
    found = [m for m in _LABEL.finditer(message) if m.start() > 0]
    if not found:
        return message
    label = found[-1]
    before, ask = message[:label.start()].strip(), message[label.end():].strip()
    if not before or len(ask.split()) < LEAST_ASK_WORDS or not any(asking(s) for s in sentences(ask)):
        return message
    told_drugs = [word for _, _, word in drug_spans(before)]
    if not drug_spans(ask) and (told_drugs or _names_in(before)):
        return message
    facts = [f for piece in _PIECES.split(before) if piece for f in _facts(piece)]
    # (A medicine told before the ask stays with it, a brand the lexicon lacks too: "S: on <Brand> 20 mg.
    # R: can she take <drug>?" asks about the two together.)
    told = dict.fromkeys([*told_drugs, *_names_in(before)])
    facts += [d for d in told if d.lower() not in ask.lower() and not any(d in f for f in facts)]
    return f"{ask} {'; '.join(dict.fromkeys(facts))}." if facts else ask

"""A question sent on a form ("MI enquiry form. Enquirer: registrar. Query: <ask>? Urgency: routine."): the
fields that hold the question and whom it is about are read; who sent it, when and how urgently are not
terms to find. The labels are lexicon data (patterns.json `form_fields`)."""

from __future__ import annotations

import re
from typing import Container

from app.lexicon.medterms import FORM_LABELS
from app.text.asks import about_patient, gives_reading, says_nothing_asked, sentences
from app.text.lexical import drugs_in, tokenize

_ASKS, _ADMIN, _WHY = (frozenset(FORM_LABELS[kind]) for kind in ("asks", "admin", "why"))
# A label opens the message, a line or a sentence ("... routine. Urgency: low"), and ends with a colon.
_LABEL = re.compile(r"(?:^|(?<=[.?!;\n])|(?<=[.?!;]\s))\s*(" + "|".join(
    re.escape(label).replace(r"\ ", r"\s+") for label in sorted(_ASKS | _ADMIN | _WHY, key=len, reverse=True)) + r")\s*:\s*", re.I)
# A form's title ("<service> enquiry form.") names the form: its words are the labels' or the lexicon's title words.
_TITLE_WORDS = frozenset(tokenize(" ".join([*_ASKS, *_ADMIN, *FORM_LABELS["title"]])))


def form_fields(message: str) -> list[tuple[str, str]]:
    """The (label, value) fields of a message sent on a form, in order, the text before the first label as
    ("", text): [] unless it has two labels or more, one of them asking."""
    found = list(_LABEL.finditer(message))
    labels = [" ".join(m.group(1).lower().split()) for m in found]
    if len(found) < 2 or not any(label in _ASKS for label in labels):
        return []
    ends = [m.start() for m in found[1:]] + [len(message)]
    return [("", message[:found[0].start()].strip())] + [(label, message[m.end():end].strip()) for label, m, end in zip(labels, found, ends)]


def form_query(message: str, used: Container[str] = frozenset()) -> str:
    """The message as its question reads (`form_fields`): the asking fields' values; the other fields with
    their labels, but a field saying only what the answer is for ("Background: writing a switch rationale",
    as an aside says nothing the documents `used` speak of) and an admin field's first sentence unless it
    tells of a patient, a reading or a drug ("Enquirer: ward pharmacist." goes, "From: <drug>." stays); the
    text before the first label unless it is the form's title. The message as written when it is no form."""
    fields = form_fields(message)
    if not fields:
        return message
    kept = []
    for label, value in fields:
        if not value:
            continue
        if label in _ASKS:
            kept.append(value if value[-1] in ".?!" else value + "?")
        elif label in _ADMIN:
            said = sentences(value)
            first, rest = said[0], " ".join(said[1:])
            kept += [f"{label.capitalize()}: {first}"] if about_patient(first) or gives_reading(first) or drugs_in(first) else []
            kept += [rest] if rest else []
        elif label in _WHY:
            kept += [] if says_nothing_asked(value, used) else [f"{label.capitalize()}: {value}"]
        elif not (len(value.split()) <= 6 and set(tokenize(value)) & _TITLE_WORDS and not gives_reading(value) and not drugs_in(value)):
            kept.append(value)
    return " ".join(text if text[-1] in ".?!" else text + "." for text in kept) or message

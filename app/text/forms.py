"""A question sent on a form ("MI enquiry form. Enquirer: registrar. Query: <ask>? Urgency: routine."): the
fields that hold the question and what it is about are read; who sent it, when and how urgently are not
terms to find. The labels are lexicon data (patterns.json `form_fields`)."""

from __future__ import annotations

import re

from app.lexicon.medterms import FORM_LABELS
from app.text.asks import about_patient, gives_reading
from app.text.lexical import drugs_in

_ASKS, _ADMIN, _WHY = (frozenset(FORM_LABELS[kind]) for kind in ("asks", "admin", "why"))
# A label opens the message, a line or a sentence ("... routine. Urgency: low"), and ends with a colon.
_LABEL = re.compile(r"(?:^|(?<=[.?!;\n])|(?<=[.?!;]\s))\s*(" + "|".join(
    re.escape(label).replace(r"\ ", r"\s+") for label in sorted(_ASKS | _ADMIN | _WHY, key=len, reverse=True)) + r")\s*:\s*", re.I)


def form_fields(message: str) -> list[tuple[str, str]]:
    """The (label, value) fields of a message sent on a form, in order: [] unless it has two labels or more,
    one of them asking. What comes before the first label is the form's title."""
    found = list(_LABEL.finditer(message))
    labels = [" ".join(m.group(1).lower().split()) for m in found]
    if len(found) < 2 or not any(label in _ASKS for label in labels):
        return []
    ends = [m.start() for m in found[1:]] + [len(message)]
    return [(label, message[m.end():end].strip()) for label, m, end in zip(labels, found, ends)]


def form_query(message: str) -> str:
    """The message as its question reads: the values of its fields, in order, but the admin ones and those saying only what the answer is for ("Background: writing a switch rationale"; one
    telling of a patient, a reading or a drug stays); the message as written when it is no form (`form_fields`)."""
    fields = form_fields(message)
    if not fields:
        return message
    kept = [(label, value) for label, value in fields if value and label not in _ADMIN
            and (label not in _WHY or about_patient(value) or gives_reading(value) or drugs_in(value))]
    return " ".join(value if value[-1] in ".?!" else value + "." for _, value in kept) or message

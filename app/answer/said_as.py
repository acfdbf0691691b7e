"""Words a text writes only as part of something else, which do not say what a question asks by them:
an acronym's letters as a unit after a number ("MG" in "2.5 mg"), a salt's name beside its drug's
("sodium" in "<drug> sodium", "sodium <drug>")."""

from __future__ import annotations

import re

from wordfreq import zipf_frequency

from app.lexicon.medterms import SALTS, is_drug_name


def only_as_unit(letters: str, text: str) -> bool:
    """The text writes an acronym's letters only as a unit after a number, in small letters ("MG" of a
    disease in "2.5 mg"); "400 IU" says the "IU" a question writes."""
    found = [m for m in re.finditer(rf"(?<!\w){re.escape(letters)}(?!\w)", text, re.I)]
    return bool(found) and all(m.group(0) != letters and re.search(r"\d\s?$", text[:m.start()]) for m in found)


def only_as_salt(word: str, text: str) -> bool:
    """The text names a salt ("sodium", "potassium") only as a word of a drug's name ("as <drug> sodium",
    "sodium <drug>"): the drug's form, not the amount of sodium a question asks about. (A name no
    dictionary knows counts as a drug's.)"""
    if word not in SALTS:
        return False
    found = list(re.finditer(rf"(?:\b([A-Za-z][\w-]*)\s+)?\b{re.escape(word)}\b(?:\s+([A-Za-z][\w-]*))?", text, re.I))
    return bool(found) and all(any(w and _names_drug(w) for w in m.groups()) for m in found)


def _names_drug(word: str) -> bool:
    return is_drug_name(word.lower()) or zipf_frequency(word.lower(), "en") == 0

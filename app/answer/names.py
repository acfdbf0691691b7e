"""Names a question or passage gives that no dictionary knows (brands, new drugs, trials) and the authors
a study is cited by ("<Surname> 2014", "<Surname> et al."): what they name, the evidence must name too."""

from __future__ import annotations

import re

from wordfreq import zipf_frequency

from app.lexicon.medterms import SALTS, is_drug_name
from app.text.lexical import tokenize


def names_in(text: str) -> list[str]:
    """The tokens of the words neither English (wordfreq) nor the drug dictionary knows: names of brands, of
    drugs too new for the dictionary, of trials. A word built as clinical words are ("tocolysis",
    "bradycardic", "uptitration") or a salt ("etexilate") is none. (A word in capitals is an acronym.)
    An author a study is cited by ("<Surname> 2014", "<Surname> et al.") names it, however common the surname."""
    unknown = [tok for w in re.findall(r"\b[A-Za-z][a-z]{4,}\b", text) if zipf_frequency(w.lower(), "en") == 0
               and not is_drug_name(w.lower()) and w.lower() not in SALTS and not _CLINICAL_WORD.search(w)
               and not any(w.lower().startswith(p) and zipf_frequency(w[len(p):].lower(), "en") > 0 for p in _PREFIXES)
               for tok in tokenize(w, parts=False)]
    return list(dict.fromkeys(unknown + [tok for tok, _ in cited_authors(text)]))


_PREFIXES = ("re", "un", "co", "non", "pre", "post", "anti", "sub", "over", "under")  # "redose", "coinfection"


# The endings of clinical words (conditions, procedures, adjectives), which no product's name has.
_CLINICAL_WORD = re.compile(r"(?:ic|ical|al|ia|osis|oses|ysis|yses|itis|ous|ive|ary|ation|ations|ology|logy|ectomy|otomy|"
                            r"plasty|pathy|algia|uria|therapy|axis|ism|ing|ed|ly|able|ible|ment|ness|ity|er|ers)$", re.I)


# "<Surname> 2014", "(<Surname>, 2009)", "<Surname> et al.": a surname citing a study, with its year when given.
_CITED_AUTHOR = re.compile(r"\b([A-Z][a-z]{2,})(?:\s+et\s+al\b\.?(?:,?\s+\(?((?:19|20)\d\d)\b)?|,?\s+\(?((?:19|20)\d\d)\b)")
# Capitalised words that stand before a year without citing anyone ("In 2014", "March 2014").
_NOT_AUTHORS = re.compile(r"in|since|until|from|by|of|during|after|before|and|or|the|january|jan|february|feb|march|mar|april|apr|may|"
                          r"june|jun|july|jul|august|aug|september|sept?|october|oct|november|nov|december|dec|spring|summer|"
                          r"autumn|winter|fall|updated?|published|version|issued|revised|reviewed|lancet|covid|guidelines?|guidance|"
                          r"edition|update|report|review|issue|volume|vol", re.I)


def cited_authors(text: str) -> list[tuple[str, str]]:
    """(surname token, year or "") of each study the text cites by its author."""
    # (Before a year alone, a common English word names a book, a journal or an edition, "Green Book 2023",
    # not its author; "et al." makes any surname one.)
    return [(tok, year or year2) for m in _CITED_AUTHOR.finditer(text) for w, year, year2 in [m.groups()]
            if not _NOT_AUTHORS.fullmatch(w) and not is_drug_name(w.lower())
            and ("et al" in m.group(0) or zipf_frequency(w.lower(), "en") < _COMMON_NAME_ZIPF) for tok in tokenize(w, parts=False)]


_COMMON_NAME_ZIPF = 4.0

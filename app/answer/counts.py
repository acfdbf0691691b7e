"""Whether evidence states the count a question asks for: "how many patients" by a whole number of patients,
"how many mL" by an amount in millilitres."""

from __future__ import annotations

import re

from app.lexicon.medterms import ANSWER_TYPES, SYNONYM_GROUPS
from app.text.lexical import STOPWORDS, normalize

_PATIENT_WORDS = r"(?:patients?|pts|subjects|participants|people|cases|individuals)"
# A verb where "how many" would have its noun: an auxiliary or a past tense ("how many died?").
_VERB = re.compile(r"(?:got|get|were|was|are|is|had|have|has|did|do|does|will|would|could|can|should|may|might|"
                   r"[a-z]{3,}ed)")


_WH_WORD = re.compile(r"how|what|which|who|whom|whose|when|where|why")
# Units after a number that make it a time, an amount or an age rather than a count of anything.
_NOT_COUNTED = r"years?|yrs?|months?|weeks?|wks?|days?|hours?|hrs?|minutes?|mins?|mg|mcg|g|kg|ml|l|%"


# (Matched against the question's normalised words, which hold no "µ".)
_MEASURE_UNIT = re.compile(r"mg|mcg|g|ml|l|units?|iu|mmol|micrograms?|milligrams?|millilit(?:re|er)s?", re.I)


def states_count(question: str, evidence: str) -> bool:
    """"How many patients ..." is answered by a whole number of patients ("250 patients", "n=11",
    "all eight patients"), not by any number in the passage ("every 8 weeks"); "how many patients and
    studies" by a number of each, since the studies' count alone leaves half the question unanswered."""
    count = ANSWER_TYPES["#count"]
    m = re.search(r"\b(?:how many|number of)\s+(?:of\s+(?:them|these|those)\s+)?([a-z-]+)(?:\s+(?:and|or)\s+([a-z-]+))?", normalize(question))
    # "How many got sick?" counts whoever the verb is about: any count answers.
    if not m or _VERB.fullmatch(m.group(1)):
        return bool(re.search(count, evidence, re.I))
    # "How many mL per dose?" asks an amount in that unit, a fraction of one too ("12.5 mL").
    if _MEASURE_UNIT.fullmatch(m.group(1)) and not m.group(2):
        return bool(re.search(rf"\d\s*{re.escape(m.group(1))}\b", evidence, re.I))
    # "How many AE reports": a number of the compound's last noun ("120 reports") counts too.
    head = re.match(r"\s+([a-z-]+)", normalize(question)[m.end():]) if not m.group(2) else None
    if head and not (_VERB.fullmatch(head.group(1)) or _WH_WORD.fullmatch(head.group(1)) or head.group(1) in STOPWORDS) \
            and _counts(head.group(1), count, evidence):
        return True
    # ("how many studies and what total size": the second noun is the second ask's, not a count's)
    asked = [n for n in m.groups() if n and not _VERB.fullmatch(n) and not _WH_WORD.fullmatch(n)]
    counted = [_counts(n, count, evidence) for n in asked]
    # "How many patients or studies" is answered by either.
    return all(counted) if " and " in m.group(0) else any(counted)


def _counts(noun: str, count: str, evidence: str) -> bool:
    """The evidence states a whole number of `noun` (or of its synonyms), or a share of them."""
    words = {noun, noun.rstrip("s")}
    for group in SYNONYM_GROUPS:
        if words & set(group):
            words.update(w for w in group if " " not in w)
    nouns = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    # "How many evaluable / eligible": an adjective where the noun would be counts the patients it describes.
    patients = bool(re.search(_PATIENT_WORDS, noun)) or noun.endswith(("able", "ible"))
    if patients:
        nouns += "|" + _PATIENT_WORDS[3:-1]
    # (A range counts: "within 6-10 inhalations", "2 to 4 tablets"; so does a count with its share: "58 (5.5%) were adolescents".)
    near = rf"(?:{count})(?:\s*(?:-|–|to)\s*\d+)?(?:\s*\([^()]{{1,20}}\))?\s+(?:[\w-]+\s+){{0,3}}?(?:{nouns})s?\b"
    # A share of them answers too: "approximately 50% of individuals required ...".
    share = rf"\b\d+(?:\.\d+)?\s*(?:%|percent\b|per\s+cent\b)\s+of\s+(?:the\s+)?(?:[\w.-]+\s+){{0,2}}?(?:{nouns})s?\b"
    # "The number of women who had an event was 217 (55%) in ...": the count after its noun.
    # (The first "was" after it: "... was lower, and the mean age was 52" states no count; nor does "was 6 weeks".)
    numbered = (rf"\bnumber\s+of\s+(?:[\w-]+\s+){{0,3}}?(?:{nouns})s?\b(?:(?!\b(?:was|were|is|are)\b)[^.;]){{0,150}}"
                rf"\b(?:was|were|is|are)\s+(?:{count})(?!\s*(?:{_NOT_COUNTED})\b)")
    if any(re.search(pattern, evidence, re.I) for pattern in (near, share, numbered)):
        return True
    return patients and bool(re.search(r"\bn\s*=\s*\d+", evidence, re.I))

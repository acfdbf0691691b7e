"""Questions that ask for a drug ("what was the comparator drug?", "which medicines exclude a patient?"):
the answer names one, and a passage or a part of one naming none does not answer."""

from __future__ import annotations

import re
from collections.abc import Mapping

from app.answer.guards import said_with_headings
from app.answer.names import names_in
from app.answer.titles import document_drugs
from app.answer.units import Unit
from app.lazy import PerDocument
from app.ingest.chunking import clean_statement
from app.text.abbreviations import spelled_out
from app.lexicon.medterms import DOSE_AMOUNT, MEDICINE_CLASS, SYNONYM_GROUPS, generic_name, is_drug_class
from app.text.lexical import STOPWORDS, concept_groups, drug_spans, drugs_in

# ("What dose of the drug?" asks a dose: the words before the drug qualify it, none relates it.)
# (Inhibitors or inducers of an enzyme or transporter named in capitals, "CYP3A4", "P-GP", are drugs; "natural
# inhibitors of coagulation" are not.)
_DRUG_ASKED = re.compile(r"\b(?:which|what)(?:'s|\s+(?:is|was|were|are))?\s+(?:the\s+)?"
                         r"(?:(?!(?:of|for|to|in|with|on|about|by)\b)[\w-]+\s+){0,2}?"
                         r"(?:drugs?|medicines?|medications?|comparators?|(?-i:(?<=[A-Z0-9] ))(?:inhibitors?|inducers?))\b"
                         # ("the drug's half-life", "drug dose", "drug levels" ask about a drug, not for one)
                         r"(?!['’]s|-|\s+(?:doses?|dosing|dosage|levels?|interactions?|monitoring|errors?|class|arms?|"
                         r"groups?|free|reconciliation|history|for)\b)", re.I)


def asks_for_drug(question: str) -> bool:
    """"What's the comparator drug?", "which medicines ...": the answer names a drug."""
    return bool(_DRUG_ASKED.search(question))


def asks_which_drugs(question: str) -> bool:
    """Asked for drugs or medicines by name, not for a comparator (which may be placebo or usual care)."""
    return asks_for_drug(question) and bool(_MEDICINES.search(question)) and not _COMPARATOR.search(question)


def named_drugs(text: str, defined: Mapping[str, str]) -> set[str]:
    """The generic names of the drugs a text names, a drug its document abbreviates by its definition."""
    return {generic_name(w) for _, _, w in drug_spans(spelled_out(text, defined))}


def names_no_drug(unit: Unit, question: str) -> bool:
    """Asked which drugs or medicines, evidence naming none (an age limit among exclusions) does not answer;
    a drug the document abbreviates ("SP+AQ"), defined or not, or a class ("NSAIDs") is named."""
    if not asks_which_drugs(question):
        return False
    said = spelled_out(clean_statement(unit.text), unit.defined or {})
    return not (named_drugs(said, {}) or _CODE.search(said) or any(is_drug_class(w) for w in re.findall(r"[A-Za-z][\w-]+", said)))


_MEDICINES = re.compile(r"\b(?:drugs?|medicines?|medications?)\b", re.I)
# An abbreviation or code, which may be a drug's or a class's ("SP+AQ", "CYP3A4 inhibitors", "NSAIDs").
_CODE = re.compile(r"\b(?=\w*[A-Z]\w*[A-Z])[A-Za-z0-9]{2,8}\b")
_COMPARATOR = re.compile(r"\b(?:comparators?|control)\b", re.I)


# "Which antibiotic / which first-line antiemetic ...?" asks for a drug of the class, which the evidence
# must name: the class word stands right after which/what, or after one describing word.
_WHICH = re.compile(r"\b(?:which|what)\s+(?:(?:kind|type|class|sort)\s+of\s+)?([\w-]+)(?:\s+([\w-]+))?", re.I)
# A fragment naming a class for a condition ("abx for <an infection>?", "first-line antiemetic in pregnancy").
_CLASS_FOR = re.compile(r"^\W*(?:[\w-]+\s+){0,3}?([\w-]+)\s+(?:for|in)\b", re.I)
_ASKS = re.compile(r"\b(?:what|which|who|whom|whose|when|where|why|how)\b|^\s*(?:is|are|was|were|can|could|should|would|will|"
                   r"does|do|did|has|have|may|must)\b|\b(?:can|could|should|is|are|does|do|may)\s+(?:i|we|she|he|they|you|it|"
                   r"pts?|patients?)\b", re.I)


def class_asked(question: str, fragment: bool = False) -> set[str]:
    """The class a "which/what <class>" question asks a member of, in all its names; with `fragment`
    (the question asks for no value), also one a fragment names for a condition ("abx for <an infection>")."""
    candidates = [(m.group(1), m.group(2)) for m in _WHICH.finditer(question)]
    if not candidates and fragment and not _ASKS.search(question):
        candidates = [(m.group(1), None) for m in [_CLASS_FOR.match(question)] if m]
    for first, second in candidates:
        for word in (first, second) if second and first.lower() not in STOPWORDS else (first,):
            names = {word.lower(), *(p for g in concept_groups(word) for p in SYNONYM_GROUPS[g])}
            if any(is_drug_class(n) for n in names):
                return {generic_name(n) for n in names}
    return set()


def names_member(evidence: str, asked_class: set[str]) -> bool:
    """The evidence names a drug other than the class itself: a member (a combination written with a
    hyphen is read also at its hyphen, which the drug list does not join)."""
    apart = re.sub(r"(?<=[a-z])-(?=[a-z])", " ", evidence, flags=re.I)
    return any(generic_name(w) not in asked_class for text in {evidence, apart} for _, _, w in drug_spans(text))


# The drugs each document names, read once per document version.
DRUGS_NAMED: PerDocument[frozenset[str]] = PerDocument(lambda text: frozenset(drugs_in(text)), frozenset())


def never_names(source: str, document: str | None, asked: set[str]) -> bool:
    """A document that names none of the drugs a question asks about, by any name the drug dictionary
    knows, does not answer it: a label of a drug the dictionary does not know, or a procedure, says
    nothing of "<drug> dose for eGFR < 30", however well its own renal dosing matches."""
    if not asked or not document or asked & DRUGS_NAMED.get(source, document):
        return False
    # (A generic the dictionary knows only as a brand's, "<brand>: <generic of two words>", is named as written.)
    return not any(re.search(rf"\b{re.escape(name)}\b", document, re.I) for name in asked if " " in name)


# "Is A better than B?", "A vs B", "does A beat B?": the drug asked about comes first, then what it is
# measured against.
_AGAINST = re.compile(r"\b(?:than|vs\.?|versus|compared (?:to|with)|against|beats?)\b", re.I)
# A sentence stating a result of its own: a figure (not part of a name, "ROS1"), or a comparison ("superior", "longer", "reduced").
_RESULT = re.compile(r"(?<![\w.-])\d|\b(?:superior|inferior|better|worse|longer|shorter|greater|higher|lower|more|less|fewer|"
                     r"improv\w*|reduc\w*|increas\w*|decreas\w*|significan\w*|similar|comparable|no difference)\b", re.I)


def about_comparator_alone(unit: Unit, question: str, asks_result: bool) -> bool:
    """Asked whether one drug does better than another (`asks_result`: how well it works), a sentence that
    states no result ("early inhibitors, like B, penetrate poorly"; "the brain is a common site of
    relapse") and does not name the drug asked about is background, whatever drug its document is about.
    (A sentence with a figure or a comparison may name the drug as "the study drug"; a table row gives
    both arms in its columns; "the A vs B cohort" asks for no result.)"""
    if unit.kind != "sentence" or not asks_result or _RESULT.search(clean_statement(unit.text)):
        return False
    named = drug_spans(question)
    # (Of several "than"/"vs", the one with a drug on each side: "after B for longer than 2 years, is A better than C?")
    split = next((m.start() for m in reversed(list(_AGAINST.finditer(question)))
                  if any(s < m.start() for s, _, _ in named) and any(s > m.start() for s, _, _ in named)), None)
    if split is None:
        return False
    subject = {generic_name(w) for s, _, w in named if s < split}
    other = {generic_name(w) for s, _, w in named if s > split} - subject
    return bool(subject and other) and not named_drugs(clean_statement(unit.text), unit.defined or {}) & subject


# A sentence comparing what it names: "more common with A rather than C", "A versus C", "higher than with C".
_COMPARES = re.compile(r"\b(?:than|vs\.?|versus|compared (?:to|with))\b", re.I)
_FIGURE = re.compile(r"(?<![\w.-])\d+(?:[.,]\d+)?(?![\w-])")


def compares_another_drug(unit: Unit, question: str) -> bool:
    """Asked to compare two drugs, a sentence comparing one of them with a third ("discontinuation was more
    common with A rather than C", "3.6% with A and 4.4% with C") is another comparison, however well its
    words match."""
    asked = {generic_name(w) for _, _, w in drug_spans(question)}
    if len(asked) < 2 or not _AGAINST.search(question) or unit.kind != "sentence":
        return False
    text = clean_statement(unit.text)
    named = named_drugs(text, unit.defined or {})
    # (Figures side by side compare too: "3.6% with A and 4.4% with C".)
    return bool(named - asked) and len(named & asked) == 1 and (bool(_COMPARES.search(text)) or len(_FIGURE.findall(text)) >= 2)


def doses_another_drug(unit: Unit, asked: set[str], asks_dose: bool) -> bool:
    """Asked for one drug's dose, a sentence whose every dose follows another drug it names gives that
    drug's dose ("nausea with B ranged from 30% with 2 mg to 40% with 4 mg, compared with 8% for A"
    does not say A's dose). A dose after the asked drug, or before any drug, may be its own."""
    if not asks_dose or len(asked) != 1 or unit.kind != "sentence":
        return False  # (asked with another drug, "A dose with B?", B's sentence may dose A)
    text = clean_statement(unit.text)
    named = [(start, generic_name(w)) for start, _, w in drug_spans(text) if not is_drug_class(w)]
    doses = [m.start() for m in DOSE_AMOUNT.finditer(text)]
    if not doses or not named or {g for _, g in named} <= asked:
        return False

    def owner(at: int) -> str | None:  # the drug named last before the dose
        return next((g for start, g in reversed(named) if start < at), None)

    return all((drug := owner(at)) is not None and drug not in asked for at in doses)


def misses_a_medicine_taken(unit: Unit, asked: set[str], together: bool) -> bool:
    """Asked whether medicines go together (`together`), evidence must speak of two of them: the one its
    document is about may be named by the title alone, another by name or by a class it may belong to
    ("strong CYP3A inhibitors", any drug class). "C may reduce the excretion of A" names A and another
    medicine, not B; "rash with A was more common in men" names no second one."""
    if not together:
        return False
    asked = {a for a in asked if not is_drug_class(a)}
    if len(asked) < 2:
        return False
    own = clean_statement(unit.text)
    # (The class in the unit itself: a heading "Other medicines and <drug>" is over every interaction.)
    if MEDICINE_CLASS.search(own) or any(is_drug_class(w) for _, _, w in drug_spans(own)):
        return False
    named = set(drugs_in(said_with_headings(unit), classes=False)) | document_drugs(unit.chunk)
    return len(asked & named) < 2


# "If you take <drug>, ...", "In patients taking <drug>, ...", "When given with <drug>, ...": what follows holds
# for those on that medicine.
_TAKING_ANOTHER = re.compile(r"^\W*(?:if\s+(?:you|the\s+patients?|patients?|they|she|he)\s+(?:is\s+|are\s+|also\s+)?(?:take|takes|taking|use|uses|using|on|receiv\w*)"
                             r"|(?:in|for)\s+(?:patients|people|those|adults|children)\s+(?:(?:who\s+are\s+)?(?:taking|on|receiving|treated\s+with)|who\s+take)"
                             r"|when\s+(?:taken|given|used|co-?administered)\s+(?:together\s+)?with)\s+([^,;:.]{2,80})[,;:]", re.I)


def only_with_another_medicine(unit: Unit, question: str) -> bool:
    """A sentence whose advice holds for those on another medicine ("If you take <drug B>, do not take more than
    one tablet of <drug A>") answers for them, not for everyone asked about <drug A> (unless the question names
    <drug B>): a limit or dose for a subgroup read as the general one is the worst kind of wrong answer."""
    m = _TAKING_ANOTHER.match(clean_statement(unit.text))
    if not m or unit.kind != "sentence" or _ASKS_OTHERS.search(question):
        return False
    asked = {generic_name(w) for _, _, w in drug_spans(question)}
    # (A class, "strong CYP3A4 inhibitors", may hold a drug the question names; it is left to the other guards.)
    condition = {generic_name(w) for _, _, w in drug_spans(m.group(1)) if not is_drug_class(w)}
    return bool(condition - asked)


# Asked what goes with other medicines, advice for those on one is the answer.
_ASKS_OTHERS = re.compile(r"\b(?:interact\w*|other\s+(?:medicines?|medications?|drugs?|tablets)|together|combin\w*|co-?prescri\w*|co-?administ\w*)\b", re.I)


def names_two_medicines(question: str) -> bool:
    """The question names two medicines (or names no dictionary knows), or asks of "both"."""
    named = {generic_name(w) for _, _, w in drug_spans(question)} | set(names_in(question))
    return len(named) >= 2 or bool(re.search(r"\bboth\b", question, re.I))

"""The acronyms and names of a question and the documents that never use them: evidence from a document
that does not know what the question's acronym or name names speaks of something else."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from wordfreq import zipf_frequency

from app.answer.names import cited_authors, names_in
from app.answer.titles import shorthand_studies, trials_named
from app.answer.units import QuestionTerms, same_word, spells
from app.lexicon.medterms import ARM_WORDS, DOCUMENT_WORDS, LAB_NAMES
from app.text.abbreviations import spelled_out
from app.text.lexical import concept_groups, dominant, drugs_in, normalize, tokenize
from app.text.shorthand import COMMON_WORD_ZIPF


def unknown_acronyms(document_text: str, terms: QuestionTerms, in_corpus) -> bool:
    """An acronym of the question ("PPH", "OGTT") that another indexed document uses but the evidence's
    whole document never uses, spells out, or names by a synonym: that document speaks of something
    else, however near its passage is. So does one no document uses and the lexicon does not know (a
    scoring system asked of a guideline that scores with another, "with XYZ"): no document says what it
    names. A place or study the question is set in ("on ABC", "in the XYZ trial") is no subject, nor is
    a lab test."""
    if not terms.acronyms or not document_text:
        return False
    words, groups = _vocabulary(document_text)
    # A drug has its own guard (a brand in capitals names the generic a label uses); a kind of
    # document ("this SOP") says nothing of a passage's subject.
    return any((in_corpus(tok) or _asked_about(letters, terms.text) and not terms.token_groups.get(tok))
               and tok not in terms.generics and tok not in DOCUMENT_WORDS
               and not _uses(tok, letters, terms, words, groups, document_text) for tok, letters in terms.acronyms.items())


def unknown_names(document_text: str, terms: QuestionTerms, in_corpus) -> bool:
    """A name of the question that no dictionary knows (a new drug, a brand, a device) which another indexed
    document uses but the evidence's whole document never does: the evidence is about another product,
    however well its dosing or its table matches ("<name> dose if eGFR < 30")."""
    if not terms.names or not document_text:
        return False
    words, _ = _vocabulary(document_text)
    # (Another form of the word is the name used: "<name>-based", "<name>s".)
    return any(in_corpus(tok) and tok not in words and not any(same_word(tok, w) for w in words) for tok in terms.names)


def subject_lent(terms: QuestionTerms, document_text: str | None) -> str:
    """The question's name that its document is about, which every passage of it is about too (a
    label's sentences rarely repeat its new drug's name); "" when the question names none of it."""
    if not terms.names or not document_text:
        return ""
    subject = _subject_name(document_text)
    return subject if subject in terms.names else ""


def kinds_lent(terms: QuestionTerms, document_text: str | None, said) -> str:
    """The kinds of document or issuers the question names ("per <issuer>", "the PIL") that the document
    names itself as, in its first lines, by the word or a synonym ("Package leaflet"), and the author and year of a
    study the question cites that its first lines name ("<Surname> 2014"): every passage of it
    says them. A clause setting one aside ("not the <issuer>", "unlike ...") or citing one names no kind it is.
    `said(token, text)` is how much of one question token a text says."""
    # (So does a study's author cited with its year, "(<Surname> 2014)", that its byline names.)
    cited = {t for author, year in cited_authors(terms.text) for t in (author, year) if t}
    asked = [tok for tok in terms.tokens if tok in DOCUMENT_WORDS or tok in cited]
    if not asked or not document_text:
        return ""
    first = _SET_ASIDE.sub(" ", document_text[:_FIRST_LINES])
    return " ".join(tok for tok in asked if said(tok, first))


# Where a document says what it is (its title and first lines), and the clauses that say what it is not.
_FIRST_LINES = 300
# (Nor does one it only cites or whose approval it reports: "updates the <issuer> guideline", "<issuer>-approved".)
_SET_ASIDE = re.compile(r"\b(?:not|nor|unlike|rather than|instead of|other than|updates?|replaces?|supersedes?|cites?|citing|"
                        r"according to|based on|adapted from|endorsed by)\b[^.;:\n]*|\b[\w]+-(?:approved|cleared|licensed|registered)\b", re.I)


def lent_to(subject: str, passage: str) -> str:
    """The document's subject, said by a passage of it that names no other product, class or arm (a
    sentence on the drug it is combined with, or on the placebo group, is about that)."""
    return subject if (subject and not set(names_in(passage)) - {subject} and not drugs_in(passage)
                       and not ARM_WORDS.search(passage)) else ""


def documents_named(terms: QuestionTerms, units, document) -> frozenset[str]:
    """The question's names that a retrieved document is about, by its title or its subject: only these
    make a document that never uses them foreign. A brand mentioned in passing elsewhere ("<brand>" beside
    its generic) does not refuse the guideline that doses the generic. A cited author counts where a
    retrieved paper's byline names them."""
    if not terms.names:
        return frozenset()
    titled = {tok for u in units for tok in tokenize(u.chunk.title)}
    sources = {u.chunk.source for u in units}
    subjects = {_subject_name(document(source) or "") for source in sources}
    # (An author the question cites a study by, "<Surname> 2014", is named by the paper's byline.)
    cited = {author for author, _ in cited_authors(terms.text)}
    bylines = {tok for source in sources for tok in tokenize((document(source) or "")[:_FIRST_LINES])} if cited else set()
    return frozenset(tok for tok in terms.names if tok in titled or tok in subjects or tok in cited and tok in bylines)


@lru_cache(maxsize=64)
def _subject_name(text: str) -> str:
    """The name no dictionary knows that a document says most, as a document's main drug is found; a
    document weighing two (two drugs, or a brand and its generic) has none."""
    return dominant(names_in(text))


def misses_acronym(said: str, defined, terms: QuestionTerms) -> bool:
    """An acronym of the question, not a lab test ("... dose on CRRT?"), that a passage, with its headings,
    title and its document's definitions, neither uses, spells out nor names by a synonym: the passage is
    about another case, however much else of the question it says."""
    if not terms.acronyms:
        return False
    text = spelled_out(said, defined)
    words, groups = frozenset(tokenize(text)), frozenset(concept_groups(text))
    return any(letters not in _LABS and tok not in words and tok not in terms.generics
               and tok not in DOCUMENT_WORDS and not (terms.token_groups.get(tok, set()) & groups) and not spells(letters, text)
               for tok, letters in terms.acronyms.items())


def _asked_about(letters: str, question: str) -> bool:
    """The acronym is something the question asks about: not a lab test the lexicon knows, nor the
    place or study it is set in ("on ABC", "at the clinic's XYZ", "in XYZ")."""
    return letters not in _LABS and not re.search(rf"\b(?:on|at|in|within|from)\s+(?:the\s+)?(?:[\w'-]+\s+)?{re.escape(letters)}\w*\s*(?:[?.,;]|$)",
                                                  normalize(question))


_LABS = frozenset(name.lower() for name in LAB_NAMES)


def _uses(tok: str, letters: str, terms: QuestionTerms, words: frozenset[str], groups: frozenset[int], text: str) -> bool:
    """Whether a document uses an acronym, spells it out or names it by a synonym. An English word in
    capitals that the question uses as a name ("the <WORD> trial", "in <WORD>", opening the question) a
    document uses only as written so, or spelled out: every document uses the word, and its synonyms.
    (Elsewhere capitals are emphasis: "take it BEFORE food".)"""
    capitals = terms.capitals.get(tok, "")
    if len(capitals) >= 4 and zipf_frequency(capitals.lower(), "en") >= COMMON_WORD_ZIPF \
            and re.search(_NAMED_SO.format(re.escape(capitals)), terms.text):
        return _written(capitals, text) or _named_in_full(capitals, text)
    return tok in words or bool(terms.token_groups.get(tok, set()) & groups) or spells(letters, text)


def _named_in_full(capitals: str, text: str) -> bool:
    """A name written out with capitals whose initials are the acronym's letters ("<Word> <Word> Study" for
    a study called by its initials); small words between stay lower case. (A long document's ordinary
    words spell any five letters somewhere.)"""
    small = r"(?:\s+(?:of|and|the|in|for|on|with|to|a|an))*\s+"
    return re.search(r"\b" + small.join(rf"{re.escape(c)}[\w'-]*" for c in capitals) + r"\b", text) is not None


# Where a word in capitals is a name: beside a word for a study or instrument, after "in", or opening the question.
_STUDY_WORDS = "trial|study|studies|score|tool|cohort|registry|programme|program|protocol|criteria"
_NAMED_SO = (rf"(?:^\W*|\b(?:in|{_STUDY_WORDS})\s+){{0}}\b|\b{{0}}(?:[\s-]+\d+)?\s+(?:{_STUDY_WORDS})\b")


@lru_cache(maxsize=64)
def _vocabulary(text: str) -> tuple[frozenset[str], frozenset[int]]:
    return frozenset(tokenize(text)), frozenset(concept_groups(text))


def studies_about(terms: QuestionTerms, units, document) -> dict[str, frozenset[str]]:
    """The studies the question names in capitals ("<NAME> doses", "in <NAME>", "the <NAME> trial"), each with
    the retrieved documents whose title or first lines name it as a study ("<Full Name> Study (<NAME>)", "the
    <NAME> trial"): the papers about that study. A name the lexicon knows, a drug or a lab test is no study,
    nor is an acronym a paper's opening does not write beside a word for a study (a condition it is about)."""
    names = [caps for tok, caps in terms.capitals.items() if tok in terms.acronyms and len(caps) >= 3
             and not terms.token_groups.get(tok) and tok not in terms.generics and caps.lower() not in _LABS
             and tok not in DOCUMENT_WORDS and re.search(_NAMED_SO.format(re.escape(caps)), terms.text)]
    if not names:
        return {}
    titles = {u.chunk.source: u.chunk.title for u in units}  # (each document's text read once, not once per unit)
    openings = {source: f"{title}\n{(document(source) or '')[:_FIRST_LINES]}" for source, title in titles.items()}
    return {name: frozenset(s for s, text in openings.items() if _named_as_study(name, text)) for name in names}


def cites_study_only(source: str, said: str, about: dict[str, frozenset[str]]) -> bool:
    """Asked about a study that a retrieved paper is about, a passage of another document that does not
    name the study (`said`: the passage with its headings), by its name or written out, speaks of something
    else: a guideline citing the trial elsewhere, whose dose table is its own advice, not the trial's regimen."""
    return any(papers and source not in papers and not (_written(name, said, exact=False) or _named_in_full(name, said)
                                                         or spells(name.lower(), said))
               for name, papers in about.items())


def _named_as_study(name: str, text: str) -> bool:
    """The name written beside a word for a study: "<NAME> trial", "the <NAME>-2 study", "... Study (<NAME>)"."""
    written = rf"(?<![A-Za-z]){re.escape(name)}(?![a-z])(?:[\s-]+\d+)?"
    return re.search(rf"{written}\s+(?:{_STUDY_WORDS})\b|\b(?:{_STUDY_WORDS})\s*\(\s*{written}\s*\)", text, re.I) is not None


def _written(name: str, text: str, exact: bool = True) -> bool:
    """The name written as a word ("<NAME>", "<NAME>-2"): in the capitals it was asked in, or without `exact`
    in any case that starts in capitals ("<NAMe>"), never as a lower-case word of English."""
    found = re.finditer(rf"(?<![A-Za-z]){re.escape(name)}(?![a-z])", text, 0 if exact else re.I)
    return any(m.group(0)[:2].isupper() for m in found)


_BEFORE = 1500  # characters before a sentence in which the study it reports on is named


def study_named_before(unit_text: str, start: int, document: Callable[[], str | None]) -> str:
    """The trial named last before a sentence that names none ("The <NAME>-AF study was ... . Major bleeding
    occurred in ..."): a label's or paper's sentences report on it without naming it again."""
    if shorthand_studies(unit_text):
        return ""
    return (trials_named((document() or "")[max(0, start - _BEFORE):start]) or ("",))[-1]

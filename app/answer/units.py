"""The pieces the extractive answerer works with: candidate units of evidence, the statements it
composes, the question's terms, and the corpus statistics (IDF) that weigh them."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Callable, Mapping, Sequence

from app.ingest.units import LIST_ITEM, clean_statement, list_lead, unit_context
from app.lexicon.medterms import DOSE_AMOUNT, NEGATED_PHRASES, NEGATIONS
from app.records import Chunk, Passage, is_unnamed_column
from app.text.abbreviations import abbreviation_asked, long_form, spells_out
from app.text.lexical import STOPWORDS, drugs_in, normalize, tokenize

# Words that shape a question but say nothing about its subject.
QUESTION_WORDS = set(tokenize(
        "what which who whom whose when where why how many much did does do is are was were be been "
        "tell describe explain give list show report reported reports document documents say says said "
        "mention mentioned according value values number result results data find found there any "
        "please know about regarding concerning versus vs compared compare between among ask asks asked asking "
        # chat filler: "is it ok to ...", "anything to watch for?", "do I need to ..."
        "ok okay alright anything something need needs want wants wanted so pls plz ago now re shd shld "
        # generic verbs and nouns that any passage could stand behind
        "use used using achieve achieved achieves carried carry out conducted performed context evidence "
        "support supports supported role purpose kind type main key specific information detail details "
        "more less most least than often frequently done do doing take took taken taking part get got "
        "make made happen happened go went seen observed patient people ppl person pts pt subjects participants call called "
        "define defined definition defn defines mean means meaning meant describe described stand stands "
        # the document itself, however a reader names it
        "note notes paper article text sheet brochure leaflet page webpage website blog source run ran cite cited citing per "
        # auxiliaries, modals, pronouns and "while (on)": a question's grammar, which evidence states in its own
        "can could may might must shall should would i me my we our you your while whilst "
        "he him his she her hers they them their theirs it its those these this that "
        # hedges and examples: "not just those with ...", "simply the dose", "a TKI like <drug>", "in everyone?" ("<drug> only" is monotherapy)
        "just merely simply like such each already still also ever yet really actually both ballpark roughly approx matter "
        "even everyone everybody anyone anybody someone somebody exact exactly",
        keep_stopwords=True))
ITEM_LABEL = re.compile(r"^\s*(?:[-*•]\s+)?\*\*([^*\n]{1,60}?):?\*\*")


# Relevance of each unit to the question, 0..1.
Scorer = Callable[[str, Sequence["Unit"], "list[float] | None"], list[float]]


@dataclass
class Unit:
    """A candidate piece of evidence: a sentence of a prose chunk, or a table/metadata row."""

    passage: Passage
    start: int
    end: int
    kind: str  # sentence | row
    context: str  # what the relevance scorer sees
    defined: Mapping[str, str] = field(default_factory=dict)  # the abbreviations its document defines
    relevance: float = 0.0
    coverage: float = 0.0
    score: float = 0.0

    @property
    def chunk(self) -> Chunk:
        return self.passage.chunk

    @property
    def text(self) -> str:
        return self.chunk.text_at(self.start, self.end)


@dataclass
class Statement:
    text: str  # answer text without the marker
    quote_start: int
    quote_end: int
    unit: Unit
    joiner: str = " "  # how the statement joins the one before it

    @property
    def quote(self) -> str:
        c = self.unit.chunk
        return c.text_at(self.quote_start, self.quote_end)

    @property
    def stated(self) -> str:
        """The quote with what names it: a table cell's column header ("HR (95% CI)" over "0.86 (0.71-1.04)"),
        unless the cell names its own statistic ("P < 0.0001" under "Hazard ratio & P value"). (A list
        item's lead-in is not quoted with it: "how common?" is answered by the band's line, quoted.)"""
        quote = self.quote
        header = "" if _OWN_LABEL.match(quote) else next(
            (cell.header for cell in self.unit.chunk.cells if cell.start <= self.quote_start
             and self.quote_end <= cell.end and not is_unnamed_column(cell.header)), "")
        # An arm's dose in its header ("<drug> 20 mg n (%)") is the arm's name, not what the cell states.
        header = DOSE_AMOUNT.sub(" ", header).strip()
        return f"{header}: {quote}" if header else quote


def states_asked_kind(terms: QuestionTerms, text: str) -> bool:
    """The text states a kind of value the question asks for ("how far apart?": "2 hours before"); a
    count aside, which only a number of the counted thing states."""
    return any(re.search(pattern, text, re.I) for t, pattern in terms.types.items() if t != "#count")


def item_statement(unit: Unit) -> str:
    """What a sentence unit states; a list item with the lead-in its list hangs from ("Diagnose the
    condition if the patient has either: <a reading>", "Common: may affect up to 1 in 10 people: <effect>"),
    as the item alone says neither of what nor when."""
    said = clean_statement(unit.text)
    lead = list_lead(unit.chunk, unit.start, labels=True).strip()
    return f"{lead} {said}" if lead.endswith(":") and LIST_ITEM.match(unit.text) else said


# A cell led by its own label: "P < 0.0001", "HR: 0.40", "95% CI: 0.25-0.64".
_OWN_LABEL = re.compile(r"\s*(?:\d+\s*%\s*)?[A-Za-z][\w().-]*(?:\s[\w().-]+){0,2}\s*[:=<>≤≥]")


@dataclass
class QuestionTerms:
    text: str
    tokens: list[str]
    groups: set[int]
    negated: bool
    weights: dict[str, float] = field(default_factory=dict)
    token_groups: dict[str, set[int]] = field(default_factory=dict)  # token -> synonym groups it belongs to
    generics: dict[str, str] = field(default_factory=dict)  # a drug's token -> its generic name
    types: dict[str, str] = field(default_factory=dict)  # a token asking for a kind of answer -> its pattern
    acronyms: dict[str, str] = field(default_factory=dict)  # a token the question writes in capitals -> its letters
    amounts: dict[str, tuple[float, str]] = field(default_factory=dict)  # "45kg" -> (45.0, "kg"): a band may state it
    readings: dict[str, tuple[float, str]] = field(default_factory=dict)  # "38" of "BMI 38" -> (38.0, "bmi")
    periods: dict[str, tuple[float, int]] = field(default_factory=dict)  # "1", "yr" of "1 yr" -> (365.25 days, its unit)
    story: frozenset[str] = frozenset()  # who the patient is ("my pt has <disease> ..., does ...?"): not the ask
    lent: frozenset[str] = frozenset()  # story words the evidence's document says of its patients: half said by its units
    capitals: dict[str, str] = field(default_factory=dict)  # "mg" of "MG" -> "MG": where defined, not the "mg" of a dose
    names: frozenset[str] = frozenset()  # words no dictionary knows ("<new brand>"): a document's own subject
    minor: float | None = None  # a child's age the question gives ("a 10 year old"): a band holding it says "child"


_VERSUS = re.compile(r"\s(?:vs\.?|versus|compared (?:with|to))\s", re.I)
# Where one side of a comparison ends: a clause break, or a preposition before what both sides share.
_SIDE_END = re.compile(r"[,:;()?]|\s-\s|\b(?:in|with|for|at|among|on|of|during|after)\b", re.I)


def compared_sides(terms: QuestionTerms) -> tuple[list[str], list[str]] | None:
    """The question terms that tell apart the two sides of "A vs B" ("in the pulsed arm vs the
    oral-only arm": "pulsed" on one side, "oral-only" on the other); None when the
    question compares nothing or its sides share every term."""
    sides = side_texts(terms.text)
    if not sides:
        return None
    left = set(tokenize(sides[0])) & set(terms.tokens)
    right = set(tokenize(sides[1])) & set(terms.tokens)
    left, right = left - right, right - left
    return (sorted(left), sorted(right)) if left and right else None


# A question asking for a figure on both sides of a qualifier: "split by prior radiotherapy y/n", "with
# and without", "broken down by", "stratified by", "yes or no".
_BOTH_SIDES = re.compile(r"\b(?:split|broken\s+down|stratified|subdivided)\s+(?:by|according\s+to)\b|\bby\s+whether\b|"
                         r"\bwith\s+(?:and|or|vs\.?|versus)\s+without\b|\b(?:y/n|yes\s*/\s*no|yes\s+or\s+no)\b|"
                         # ("better with prior X than in those without")
                         r"\bwith\b[^?.;]{1,60}?\b(?:than|vs\.?|versus|compared\s+(?:with|to))\s+(?:in\s+)?(?:those|patients|pts|people|ones)\s+without\b", re.I)
# One side named on its own: "without prior SRS", "no prior SRS", "non-smokers".
_ONE_SIDE = re.compile(r"\b(?:without|no|non-?)\b", re.I)


def asks_both_sides(question: str) -> bool:
    """Whether the question asks for a figure on both sides of a qualifier it names, and names neither
    side alone ("without prior SRS, broken down by arm" asks for one side)."""
    return bool(_BOTH_SIDES.search(question)) and not _ONE_SIDE.search(_BOTH_SIDES.sub(" ", question))


def side_texts(question: str) -> tuple[str, str] | None:
    """The two sides of "A vs B" as the question words them."""
    parts = _VERSUS.split(question, maxsplit=1)
    if len(parts) != 2:
        return None
    return _SIDE_END.split(parts[0])[-1].strip(), _SIDE_END.split(parts[1])[0].strip()


def with_marker(text: str, n: int) -> str:
    text = text.rstrip()
    if text and text[-1] in ".!?":
        return f"{text[:-1]} [{n}]{text[-1]}"
    return f"{text} [{n}]"


def is_prefix_of_identifier(prefix: str, toks: set[str]) -> bool:
    return prefix.isalpha() and len(prefix) >= 2 and any(
        t.startswith(prefix) and t[len(prefix):].isdigit() for t in toks)


def same_word(a: str, b: str) -> bool:
    """Two stems of one word the stemmer left apart ("respond"/"respons", "comparison"/"compar"): they share
    all but at most the last letter of the shorter one, and at least five letters (no digit: "abcdef1"); an
    inflammation is no form of its organ's word ("pancreatitis"/"pancreat")."""
    if not (a.isalpha() and b.isalpha()) or a[:5] != b[:5] or a.endswith("itis") != b.endswith("itis"):
        return False
    n = 0
    for x, y in zip(a, b):
        if x != y:
            break
        n += 1
    return n >= max(5, min(len(a), len(b)) - 1)


# A numbered heading inside running text ("2.1 Testing Before ...", "4 CONTRAINDICATIONS") and a
# dotted leader to a page number ("Introduction ........ 3").
_NUMBERED_HEADING = re.compile(r"(?:^|\s)(\d{1,2})(?:\.\d{1,2})*\.?\s+[A-Z]")
_LEADER = re.compile(r"(?:\.\s?){4,}\s*\d+")
_MEASURED = re.compile(r"\d\s*(?:mg|mcg|µg|g|ml|mmol|kg|units?|%)(?![a-z])", re.I)


def is_contents_listing(text: str) -> bool:
    """A table of contents read as one sentence names every section and so shares words with any
    question about the document, but states nothing: it is never evidence. Its section numbers only
    grow, and it measures nothing (a schedule "Week 1 Dose 40 mg, Week 2 Dose 30 mg ..." is evidence)."""
    if len(_LEADER.findall(text)) >= 3:
        return True
    numbers = [int(n) for n in _NUMBERED_HEADING.findall(text)]
    if len(numbers) >= 6 and re.search(r"\bcontents\b", text, re.I):
        return True  # one that says so, whatever its headings hold ("... Weighing at Least 40 kg")
    return len(numbers) >= 6 and numbers == sorted(numbers) and not _MEASURED.search(text)


# A bibliographic entry: a DOI or PubMed id, or authors with initials ahead of "year;volume:page".
_IDENTIFIER = re.compile(r"\bdoi\s*:?\s*10\.\d{4,}/|\bPMID\s*:?\s*\d{5,}|\bPMCID\s*:?\s*PMC\d+", re.I)
_JOURNAL_CITATION = re.compile(r"\b(?:19|20)\d\d\s*;\s*\d+(?:\s*\([\w\s-]+\))?\s*:\s*[A-Za-z]?\d+")
_AUTHORS_FIRST = re.compile(r"^\W*(?:\d+\.?\s+)?[A-Z][A-Za-z'-]+\s+[A-Z]{1,3}\b[,.]")


def is_reference_entry(text: str) -> bool:
    """An entry of a reference list that the document's layout let through into the text: it names a
    study's title, so it shares words with questions about it, but it states no finding."""
    if not (_IDENTIFIER.search(text) or _JOURNAL_CITATION.search(text)):
        return False
    # A finding that cites its source inline ("... reduced mortality (PMID: 12345678)") keeps its prose,
    # lower-case words; what is left of an entry without its authors is a journal's capitalised name.
    rest = _JOURNAL_CITATION.sub(" ", re.sub(r"\([^)]*\)|\bdoi\s*:?\s*\S+|\bPMC?ID\s*:?\s*\S+", " ", text, flags=re.I))
    return bool(_AUTHORS_FIRST.match(text)) or not re.search(r"\b[a-z]{3,}\b", rest)


def states_nothing(text: str) -> bool:
    """A contents listing or a stray reference-list entry: it shares words with questions, states nothing."""
    return is_contents_listing(text) or is_reference_entry(text)


_ACRONYM = re.compile(r"\b[a-z]?[A-Z][A-Za-z]*[A-Z][A-Za-z]*\b")  # ("eGFR": a small letter first)


def acronyms_in(question: str) -> dict[str, str]:
    """Words a question writes as an acronym of three to six letters ("PPH", "OGTT", "NSAIDs"): their
    token, and the letters that spell them (a plural "s" is no letter). A question written in capitals
    has none that can be told apart."""
    if _in_capitals(question):
        return {}
    found = {}
    for word in _ACRONYM.findall(question):
        letters = _without_plural(word)
        if 3 <= len(letters) <= 6 and letters.isalpha() and tokenize(word):
            found[tokenize(word)[0]] = letters.lower()
    return found


def written_in_capitals(question: str) -> dict[str, str]:
    """Words of two to six capitals ("MG", "BED", "NSAIDs"), by token: their letters. Where a document
    defines one, it writes it so: the same letters in small ones are another word there ("2.5 mg")."""
    if _in_capitals(question):
        return {}
    found = {}
    for word in re.findall(r"(?<![\w-])[A-Z]{2,6}s?(?![\w-])", question):
        letters = _without_plural(word)
        if len(toks := tokenize(word)) == 1 and letters.isupper():
            found[toks[0]] = letters
    return found


def _without_plural(word: str) -> str:
    """An acronym's letters: a plural "s" after capitals is no letter ("NSAIDs")."""
    return word[:-1] if word.endswith("s") and word[:-1].isupper() else word


def _in_capitals(question: str) -> bool:
    """A question written in capitals, whose acronyms cannot be told apart."""
    letters = [c for c in question if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) > 0.6 * len(letters)


def spells(letters: str, text: str) -> bool:
    """Whether consecutive words of the text, small function words aside or not, have the acronym's
    letters as their initials: a clinician's "PPH" is the document's "postpartum haemorrhage"
    ("post-partum" too), "IOL" its "induction of labour"."""
    every = re.findall(r"[a-z][a-z']*", text.lower())
    substance = lambda w: w not in STOPWORDS and not set(tokenize(w, keep_stopwords=True)) & QUESTION_WORDS  # noqa: E731
    content = [w for w in every if substance(w)]
    n = len(letters)
    if any(all(content[i + k][0] == letters[k] for k in range(n)) for i in range(len(content) - n + 1)):
        return True
    # With its function words, a spelled-out name starts and ends on a word of substance ("induction of
    # labour"), else "antenatal corticosteroids should" would spell "ACS".
    return any(substance(every[i]) and substance(every[i + n - 1])
               and all(every[i + k][0] == letters[k] for k in range(n)) for i in range(len(every) - n + 1))


def overlaps(a: Unit, b: Unit) -> bool:
    return a.chunk.source == b.chunk.source and a.start < b.end and b.start < a.end


def spelling_unit(question: str, units: Sequence[Unit], defined: Callable[[str], Mapping[str, str]]) -> Unit | None:
    """Asked what an abbreviation stands for, the best unit where its document spells it out
    ("... time to progression (TTP) ..."); None when the question asks no such thing or
    no unit spells out a short form its document defines."""
    short = abbreviation_asked(question)
    if not short:
        return None
    for u in units:
        form = long_form(short, defined(u.chunk.source))
        if form and spells_out(u.text, *form):
            return u
    return None


# "Fax no", "tel. no.", "batch no": the abbreviation of "number" after the thing numbered negates nothing.
_NUMBER_NO = re.compile(r"\b(fax|phone|tel|telephone|mobile|contact|reference|ref|batch|lot|serial|account|case|"
                        r"registration|record|hospital|nhs|policy|version|item|page|room|bed|ward|licence|license)(\.?\s+)no\b\.?")


def numbers_spelled(norm: str) -> str:
    """A normalised text with "fax no" read as "fax number"."""
    return _NUMBER_NO.sub(r"\1\2number", norm)


def is_negated(text: str) -> bool:
    """The text negates ("without prior RT", "radiation-naive"): a negation word or a negated phrase."""
    norm = numbers_spelled(normalize(text))
    return bool(set(norm.replace("-", " ").split()) & NEGATIONS) or bool(re.search(NEGATED_PHRASES, norm))


def candidate_units(passages: list[Passage]) -> list[Unit]:
    """The sentences and table rows of the passages, each once, that state something."""
    out: list[Unit] = []
    seen: dict[tuple[str, int, int], int] = {}
    for p in passages:
        c = p.chunk
        for s, e in c.units:
            if c.kind == "prose" and states_nothing(c.text_at(s, e)):
                continue
            context = unit_context(c, s, e)
            at = seen.setdefault((c.source, s, e), len(out))
            if at == len(out):
                out.append(Unit(p, s, e, "sentence" if c.kind in ("prose", "reference") else "row", context))
            elif len(context) > len(out[at].context):
                # (Overlapping chunks hold one sentence twice: the one that keeps its list item's labels,
                # which a chunk opening mid-item cuts off, says more of whom it is about. The unit stays in
                # its first chunk, whose neighbouring sentences the joins read.)
                out[at] = replace(out[at], context=context)
    return out


def untyped(terms: QuestionTerms) -> QuestionTerms:
    """The question's terms asking for no kind of value: what a sentence joining an answer must be on,
    though it need not state the kind of value asked itself."""
    return replace(terms, types={}, tokens=[t for t in terms.tokens if not t.startswith("#")])


def sentences_after(best: Unit, units: Sequence[Unit]) -> list[Unit]:
    """The sentences after `best` in its chunk, in their order."""
    return sorted((u for u in units if u.kind == "sentence" and u.chunk.id == best.chunk.id and u.start >= best.end),
                  key=lambda u: u.start)


def medicines_named(best: Unit, question: str) -> set[str]:
    """The medicines an answer's best sentence and its question name."""
    return set(drugs_in(f"{best.text} {question}"))


def names_other_medicine(text: str, named: set[str]) -> bool:
    """A sentence joining an answer names a medicine none of `named` (`medicines_named`) is: another matter."""
    return bool(set(drugs_in(text)) - named)


def goes_on(chunk: Chunk, end: int, start: int) -> bool:
    """The text at `start` follows the text ending at `end` in one paragraph: only spaces, no blank line, between."""
    gap = chunk.text_at(end, start)
    return not gap.strip() and "\n\n" not in gap

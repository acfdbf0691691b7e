"""Guards that keep evidence about someone or something else out of an answer: another drug, the other
side of a contrast, the patients a question excludes or the part of a population it narrows to,
animals, a study's own dosing, a sentence that only states an aim or a method. Each takes a candidate
unit (or its text) and what the question asked. (Times, amounts, ages and years: asked_values.py.)"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from functools import lru_cache

from app.answer.answerability import is_yes_no
from app.answer.names import cited_authors
from app.answer.titles import document_drugs, title_names
from app.answer.units import QUESTION_WORDS, QuestionTerms, Unit
from app.ingest.chunking import CAPTION, clean_statement
from app.ingest.units import LIST_ITEM
from app.lexicon.medterms import (AIM_HEADING, ASKS_DOSING, ASKS_ELIGIBILITY, ELIGIBILITY_SECTIONS, ASKS_MEASURES, ASKS_METHOD, ASKS_PURPOSE,
                                  ASKS_RESEARCH, ASKS_STUDY, CHANGES_DRUG, CONTRASTS, LISTS_MEASURES, POPULATION_NEGATIONS, RESEARCH_SECTIONS,
                                  SPEAKS_OF_ADULTS, SPEAKS_OF_ANIMALS, SPEAKS_OF_PEOPLE, STATES_AIM, STATES_ELIGIBILITY, STATES_METHOD, STATES_PURPOSE,
                                  STATES_PLAN, ASKS_PLAN, STATES_RECOMMENDATION, STATES_RESULT, STATES_STUDIED, STUDY_SECTIONS, STUDY_SUBJECTS, STUDY_TITLES, UNEXPOSED,
                                  CLASS_NAMES, classes_of, groups_with_role, is_drug_name, says_class)
from app.records import Chunk
from app.text.abbreviations import spelled_out
from app.text.lexical import concept_groups, concept_spans, concepts_apart, drug_spans, drugs_in, normalize, tokenize

# Concepts that narrow a question to one endpoint or population (lexicon role "narrows"): evidence
# that does not mention one the question names answers a different question.
NARROWING = groups_with_role("narrows")
TITLE_PATIENTS = frozenset(groups_with_role("patients"))


def headings(c: Chunk) -> str:
    """What a passage sits under: its section path, table title, lead-in and column headers."""
    return " ".join((c.section, c.table, c.lead, *(cell.header for cell in c.cells)))


def said_with_headings(unit: Unit) -> str:
    """The unit with its headings, the document's short forms spelled out ("HD" under "HD = haemodialysis")."""
    return spelled_out(f"{unit.context} {headings(unit.chunk)}", unit.defined)


# What a negation excludes runs to the next preposition, conjunction or verb after its first word:
# "not requiring any form of invasive ventilation", but not "without delay | in severe disease".
_EXCLUDED = (r"[\s-]*([a-z0-9/]+(?:[\s-]+(?!(?:in|at|for|during|after|before|on|to|from|by|than|because|as|when|if|"
             r"but|and|or|is|are|was|were|who|which|may|might|can|could|should|must|will|would|need|needs|do|does|did|"
             r"has|have|had)\b)[a-z0-9/]+){0,5})")


def excludes_asked(said: str, terms: QuestionTerms, over: str = "") -> bool:
    """The converse of a negated question: asked about ventilated patients, a sentence (or the heading
    `over` it) about patients *not* requiring ventilation answers for the others. What is excluded must be
    what the question names (two of its words or concepts, or one population it narrows to:
    "non-pregnant women"), and the text itself must not also speak of it without the negation. A
    heading naming it does not: a table "by baseline lung disease" has a row for each side."""
    if terms.negated or _asks_unexposed(terms.text):
        return False  # asked about the patients who never had it ("TKI-naive"): the converse is theirs
    own = normalize(clean_statement(said))

    def named(phrase: str) -> tuple[set[str], set[int]]:
        return (set(tokenize(phrase)) - QUESTION_WORDS) & set(terms.tokens), set(concept_groups(phrase)) & terms.groups

    for text in (normalize(clean_statement(over)), own):
        for m in re.finditer(f"(?:{POPULATION_NEGATIONS}){_EXCLUDED}", text):
            words, groups = named(m.group(1))
            # A table row's label is all about whom the row is for: one word of the question there is enough.
            label = text is own and m.start() == 0 and "|" in own
            if len(words) + len(groups) >= (1 if label else 2) or groups & NARROWING:
                rest_words, rest_groups = named(own[: m.start()] + " " + own[m.end():] if text is own else own)
                if not (words <= rest_words and groups <= rest_groups):
                    return True
    return False


@lru_cache(maxsize=64)
def _asks_unexposed(question: str) -> bool:
    """Asked about patients who never had something ("TKI-naive", "untreated"), read once per question."""
    return bool(re.search(UNEXPOSED, normalize(question)))


# "... among patients who switched to another formulation": a relative clause narrowing who is asked
# about. Its verb is grammar; the words after it, up to the main verb or the next clause, say who.
_RELATIVE = re.compile(r"(?<=[a-z] )(?<!the )who\s+(?:(?:were|was|are|is|had|have|has|also|already|then|did|do|not)\s+)*"
                       r"[a-z-]+\s+((?:(?!(?:had|have|has|was|were|is|are|did|does|do|what|which|how|when|where|and|or|"
                       r"but)\b)[a-z0-9-]+\s*){1,4})")


# "In <trial>, who assessed ...": after a phrase setting the scene (not one naming people, "for
# women who ..."), "who" and a verb ask; "who is/are/had ..." is a relative clause ("in pts who had RT").
_ASKS_WHO = re.compile(r"^\W*(?:in|for|at|on|with|during)\s+((?:the\s+)?[\w-]+(?:\s+[\w-]+)?)\s*,?\s+who\s+"
                       r"(?!(?:is|are|was|were|had|have|has|did|do|does|also|already|not|then)\b)")


def restriction(question: str) -> list[str]:
    norm = normalize(question)
    scene = _ASKS_WHO.match(norm)
    m = None if scene and not SPEAKS_OF_PEOPLE.search(scene.group(1)) else _RELATIVE.search(norm)
    if m:
        return [t for t in dict.fromkeys(tokenize(m.group(1), parts=False)) if t not in QUESTION_WORDS]
    # "... in patients with prior stroke?": the words of the subgroup the rest of the question does not say.
    m = _WITH.search(norm)
    rest = set(tokenize(norm[: m.start()] + " " + norm[m.end():], parts=False)) if m else set()
    return [t for t in dict.fromkeys(tokenize(m.group(1), parts=False)) if t not in QUESTION_WORDS | rest] if m else []


_WITH = re.compile(r"\b(?:in|among|for)\s+(?:the\s+)?(?:[a-z0-9-]+\s+)?(?:pts|patients|people|those|subjects|participants)\s+(?:with|taking|on|"
                   r"receiving|given|treated\s+with)\s+"
                   r"((?:or (?:more|above|over|higher|greater|less|lower|below|fewer)\s*|(?!(?:and|or|who|on|in|at|after|vs|versus|than)\b)[a-z0-9-]+\s*){1,6})(?=[?,.;:]|$)")


def misses_restriction(unit: Unit, narrowed: QuestionTerms, coverage) -> bool:
    """Evidence about the whole population does not answer for the part the question narrows to: at
    least half of the clause (its words in any form, or their synonyms) must be where the unit is."""
    if not narrowed.tokens:
        return False
    c = unit.chunk
    return coverage(narrowed, f"{unit.context} {headings(c)} {c.title}") < 0.5


def about_animals(unit: Unit, question: str) -> bool:
    """A reproduction or toxicology study in animals does not answer a question about patients ("any
    human data in pregnancy?"): the unit or its headings speak of animals and the unit of no people."""
    if SPEAKS_OF_ANIMALS.search(question):
        return False
    return bool(SPEAKS_OF_ANIMALS.search(f"{unit.text} {headings(unit.chunk)}")) and not SPEAKS_OF_PEOPLE.search(unit.text)


def asks_itself(unit: Unit) -> bool:
    """A sentence that asks ("Was the baby observed for 48 hours?", an audit checklist; "How should I
    take it?", a leaflet's heading) states nothing, whatever it names; nor does a plain-text table the
    reader could not lay out in columns, read as one run-on "sentence" (its rule of dashes under the header)."""
    return clean_statement(unit.text).rstrip(" )\"'’”").endswith("?") or bool(_COLUMN_RULE.search(unit.text))


_COLUMN_RULE = re.compile(r"^[ \t]*-{3,}(?:[ \t]+-{3,})+[ \t]*$", re.M)


# A figure with its unit ("41.0%", "38 hours"): what a caption states beyond naming what it shows ("52-Week").
_STATED_FIGURE = re.compile(r"\d+(?:\.\d+)?\s*(?:%|(?:hours?|hrs?|h|days?|weeks?|months?|years?|mg|g|mcg|µg|ml|mmol|ng|units?)\b)",
                            re.I)


def captions_unasked_figure(unit: Unit, question: str) -> bool:
    """A figure's or table's caption stating no figure of its own ("Figure 2: Percentage of subjects
    achieving ... (Trials 1 and 2 combined)") names what it shows, not its values: it answers only a
    question about the figure or table."""
    said = clean_statement(unit.text)
    caption = CAPTION.match(said)
    return bool(caption) and not _STATED_FIGURE.search(said[caption.end():]) and not re.search(
        r"\b(?:fig(?:ure)?s?|graph|plot|chart|tables?)\b", question, re.I)


def says_only_its_title(unit: Unit, terms: QuestionTerms, coverage: Callable[[QuestionTerms, str], float]) -> bool:
    """The unit says nothing the question asks but the study its document's title names ("any pancreatitis
    in <STUDY>?" is not answered by <STUDY>'s list of investigators, nor by a table row every passage of
    that study would match): `coverage(terms, text)` of the question's other words is 0 in its context."""
    named = {tok for name in title_names(unit.chunk.title) for tok in tokenize(name)}
    rest = [t for t in terms.tokens if t not in named]
    if not named & set(terms.tokens) or not rest:
        return False
    return coverage(replace(terms, tokens=rest), f"{unit.context} {unit.chunk.heading}") == 0


# A leaflet's heading that only sets the reader's condition ("If you forget to take <medicine>", "Before you
# use <medicine>"): a short line with no figure and no main clause, whose answer is the text under it. A list
# item so worded is one of the conditions its lead-in or heading states ("Do not take it:" / "- if you ...").
_HEADING_CLAUSE = re.compile(r"(?:if|when|before|while|after)\s+you\b[^,;:.!?\d]*", re.I)


def only_sets_condition(unit: Unit) -> bool:
    if unit.kind != "sentence" or LIST_ITEM.match(unit.text) or unit.chunk.lead:
        return False
    said = clean_statement(unit.text).strip()
    return len(said.split()) <= 9 and bool(_HEADING_CLAUSE.fullmatch(said))


# "if … had …" beside "would/could/might have …": a counterfactual, in either order.
_IF_HAD = re.compile(r"\bif\b[^.;]{0,150}?\bhad\b|(?:^|[,;]\s*)had\s+(?:\w+\s+){1,3}been\b")
_WOULD_HAVE = re.compile(r"\b(?:would|could|might)(?:\s+not|n['’]t)?\s+have\b")


def supposes(unit: Unit) -> bool:
    """A sentence in the counterfactual ("if patients had been blinded, the study would have been
    stronger") says what was not done; it answers only a question that supposes too (asks_supposing)."""
    text = clean_statement(unit.text).lower()
    return bool(_IF_HAD.search(text) and _WOULD_HAVE.search(text))


def asks_supposing(question: str) -> bool:
    """The question supposes itself ("would it have been stronger if it had been blinded?")."""
    question = question.lower()
    return bool(_IF_HAD.search(question) or _WOULD_HAVE.search(question))


def poses_research(unit: Unit, question: str) -> bool:
    """A guideline's research recommendations name what nobody knows yet ("Effectiveness of drug A with
    drug B for ..."): under such a heading a passage answers only a question about research needed."""
    return (any(RESEARCH_SECTIONS.search(heading) for heading in unit.chunk.section.split(" > "))
            and not ASKS_RESEARCH.search(question))


def only_states_eligibility(unit: Unit, question: str) -> bool:
    """Whom a study let in or kept out ("The exclusion criteria included subjects who had side effects ..."),
    under a paper's Methods or Participants heading, says who could take part, not what happened to them: it
    answers only a question about eligibility. (A guideline's "eligible if" says who should be treated.)"""
    return (bool(STATES_ELIGIBILITY.search(unit.text)) and any(ELIGIBILITY_SECTIONS.search(h) for h in unit.chunk.section.split(" > "))
            and not ASKS_ELIGIBILITY.search(question))


def reports_study_dosing(unit: Unit, question: str) -> bool:
    """Asked what dose to give, a pharmacokinetic or clinical-study passage ("after a single 1,000 mg dose
    in healthy subjects ...") reports what its subjects received, not what to give; it answers a question
    about the study or about exposure, which the question then names."""
    dosing = ASKS_DOSING.search(question) or any(is_drug_name(m.group(1)) for m in CHANGES_DRUG.finditer(question))
    if not dosing or ASKS_STUDY.search(question) or cited_authors(question):  # ("what dose did <Surname> et al. give?")
        return False
    # ("No dosage adjustment is recommended" concludes a study for practice, for the patients its clause names:
    # "... ; no dose reduction is necessary in mild impairment" says nothing of the moderate impairment asked.)
    recommends = STATES_RECOMMENDATION.search(unit.text)
    if recommends:
        clause = next((c.group(0) for c in _clauses(unit.text) if c.start() <= recommends.start() < c.end() + 1), unit.text)
        asked, said = (set(map(str.lower, _SEVERITY.findall(t))) for t in (question, clause))
        return bool(asked and said) and not asked & said
    # (A trial paper's or review's doses, in its abstract or discussion too, are what its patients received.)
    return bool(STUDY_SECTIONS.search(unit.chunk.section) or STUDY_SUBJECTS.search(unit.text) or STUDY_TITLES.search(unit.chunk.title))


_SEVERITY = re.compile(r"\b(mild|moderate|severe|end-stage)\b", re.I)


def _clauses(text: str):
    """The clauses of a text: its parts between semicolons and full stops (a decimal point is no stop)."""
    return re.finditer(r"[^;.]+(?:\.\d[^;.]*)*", text)


def other_side_of_contrast(unit: Unit, question: str) -> bool:
    """Asked about one side of a contrast the lexicon knows (a treatment dose), evidence that speaks only
    of the other (a prophylactic dose) answers another question."""
    def other_only(a, b) -> bool:
        # The unit's own words decide; its headings only when it names neither side ("40 mg daily"
        # under "Thromboprophylaxis"), since a heading may name both ("... and treatment of VTE").
        said = unit.text if a.search(unit.text) or b.search(unit.text) else spelled_out(headings(unit.chunk), unit.defined)
        return bool(b.search(said)) and not a.search(said)

    return any(a.search(question) and not b.search(question) and other_only(a, b)
               for pair in CONTRASTS for a, b in (pair, pair[::-1]))


# "X, as opposed to Y", "X rather than Y", "X instead of Y": Y (to the next preposition or clause) is set aside;
# X is the clause's words before it, back to a preposition or punctuation (five words at most).
_SET_ASIDE = re.compile(r"\b(?:as opposed to|rather than|instead of|in contrast to)\s+((?:(?!(?:in|for|with|on|at|during|after|"
                        r"before|when|if|to|and|or|but|is|are|was|were)\b)[^,;:?.()\s]+\s*){1,6})", re.I)
_BEFORE = re.compile(r"(?:.*(?:[,;:?.()]|\b(?:for|in|with|on|at|of|during|after|before|from|by)\b)|^)\s*((?:[\w+/-]+\s+){0,4}[\w+/-]+)"
                     r"\s*,?\s*$", re.I | re.S)


def _named(phrase: str) -> tuple[set[str], set[int]]:
    rest, groups = concepts_apart(phrase)
    return set(tokenize(rest)) - QUESTION_WORDS, groups


def set_aside(question: str) -> list[tuple[set[str], set[int], set[str], set[int]]]:
    """What a question asks about X as opposed to Y sets aside ("... for parenchymal disease, as opposed
    to LM?"): Y's words and concepts, and X's that Y does not share. (Concepts longest first: "brain
    metastases" is one, not also "brain".)"""
    out = []
    for m in _SET_ASIDE.finditer(question):
        before = _BEFORE.match(question[: m.start()])  # (the nearest boundary: the prefix is greedy)
        if not before or drug_spans(m.group(1)):
            continue  # (a drug set aside is often the deciding evidence: "B, not A, with a mechanical valve")
        (aside, aside_groups), (wanted, wanted_groups) = _named(m.group(1)), _named(before.group(1))
        wanted, wanted_groups = wanted - aside, wanted_groups - aside_groups
        if (wanted or wanted_groups) and (aside or aside_groups):
            out.append((aside, aside_groups, wanted, wanted_groups))
    return out


def about_what_is_set_aside(unit: Unit, asides: list[tuple[set[str], set[int], set[str], set[int]]]) -> bool:
    """Evidence that names what the question sets aside (`set_aside`) and none of what it asks instead
    answers for the other: the unit's own words name Y, and neither they nor its headings name X."""
    if not asides:
        return False
    said, said_groups = set(tokenize(unit.text)), {g for _, _, g in concept_spans(unit.text)[1]}
    above = headings(unit.chunk)
    where, where_groups = said | set(tokenize(above)), said_groups | {g for _, _, g in concept_spans(above)[1]}
    return any(aside <= said and aside_groups <= said_groups and not (wanted & where or wanted_groups & where_groups)
               for aside, aside_groups, wanted, wanted_groups in asides)


def about_other_drug(unit: Unit, asked: set[str], drug_wanted: bool = False) -> bool:
    """Evidence about another drug does not answer a question about this one ("half-life of drug B?"
    is not answered by drug A's half-life): the unit, its headings or, when they name none, its
    document's title (or else the drug its whole text is about) name drugs, and none of those the question
    names. A drug named by the abbreviation its document defines for it ("drug name (DN)") is named.
    Asked for a drug ("drug A's comparator?"), evidence names another, so the asked one may be named by
    the title alone."""
    if not asked:
        return False
    named = set(drugs_in(said_with_headings(unit), classes=False))
    if drug_wanted or not named:
        named |= document_drugs(unit.chunk)
    # (In the asked drug's own document, drugs named only as given with it, "20 mg twice daily with <A> and
    # <B>", are its partners in a regimen: the passage is about the asked drug.)
    partners = named and not named & asked and document_drugs(unit.chunk) & asked and _partners_only(clean_statement(unit.text))
    return bool(named) and not (named & asked) and not partners or _of_other_class(clean_statement(unit.text), asked)


_AMOUNT = re.compile(r"\d\s*(?:mg|mcg|µg|g|ml|units?|iu)\b", re.I)
_PARTNER = re.compile(r"\b(?:with|plus|and|combined\s+with|together\s+with|combination\s+with)\s+$|\+\s*$", re.I)


def _partners_only(text: str) -> bool:
    """The text states a dose first, and every drug it names follows "with", "plus", "and" or "+": named as
    given together with the dosed one ("20 mg twice daily with <A> 1 g and <B> 500 mg"). "Taste disturbance
    is common with <A> and <B>" states no regimen: it speaks of them."""
    spans = drug_spans(text)
    return (bool(spans) and bool(_AMOUNT.search(text[:spans[0][0]]))
            and all(_PARTNER.search(text[:start]) for start, _, _ in spans))


def _of_other_class(text: str, asked: set[str]) -> bool:
    """A sentence naming a drug class ("<class>: stop 3 days before") and neither the asked drugs nor their
    class speaks of other drugs, though a passage near it names the asked class."""
    own = {c for drug in asked for c in classes_of(drug)}
    return bool(own) and says_class(text, CLASS_NAMES - own) and not says_class(text, own | asked)


def narrowing_concepts(question: str) -> set[int]:
    """The endpoints and populations a question narrows to; one it excludes ("non-severe CAP") is not
    asked for (evidence saying "non-severe" answers it; the negation guard keeps "severe" out)."""
    return {g for _, _, g in concept_spans(_NON_CONCEPT.sub(_excluded, question))[1] if g in NARROWING}


def misses_critical(unit: Unit, critical: set[int]) -> bool:
    """Evidence must mention each endpoint/population concept the question narrows to."""
    if not critical:
        return False
    c = unit.chunk
    where = _NON_CONCEPT.sub(_excluded, said_with_headings(unit))
    # Longest phrase first: "pregnancy" in "ectopic pregnancy" names a condition, not pregnant patients.
    # A document whose title names its patients ("... in children", "Pregnancy guideline") speaks of
    # them in every passage; an endpoint in a trial's title is not said of every result.
    return bool(critical - {g for _, _, g in concept_spans(where)[1]} - title_populations(c.title))


@lru_cache(maxsize=256)
def title_populations(title: str) -> frozenset[int]:
    """The patients a title names as the whole document's, unless it names adults too ("for adults and
    children": each passage says whose it is)."""
    if SPEAKS_OF_ADULTS.search(title):
        return frozenset()
    return frozenset(g for _, _, g in concept_spans(title)[1]) & TITLE_PATIENTS


_NON_CONCEPT = re.compile(r"\bnon[\s-]+([a-z]+)", re.I)


def _excluded(m: re.Match) -> str:
    """"Non-pregnant adults" names the patients a concept excludes, so it is dropped; "non-small cell"
    is a name of its own (a concept the bare word is not), so it stays."""
    bare = set(concept_groups(m.group(1)))
    return " " if bare and set(concept_groups(m.group(0))) <= bare else m.group(0)


def only_states_purpose(unit: Unit, question: str) -> bool:
    """"The purpose of this SOP is to ensure staff give <drug> safely" names the topic of any
    question about it and answers none but "what is it for?"; so does "To give staff a clear process
    for ..." under a heading "Aim of this SOP"."""
    body = clean_statement(unit.text)
    aim = STATES_AIM.match(body) and AIM_HEADING.match(unit.chunk.heading)
    # "In this trial, we evaluated the effect of ..." asks what a yes/no question asks, unless it says what was
    # found ("... whether X reduced Y" has found nothing).
    goal = STATES_STUDIED.search(body)
    studied = is_yes_no(question) and goal and (goal.group(0).endswith(("whether", "if")) or not STATES_RESULT.search(body))
    return not ASKS_PURPOSE.search(question) and bool(STATES_PURPOSE.search(body) or aim or studied)


def only_states_method(unit: Unit, question: str) -> bool:
    """"Adverse events were pooled across sites and expressed per 100 patient-years" names what
    "most common adverse event?" asks about and says how it was counted, not what it was; it
    answers a question about the method, or states a result beside it. So does "secondary endpoints
    included OS", unless the question asks about endpoints."""
    body = clean_statement(unit.text)
    if STATES_PLAN.search(body) and not ASKS_PLAN.search(question):
        return True  # what a sample size assumed ("we estimated that 60% ... would reach it") is no result
    if STATES_RESULT.search(body):
        return False
    # (A list of endpoints with its figures, "OS, with a median of 24 vs 20 months", reports them.)
    return (not ASKS_METHOD.search(question) and bool(STATES_METHOD.search(body))
            or not (ASKS_MEASURES.search(question) or ASKS_METHOD.search(question)) and bool(LISTS_MEASURES.search(body))
            and not re.search(r"\d+(?:\.\d+)?\s*(?:months?|weeks?|days?|years?)\b|\b(?:HR|OR|RR)\b|\bvs\.?\s|\bversus\b", body))

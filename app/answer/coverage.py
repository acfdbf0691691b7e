"""How much of a question a text covers: the question's terms (with synonyms, answer types and IDF
weights) and their weighted coverage by a sentence, a table row or a unit with its headings."""

from __future__ import annotations

import math
import re
from dataclasses import replace
from functools import lru_cache
from typing import Callable, Mapping

from app.answer.arms import BOTH_ARMS
from app.answer.ages import age_bounds, asks_about_minor
from app.answer.asked_values import ASKS_MAXIMUM, times_past_or_due
from app.answer.focus import without_point_estimate
from app.answer.periods import period_held, periods
from app.answer.said_as import only_as_salt, only_as_unit
from app.answer.names import names_in
from app.answer.drugs_asked import names_two_medicines
from app.answer.titles import names_study, title_drugs, title_names
from app.answer.thresholds import (MEASURED, band_holds, lab_readings, label_figures, label_holds, reading_held,
                                   readings_plainly)
from app.answer.stories import PEOPLE, story_words, told_apart, untold
from app.answer.units import (ITEM_LABEL, QUESTION_WORDS, QuestionTerms, Unit, acronyms_in, is_negated, item_statement,
                              is_prefix_of_identifier, same_word, spells, written_in_capitals)
from app.lexicon.medterms import (ANSWER_TYPES, ASKED_AGE, ASKED_KINDS, EACH_GROUP, EACH_GROUP_COMPARATIVES, FRAMES, LIMIT_WORDS, MEASURES, QUESTION_FORMS,
                                  SYNONYM_GROUPS, classes_of, generic_name, is_drug_name, says_class)
from app.text.abbreviations import short_forms, spelled_out
from app.text.lexical import concept_groups, drug_spans, normalize, tokenize

# The few words after "how often did/does/is" (or a reported "how often <event> happens") say whether an event or a schedule is asked
# about ("did the pts get brain imaging": a schedule; "did pts need a dose reduction": an event, so a dose changed is no schedule).
_EVENT_OFTEN = re.compile(r"\bhow (?:often|frequently) (?:did|do|does|were|was|are|is|has|have|had)((?:\s+[\w'’-]+){1,6})|\bhow (?:often|frequently)"
                          r"((?:\s+[\w'’-]+){1,5}?\s+(?:happens?|happened|occurs?|occurred|gets?|got|develops?|developed|experiences?|experienced|suffers?|suffered))\b")
# "<event> on <drug> - how often vs placebo?": asked of an event named before it, with no verb after it.
_BARE_OFTEN = re.compile(r"\bhow (?:often|frequently)(?=\s+(?:vs|versus|compared|in|with|on|among)\b|\s*[?.!]?\s*$)")
_SCHEDULED = re.compile(r"\b(?:(?:do|should|can|must|would|could) (?:i|we|you)|tak(?:e|es|en)|took|giv(?:e|es|en)|gave|(?:re)?dos(?:e|es|ed|ing)(?![\s-]+(?:reduc|interrupt|modif|delay|hold|discontinu|adjust|escalat|limit))|administer(?:ed|ing)?|"
                        r"inject(?:ed|ing)?|infus(?:e|ed|ing)|monitor(?:ed|ing)?|check(?:ed|ing)?|repeat(?:ed|ing)?|"
                        r"measur(?:e|ed|ing)|test(?:ed|ing)?|perform(?:ed|ing)?|imag(?:e|ed|ing)|scan(?:ned|ning)?|"
                        r"assess(?:ed|ing)?|review(?:ed|ing)?|visit(?:ed|ing)?|follow(?:ed)?[- ]up|collect(?:ed|ing)?|"
                        r"screen(?:ed|ing)?|chang(?:e|ed|ing)|replac(?:e|ed|ing)|appl(?:y|ied|ying)|tests|done|used|puffs?|inhal(?:e|ed|ing|ations?)|sprays?|"
                        r"boost(?:s|ed|er|ing)?|refill(?:s|ed)?|renew(?:s|ed)?|(?:sessions?|appointments?|cycles?|courses?|visits|instillations?)(?![\w\s]{0,30}?\b(?:delay|postpon|cancel|miss|stop|shorten|omit|interrupt|defer|skip|reduc|need|requir)))\b")

# "Who ran / funded / recommends ..." asks for a person or body; "who qualifies / should get / is eligible"
# asks which patients, which the evidence states as a population.
_WHO_DID = (r"\s*(?:by whom\b|who\b(?!\s+(?:qualif\w*|should|can|could|needs?|must|may|gets?|receives?|counts?|benefits?|"
            r"requires?|(?:is|are)\s+(?:eligible|suitable|at risk|a candidate|candidates)|(?:is|are)\s+(?:not\s+)?(?:allowed|able))\b))")


def _parts(tok: str) -> list[str]:
    """The words of a compound token ("hip/knee", "under-18s"), a decade-style plural read as its
    number ("18s" -> "18"); a lone "18s" is its number too."""
    if re.fullmatch(r"\d+s", tok):
        return [tok[:-1]]
    if tok.isalnum():
        return []
    return [re.sub(r"^(\d+)s$", r"\1", p) for p in tokenize(tok, keep_stopwords=True)[1:]]


# A score and its cut-off written as one token ("score75").
_JOINED = re.compile(r"([a-z]{3,})(\d+)")
# "My pt has ...", "pts who had ...", "do I have to ...", "once pts are on ...": the verb of a patient's
# story or of necessity, and "once" opening a clause, are grammar; what the patient has stays a term.
_HAS = re.compile(rf"\b({PEOPLE}\s+(?:who\s+)?)(?:has|have|had)(?:\s+had)?\b|\b(?:has|have|had)(?=\s+to\b)|\bonce(?=\s+(?:{PEOPLE}|it)\b)"
                  r"|\bat all\b", re.I)  # "any data at all?": emphasis, not a term
# A time of day ("came out at 08:00", "last dose 10pm") tells when something happened to the patient,
# which no passage repeats.
# (Not a ratio, dilution or titre: "1:1000", "1:10,000", "ANA 1:160".)
_CLOCK = re.compile(r"\b(?:[01]\d|2[0-3]):[0-5]\d\b(?!\d|,\d)|\b(?:at|by|since|until|from|around)\s+\d{1,2}:[0-5]\d\b(?!\d|,\d)"
                    r"|\b(?:1[0-2]|0?[1-9])(?::[0-5]\d)?\s*(?:am|pm)\b", re.I)
# How much a word of the patient's story that no indexed document uses weighs beside a word of the ask:
# it tells how the patient came to ask ("switched", "asymptomatic", "wants to avoid"), which no passage
# says, so it must not weigh as the rarest word of the ask does. (A story word the documents use, "on
# regular HD", tells which of their patients is meant and keeps its weight.)
STORY_WEIGHT = 0.5
# Where a document says whom it is about: its title and opening. Beyond, it names patients it compares,
# excludes or cites, and a sentence that excludes or negates never says who its patients are.
_OPENING = 1200
_NOT_WHO = re.compile(r"\b(?:exclu\w*|ineligible|eligib\w*|except|without|no|not|non|never|unlike|other than|"
                     r"untreated|na[iï]ve|unless)\b|n't\b", re.I)
# A table in the opening lists subgroups (a row per kind of patient), not whom the document is about.
_TABLE_LINE = re.compile(r"^\s*\|.*$|^.*\t.*$|^\s*table\s+\d", re.I | re.M)


def _negates_asked(terms: QuestionTerms, text: str) -> bool:
    """The text negates what a "non-X" of the question negates ("without diabetes" for "non-diabetic"),
    not something else ("no prior stroke" for "non-smokers")."""
    stems = [p for tok in terms.tokens if tok.startswith("non-") for p in _parts(tok) if p != "non"]
    return bool(stems) and bool(re.search(r"\b(?:without|no|not|non|never)\b[\s-]+(?:[a-z]+\s+){0,2}?(?:"
                                          + "|".join(re.escape(p[:5]) for p in stems) + ")", normalize(text)))


# The question tokens of the words asking for a limit, with how a text states one.
_LIMITS = {tok: said for word, said in LIMIT_WORDS.items() for tok in tokenize(word, parts=False)}

_TOGETHER = 8  # words within which a compound's parts are said together


def _said_together(parts: list[str], terms: QuestionTerms, text: str, toks: set[str], groups: set[int]) -> bool:
    """Each part of a compound, in any of its synonyms, within a few words of the others ("previous statin" for
    "statin-pretreated"); parts said apart (a drug's column, a prior-stroke row) name something else."""
    def said(p: str, toks: set[str], groups: set[int]) -> bool:
        return p in toks or bool(terms.token_groups.get(p, set()) & groups)

    if not all(said(p, toks, groups) for p in parts):
        return False
    words = normalize(text).split()
    for i in range(0, max(1, len(words) - _TOGETHER // 2), _TOGETHER // 2):
        window = " ".join(words[i:i + _TOGETHER])
        if all(said(p, set(tokenize(window)), set(concept_groups(window))) for p in parts):
            return True
    return False


def _closed(compound: str) -> str:
    """A hyphenated compound written as one word, as a stem ("co-administered" -> "coadminist")."""
    words = tokenize(compound.replace("-", ""), parts=False)
    return words[0] if len(words) == 1 else ""


@lru_cache(maxsize=32)
def _population(document: str) -> tuple[frozenset[str], frozenset[int]]:
    """The tokens and concept groups of the sentences of a document's opening that neither exclude nor
    negate, once per document text."""
    opening = document[:_OPENING]
    table = _TABLE_LINE.search(opening)
    opening = opening[:table.start()] if table else opening
    said = " ".join(s for s in re.split(r"(?<=[.!?:])\s+|\n+", opening) if not _NOT_WHO.search(s))
    return frozenset(tokenize(said)), frozenset(concept_groups(said))


_CHILD = tokenize("child")[0]
_CHILDREN = set(concept_groups(_CHILD))


def _heard(tok: str, token_groups: dict[str, set[int]], in_corpus: Callable[[str], bool]) -> bool:
    """Some indexed document uses the word or a synonym of it."""
    return in_corpus(tok) or any(in_corpus(w) for g in token_groups.get(tok, ()) for phrase in SYNONYM_GROUPS[g] for w in tokenize(phrase))


class TermCoverage:
    """`idf` weighs a question's words by rarity in the corpus; `idf_cap` bounds a word the corpus lacks."""

    def __init__(self, idf_cap: float, idf: Callable[[str], float]):
        self.idf_cap, self.idf = idf_cap, idf

    def in_corpus(self, tok: str) -> bool:
        """Some indexed document uses the word (its weight is below an unknown word's)."""
        return self.idf(tok) < self.idf("\x00")

    def question_terms(self, question: str) -> QuestionTerms:
        # One-letter leftovers ("what's" -> "s") say nothing, unless the lexicon knows them ("K+" is
        # potassium). A patient's age ("a 45-year-old") is who is asked about, which the guards check,
        # not words a passage repeats; nor is what the asker does with the answer ("for my slide").
        groups = set(concept_groups(question))
        known = {tok for g in groups for phrase in SYNONYM_GROUPS[g] for tok in tokenize(phrase)}
        unframed = FRAMES.sub(" ", question).lstrip(" :;,.-")
        tokens = [t for t in dict.fromkeys(tokenize(_HAS.sub(r"\1", _CLOCK.sub(" ", without_point_estimate(untold(ASKED_AGE.sub(" ", readings_plainly(unframed))))))))
                  if t not in QUESTION_WORDS and not (len(t) == 1 and t.isalpha() and t not in known)]
        if ASKS_MAXIMUM.search(question) and "max" not in tokens and "maximum" not in tokens:
            tokens.append("max")  # "the most <drug> I can take" asks its maximum, which "not more than" states
        # A minor's age asks what a passage says of children, in whichever words ("adolescents", "paediatric").
        minor = asks_about_minor(question)
        if minor is not None and not groups & _CHILDREN:
            groups |= _CHILDREN
            tokens.append(_CHILD)
        norm_q = normalize(unframed)
        if re.search(r"\bhow many\b(?!\s+(?:percentage\s+)?points?\b|\s+per\s?cent)|\b(?:number|no\.?|num) of [a-z]+s\b", norm_q):
            tokens.append("#count")
        # "How common ...", "what share / what % ...", "proportion of X", "what's the chance of X": asks for a
        # rate, which a percentage states ("is there any chance of an interaction?" asks whether).
        # "Incidence of X" too: a document states it as "N% of patients have X", rarely with the word;
        # and "frequency of X", unless X is something done on a schedule (a dose, monitoring).
        rate = re.findall(r"\bhow (common|frequent|prevalent|likely|high)\b|\bwhat (share|proportion|fraction|percentage)\b"
                          r"|\bwhat(?:'s|s|\s+is|\s+are|\s+was)?\s+the\s+(chance|likelihood)\b|^\s*(chance|likelihood) (?:of|that)\b"
                          r"|\b(share|proportion|(?<!ejection )fraction|percentage) of\b(?! (?:inspired|body))"
                          r"|\bwhat (percent)\b|\bwhat (%)\B|\s(%)\s*\??\s*$|\b(incidence|prevalence)\b(?! rate)|\b(frequency) of (?!(?:the |a )?(?:dos|administ|monitor|obs|review|test))",
                          norm_q)
        # "How often did patients respond / does it occur" asks for a rate; "how often is it given,
        # monitored, taken" for a schedule.
        event = _EVENT_OFTEN.search(norm_q)
        event_rate = (bool(event) and not any(m.end() <= event.end() for m in _SCHEDULED.finditer(norm_q, event.start(event.lastindex)))
                      or bool(_BARE_OFTEN.search(norm_q)) and not _SCHEDULED.search(norm_q))
        if event_rate:
            rate = rate or [("often", "")]
        if rate:
            asked = set(tokenize(" ".join(w for pair in rate for w in pair if w)))
            tokens = [t for t in tokens if t not in asked] + ["#rate"]
        # "How well does <drug> work ...": the form asks for a result; its words are no terms to find.
        for marker, (asks, consumes) in QUESTION_FORMS.items():
            form = re.search(asks, norm_q)
            # (Whether two medicines go together is asked only of two: "with asthma, on dialysis" is no second one.)
            if form and marker == "#interaction" and not names_two_medicines(question):
                continue
            if form:
                used = set(tokenize(form.group(0))) & set(tokenize(consumes))  # "side effects" stays a term
                tokens = [t for t in tokens if t not in used and t != marker] + [marker]
        formed: set[str] = set()
        for word, pattern in (("where", r"\s*where\b"), ("often", r".*\bhow often\b|.*\bhow frequently\b"),
                              ("who", _WHO_DID)):
            if re.match(pattern, norm_q) and not (word == "often" and event_rate or word == "where" and "#source" in tokens):
                tokens.append(word)
                formed.add(word)  # ("how frequently" asks as "how often" does)
        # A word asking for a kind of answer ("year", "dose"), not one that only shares its stem
        # ("yearly" asks how often, not for a year) or is part of a compound ("time-in-range" asks no range,
        # "weight loss meds" no weight, a "rate ratio" no rate).
        asking = set(tokenize(re.sub(r"\b[a-z]{3,}ly\b|\b[a-z]+(?=\s+(?:loss|gain|management|ratio|ratios|difference)\b)", " ", norm_q), parts=False)) | formed
        types = {t: ANSWER_TYPES[t] for t in tokens if t in ANSWER_TYPES and (t.startswith("#") or t in asking)}
        types |= {t: ASKED_KINDS[t] for t in tokens if t in ASKED_KINDS}
        if not re.search(MEASURES["dose"][0], question, re.I):  # "reactions after the first dose"
            types = {t: pattern for t, pattern in types.items() if t not in ("dose", "dosag")}
        if re.search(r"\bus\b", question):  # "tell us", the pronoun; the country is written "US"
            groups -= {g for g in groups if "us" in SYNONYM_GROUPS[g]}
            tokens = [t for t in tokens if t != "us"]
        if both := BOTH_ARMS.search(question):  # ("both arms" asks for every arm: a row's arm columns say it)
            tokens = [t for t in tokens if t not in tokenize(both.group(0))]
        if each := EACH_GROUP.search(question):  # ("which of the two cohorts had the higher": the rows' figures say)
            tokens = [t for t in tokens if t not in tokenize(f"{each.group('quantifier')} {EACH_GROUP_COMPARATIVES}")]
        story = story_words(unframed, tokens)  # ("MDT, 70F, <disease> - ...": the story after whom the asker speaks for)
        token_groups: dict[str, set[int]] = {}
        for g in groups:
            for phrase in SYNONYM_GROUPS[g]:
                for tok in tokenize(phrase):
                    token_groups.setdefault(tok, set()).add(g)
        # (Story words no indexed document uses, nor a synonym of theirs: "HD" is said as "haemodialysis".)
        tokens, story = told_apart(unframed, tokens, story, heard := {t for t in tokens if _heard(t, token_groups, self.in_corpus)}, question)
        unheard = story - heard
        return QuestionTerms(
            text=question,
            tokens=tokens,
            groups=groups,
            negated=is_negated(question),
            # A word the corpus lacks is often a paraphrase, so its weight is capped; a drug name is not.
            weights={t: (self.idf(t) if is_drug_name(t) else min(self.idf(t), self.idf_cap)) * (STORY_WEIGHT if t in unheard else 1.0)
                     for t in tokens},
            token_groups=token_groups,
            generics={tok: generic_name(w) for _, _, w in drug_spans(question) for tok in tokenize(w, parts=False)},
            types=types,
            acronyms={t: letters for t, letters in acronyms_in(question).items() if t in tokens},
            # (A time past or due, "5 days ago", is held by a limit: "7 days or fewer".)
            amounts={**{tok: (float(m.group(1)), re.escape(m.group(2))) for m in MEASURED.finditer(question)
                        for tok in tokenize(m.group(0)) if tok in tokens and m.group(1) in tok},
                     **{value: (float(value), unit) for value, unit in times_past_or_due(question).items() if value in tokens}},
            readings={tok: reading for tok, reading in lab_readings(question).items() if tok in tokens},
            periods={tok: (days, unit) for said, days, unit in periods(question) for tok in tokenize(said) if tok in tokens},
            story=frozenset(t for t in tokens if t in story),
            capitals=written_in_capitals(question),
            names=frozenset(tok for tok in names_in(question) if tok in tokens and tok not in token_groups),
            minor=minor,
        )

    @staticmethod
    def about_document(terms: QuestionTerms, document: str | None) -> QuestionTerms:
        """The terms as asked of one document: who the patient is, a document about them says once, where
        it says whom it is about (its title and opening), not in every sentence. So a story word said there
        is half said by each of its units; one said only elsewhere is not (the document may compare,
        exclude or cite such patients), nor one it never says (its patients may not be the question's).
        A story with any word the opening does not say ("EGFR-mutant", "triple negative", "rheumatic", a
        number) is about other patients than the document's, or some of them: then it lends nothing."""
        if not terms.story or not document:
            return terms
        said = _population(document)
        # (A number is a value the opening may not hold, unless it is part of a name it says: "COVID-19".)
        named = {p for t in terms.story if t in said[0] for p in _parts(t)}
        lent = frozenset(t for t in terms.story if (not t.isdigit() or t in named) and (t in said[0] or terms.token_groups.get(t, set()) & said[1]))
        return replace(terms, lent=lent) if lent == terms.story else terms

    def coverage(self, terms: QuestionTerms, text: str, defined: Mapping[str, str] | None = None) -> float:
        """IDF-weighted share of the question's terms that the text contains (synonyms count). In the text of a
        document that `defined` an acronym the question writes in capitals, only the capitals say it."""
        if not terms.tokens:
            return 0.0
        strict = {t: letters for t, letters in terms.capitals.items() if defined and letters in defined}
        toks = set(tokenize(text))
        if "non" in terms.tokens and _negates_asked(terms, text):
            toks.add("non")  # "non-diabetic" is said by "without diabetes"
        groups = set(concept_groups(text))
        # A brand names its generic: "<brand>" covers "<generic>" in the question; a generic of several words written out, its brand.
        generics = ({generic_name(w) for _, _, w in drug_spans(text)} | {g for g in terms.generics.values() if " " in g and g in text.lower()}) if terms.generics else set()
        # A compound the text writes as one word ("co-administered", "coadministration") covers its parts too.
        forms = {c: form for c in terms.tokens if "-" in c and (form := _closed(c))}
        closed = {c for c, form in forms.items()
                  if any(t == form or same_word(form, t) and abs(len(t) - len(form)) <= 2 for t in toks)}
        said = {tok: _said(tok, terms, text, toks, groups, generics, strict, closed) for tok in terms.tokens}
        total = hit = lent = 0.0
        asked_missing = False
        for tok in terms.tokens:
            w = terms.weights.get(tok, 1.0)
            total += w
            hit += w * said[tok]
            if not said[tok] and tok in terms.lent:
                lent += w / 2
            elif not said[tok]:
                asked_missing = asked_missing or tok not in terms.story
        # A story word is lent only to a text that says all the ask: it tells who asks, never what.
        return (hit + (0.0 if asked_missing else lent)) / total if total else 0.0

    def unit_coverage(self, terms: QuestionTerms, unit: Unit, lent: str = "") -> float:
        """Coverage of a unit with its headings; for a sentence, what it says itself counts as much
        as what its headings say, so one heading does not make every sentence under it an answer.
        A short form the unit's document defines covers its long form. `lent` is said of the unit as
        its headings are (its document's one indication, for a dosing section)."""
        defined = unit.defined
        # A label's table rows and sentences rarely repeat the drug the whole document is about: a drug its
        # title names (or else the one it names throughout) is named by every passage under it. Nor do a
        # paper's table rows, or its sentences naming no study, repeat the study's shorthand name its title
        # gives ("(ZEPHYR-2)"): they are about that study. A sentence naming a study is about the one it names.
        drugs = (title_drugs(unit.chunk.title) or unit.chunk.subject) if terms.generics else ""
        if drugs and drugs == unit.chunk.subject:  # (a generic of several words, "<x> vaccine, inactivated", as asked)
            drugs += "".join(f" {w}" for w, g in terms.generics.items() if g == drugs)
        titled = title_names(unit.chunk.title)
        if unit.kind != "row":  # (a trial's name, "<NAME>-HF", "<NAME>-2": not an intervention's acronym, "(IPTc)")
            titled = () if names_study(unit.text, titled) else tuple(n for n in titled if re.search(r"[-\d]", n))
        names = " ".join(titled)
        names = names if set(tokenize(names)) & set(terms.tokens) else ""
        # So is what its title spells out and the question writes as the document's acronym ("MG" of a trial
        # "... in myasthenia gravis"): the passages of a paper on it rarely repeat it.
        # (Read only for a question with such an acronym: this runs for every candidate unit.)
        if terms.capitals and defined:
            title = normalize(unit.chunk.title)
            names += "".join(f" {short}" for short in terms.capitals.values()
                             if short in defined and re.search(rf"\b{re.escape(normalize(defined[short]))}\b", title))
        # A row labelled by a band ("20.1 to 25") states the figure of its measure it holds ("trough 22").
        held = " ".join(f"{f:g}" for f in label_figures(unit.chunk, terms.text) if label_holds(unit.chunk, [f])) if unit.kind == "row" else ""
        context = unit.context
        with_headings = self.coverage(terms, f"{spelled_out(context, defined)} {short_forms(context, defined)} {drugs} {names} {held} {lent}",
                                      defined)
        if unit.kind != "sentence":
            return with_headings
        label = ITEM_LABEL.match(unit.text)
        if label and set(tokenize(label.group(1))) <= set(terms.tokens) | set(terms.token_groups):
            return with_headings  # "What was the objective ..." and the item labelled "Objective:"
        heading = unit.chunk.heading
        asked = [t for t in terms.tokens if t not in terms.types]
        # (The document's one drug is said under each of its headings: "<drug> shelf life?" under "Shelf life".)
        one = drugs if unit.chunk.subject and drugs.startswith(unit.chunk.subject) or len({generic_name(w) for w in drugs.split()}) == 1 else ""
        if asked and heading and self.coverage(replace(terms, tokens=asked, types={}), f"{heading} {one}") == 1.0:
            return with_headings  # "What are the key takeaways ..." under "Key Takeaways for ..."
        body = item_statement(unit)  # a list item with its lead-in
        return 0.5 * with_headings + 0.5 * self.coverage(terms, f"{spelled_out(body, defined)} {short_forms(body, defined)}", defined)


def _said(tok: str, terms: QuestionTerms, text: str, toks: set[str], groups: set[int], generics: set[str],
          strict: Mapping[str, str], closed: set[str]) -> float:
    """How much of one question token the text says: 1, half (one side of "either/or") or 0."""
    if only_as_salt(tok, text):
        return 0.0  # "sodium content?" is not said by "(as <drug> sodium)"
    if (tok in toks and (tok not in strict or re.search(rf"(?<!\w){re.escape(strict[tok])}s?(?!\w)", text))
            and not (tok in terms.capitals and only_as_unit(terms.capitals[tok], text))
            or terms.token_groups.get(tok, set()) & groups or terms.generics.get(tok) in generics):
        return 1.0
    if says_class(text, classes_of(terms.generics.get(tok) or tok)):
        return 1.0  # a drug said by its class: a -pril drug by a sentence on ACE inhibitors
    if any(is_prefix_of_identifier(p, toks) for p in [tok, *_group_words(terms, tok)]):
        return 1.0  # an identifier's prefix: "NCT number" (or "ClinicalTrials.gov identifier") -> NCT02075840
    if len(tok) >= 5 and tok.isalpha() and any(same_word(tok, t) for t in toks):
        return 1.0  # another form of the word: "responded"/"response", "comparison"/"compare"
    if tok in terms.types and tok not in ASKED_KINDS and re.search(terms.types[tok], text, re.I):
        return 1.0
    if tok in _LIMITS and _LIMITS[tok].search(text):
        return 1.0  # "max rate" said by "a rate not exceeding 10 mg/minute"
    if tok in terms.acronyms and spells(terms.acronyms[tok], text):
        return 1.0
    if tok in terms.amounts and band_holds(*terms.amounts[tok], text):
        return 1.0  # "45 kg" in a band that holds it: "30 kg - < 60 kg"
    if tok == _CHILD and terms.minor is not None and any(lo <= terms.minor <= hi for lo, hi in age_bounds(text)):
        return 1.0  # "a 10 year old" in an age band that holds it: "9 years of age and older"
    if tok in terms.readings and reading_held(*terms.readings[tok], text):
        return 1.0  # "BMI 38" in "BMI 35 or more"
    if tok in terms.periods and period_held(*terms.periods[tok], text):
        return 1.0  # "1 yr" in "at Week 52"
    if (joined := _JOINED.fullmatch(tok)) and re.search(rf"\b{joined[1]}\w*\W{{1,2}}{joined[2]}\b", text, re.I):
        return 1.0  # a score written with its cut-off, apart: "score75" in "Score 75"
    # (A part may be said as its generic: "<brand>/<brand>" by the drug both brands are.)
    if _parts(tok) and (all(p in toks or terms.generics.get(p) in generics for p in _parts(tok))
                        or _said_together(_parts(tok), terms, text, toks, groups)):
        return 1.0  # a compound written apart: "hip/knee" in "hip or knee", "under-18s" in "under 18", "statin-pretreated" in "previous statin"
    if "/" in tok and any(p in toks or terms.token_groups.get(p, set()) & groups for p in _parts(tok)):
        return 0.5  # one side of "either/or" ("needle size/length", "masking/design"): said in part
    if any(tok == c or tok in _parts(c) for c in closed):
        return 1.0
    return 0.0


def idf_from_lexical(lexical) -> Callable[[str], float]:
    """IDF of a token in the indexed corpus; a token the corpus never uses weighs the most."""
    if getattr(lexical, "retriever", None) is None:
        return lambda tok: 1.0
    n_docs = max(len(lexical.ids), 1)
    freqs = lexical.doc_freqs

    def idf(tok: str) -> float:
        df = freqs.get(tok, 0)
        return math.log(1 + (n_docs - df + 0.5) / (df + 0.5))

    return idf


def _group_words(terms: QuestionTerms, tok: str) -> list[str]:
    return [w for g in terms.token_groups.get(tok, ()) for w in SYNONYM_GROUPS[g] if w.isalpha()]

"""The extractive answerer: picks the sentences or table cells that answer the question and composes
a short answer in which every statement carries an inline [n] citation with a verbatim quote.

Nothing is paraphrased: every statement is either a source sentence (markdown and the document's own
reference markers removed) or a table cell value introduced by its column header and row label, so
numbers in the answer are the source's characters. When the best evidence is not good enough the
answer abstains instead of quoting the nearest passage.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Callable

from app.answer.alternatives import alternative_offered
from app.answer.contrasts import item_opening
from app.answer.acronyms import (cites_study_only, documents_named, kinds_lent, lent_to, studies_about, study_named_before, subject_lent, unknown_acronyms,
                                 unknown_names)
from app.answer.answer_kinds import answers_type
from app.answer.answerability import AnswerabilityModel, unit_features
from app.answer.ages import age_limit_lent, asks_about_adults, misses_age, only_about_children, without_nurslings
from app.answer.asked_values import (banded_amounts, dosing_intervals,
                                     limit_joined, misses_interval, misses_limit, misses_time_or_amount, names_other_year, other_strength,
                                     strengths_to_make_up, times_and_amounts)
from app.answer.coverage import TermCoverage, idf_from_lexical
from app.answer.drugs_asked import (about_comparator_alone, asks_for_drug, compares_another_drug, doses_another_drug, misses_a_medicine_taken,
                                    names_no_drug, never_names, only_with_another_medicine)
from app.answer.definitions import does_not_define
from app.answer.negations import contradicts_negation
from app.answer.ordinals import ordinals, other_ordinal
from app.answer.research import reports_other_research
from app.answer.guards import (about_animals, about_other_drug, about_what_is_set_aside, only_sets_condition,
                               asks_itself, asks_supposing, captions_unasked_figure, says_only_its_title, excludes_asked, headings, misses_critical, narrowing_concepts,
                               misses_restriction, only_states_eligibility, only_states_method, only_states_purpose, other_side_of_contrast,
                               poses_research, reports_study_dosing, restriction, set_aside, supposes)
from app.answer.thresholds import grades, lab_values, misses_measurement, misses_thresholds_measure, other_band, other_band_row, other_grade, other_side_of_threshold, threshold_sides
from app.answer.bands import banded_line, other_frequency
from app.answer.cited import reference_entry
from app.answer.focus import focus
from app.answer.forms import other_dosage_form
from app.answer.joins import (continuation, each_group_rows, figures_of_both, listed_items, neighbour, next_steps, other_side, other_side_row,
                              record_pair, restates, second_ask, unanswered_part)
from app.answer.lists import named_list
from app.answer.interactions import combination_effect
from app.answer.missed_dose import missed_dose_rule
from app.answer.populations import about_other_sex, doses_other_patients
from app.answer.rows import RowReader
from app.answer.sections import records_document_history
from app.answer.subject_rows import is_subject_row
from app.answer.switches import switched_the_other_way
from app.answer.units import (ITEM_LABEL, QuestionTerms, Scorer, Statement, Unit, candidate_units, item_statement, overlaps, spelling_unit,
                              with_marker)
from app.ingest.chunking import clean_statement
from app.lexicon.medterms import (ASKS_DOSING, DOSING_SECTIONS,
                                  YEAR, generic_name, is_drug_class)
from app.records import Answer, Citation, Passage
from app.text.abbreviations import DEFINITIONS, abbreviation_asked, brands_named, is_glossary
from app.text.lexical import drug_spans, normalize, tokenize
from app.verify.verifier import numbers_in

__all__ = ["ABSTENTION", "ExtractiveAnswerer", "QuestionTerms", "Unit", "idf_from_lexical"]

ABSTENTION = "The indexed documents do not cover this question."
# Passages reported as considered (Answer.related), best first.
RELATED = 5


class ExtractiveAnswerer:
    def __init__(self, settings, scorer: Scorer, idf: Callable[[str], float] | None = None,
                 model: AnswerabilityModel | None = None, document: Callable[[str], str | None] | None = None,
                 indication: Callable[[str], str] | None = None):
        """`document` gives an indexed document's text by source (a list is read whole only where it
        shows the list is whole); `indication` its one indication, if it names one (indication.py)."""
        self.settings = settings
        self.document, self.indication = document or (lambda source: None), indication or (lambda source: "")
        self.model, self.scorer, self.idf = model, scorer, idf or (lambda tok: 1.0)
        self.terms = TermCoverage(settings.idf_cap, self.idf)
        self.rows, self.definitions = RowReader(self.terms.coverage), DEFINITIONS

    def defined(self, source: str) -> dict[str, str]:
        """The abbreviations a document defines for itself."""
        return self.definitions.get(source, self.document(source))

    # -- answering ------------------------------------------------------------------------------
    def scored_units(self, question: str, passages: list[Passage], vector=None) -> tuple[QuestionTerms, list[Unit]]:
        """The question's terms and its candidate units, scored and best first: the relevance/coverage
        blend, reranked by the answerability head when one is loaded."""
        terms = self.terms.question_terms(question)
        units = candidate_units(passages)
        if not units:
            return terms, units
        relevance = self.scorer(question, units, vector)
        defined = {source: self.defined(source) for source in {u.chunk.source for u in units}}
        asked_of = {source: self.terms.about_document(terms, terms.story and self.document(source)) for source in defined}
        dosing = bool(ASKS_DOSING.search(question))  # (a dosing section is about its document's one indication)
        subjects = {source: subject_lent(terms, self.document(source)) for source in defined} if terms.names else {}
        kinds = {source: kinds_lent(terms, self.document(source), lambda tok, text: self.terms.coverage(replace(terms, tokens=[tok]), text)) for source in defined}
        for u, r in zip(units, relevance):
            u.relevance, u.defined = r, defined[u.chunk.source]
            lent = self.indication(u.chunk.source) if dosing and DOSING_SECTIONS.search(u.chunk.section or u.chunk.heading) else age_limit_lent(u, terms.minor, question, terms.names)
            u.coverage = self.terms.unit_coverage(asked_of[u.chunk.source], u, f"{lent} {kinds[u.chunk.source]} {lent_to(subjects.get(u.chunk.source, ''), u.context)} {study_named_before(u.text, u.start, lambda: self.document(u.chunk.source))}")
            u.score = self.answerability(u)
        body = [self.terms.coverage(asked_of[u.chunk.source], clean_statement(u.text)) for u in units]
        if self.model is not None:
            x = unit_features(question, units, body, [u.score for u in units])
            # (Each unit's place, document and section: the head ranks the restating unit's document.)
            for u, score in zip(units, self.model.scores(question, x, [(u.chunk.source, u.chunk.section) for u in units])):
                u.score = float(score)
        return terms, best_first(units, body)

    def answer(self, question: str, passages: list[Passage], vector=None) -> Answer:
        """`vector` is the question's embedding when the caller already has it."""
        terms, units = self.scored_units(question, passages, vector)
        if not units:
            return Answer(question=question, answer=ABSTENTION, abstained=True)
        # A drug no indexed document mentions ("How does <another drug> compare ...") is not covered, however much else of the question the documents share (a class as written or as its lexicon name).
        in_corpus = self.terms.in_corpus
        unknown = lambda name: not all(in_corpus(t) for t in tokenize(name, parts=False))  # noqa: E731
        # A class the question asks for ("which antiemetic?") is answered by a member, which the documents name.
        sought = set(re.findall(r"\b(?:what|which)\s+(?:(?:kind|type|class|sort)\s+of\s+)?([a-z-]+)(?=\s*(?:[?.,;:]|$)|\s+"
                                r"(?:is|are|was|were|should|would|can|could|to|for|in|do|does|did|has|have|may|must|will)\b)",
                                normalize(question)))
        unknown_drug = any(unknown(word) and unknown(generic_name(word)) for _, _, word in drug_spans(question)
                           if not (normalize(word) in sought and is_drug_class(word)))
        critical = narrowing_concepts(question)
        # A class alone ("first-line antihypertensive?") is answered by its members; beside a drug it counts ("NSAIDs with <drug>?").
        named = drug_spans(question)
        asked_drugs = (set() if all(is_drug_class(w) for _, _, w in named) else {generic_name(w) for _, _, w in named}
                       ) | brands_named(question, {id(u.defined): u.defined for u in units}.values())
        asked_values, banded, asked_grades = times_and_amounts(question), banded_amounts(question), grades(question.upper())
        strengths = strengths_to_make_up(question)
        labs, drug_wanted, asks_dose = lab_values(question), asks_for_drug(question), bool({"dose", "dosag"} & set(terms.types))
        intervals, asked_years, asked_minor, counted = dosing_intervals(question), set(YEAR.findall(question)), terms.minor, ordinals(question)
        asked_sides = {(v, side) for v, side in threshold_sides(question) if side}
        narrowed_to, asides, supposing = replace(terms, tokens=restriction(without_nurslings(question))), set_aside(question), asks_supposing(question)
        asked_for = replace(terms, tokens=focus(question))
        related = [_citation(i + 1, u, u.start, u.end) for i, u in enumerate(units[:RELATED])]

        def other_case(u: Unit) -> bool:  # evidence about other patients, a value, study or side not asked
            return (misses_critical(u, critical) or misses_age(u, asked_minor, question) or about_animals(u, question)
                    or only_about_children(u, asks_about_adults(question)) or other_side_of_contrast(u, question)
                    or about_what_is_set_aside(u, asides) or poses_research(u, question) or reports_other_research(u, question, lambda: self.document(u.chunk.source)) or only_states_eligibility(u, question) or reports_study_dosing(u, question) or other_band(u, labs) or other_frequency(f"{u.text} {headings(u.chunk)}", question) or misses_thresholds_measure(u, question) or other_grade(u, asked_grades)
                    or misses_time_or_amount(u, asked_values, banded, question, lambda: self.document(u.chunk.source)) or other_strength(u, strengths) or misses_interval(u, intervals) or misses_limit(u, question, units, keep=lambda w: not off_question(w))
                    or names_other_year(u, asked_years) or other_ordinal(u, counted))

        listed = None if unknown_drug else named_list(terms, passages, self.terms.coverage, self.document)
        # (named_list checks the drug itself; a list whose items speak of the others too is no list of answers.)
        if listed and not (other_case(listed[0]) or names_no_drug(listed[0], question)
                           or any(excludes_asked(item, terms) for item in listed[0].text.splitlines())):
            return replace(_compose(question, listed[1]), related=related)
        entry, units = reference_entry(question, units)
        if entry:
            return replace(_compose(question, self.statements(entry, terms)), related=related)
        spelling = spelling_unit(question, units, self.defined)
        if spelling:
            return replace(_compose(question, self.statements(spelling, terms)), related=related)
        # The best unit that actually states an answer: a row whose asked-for cells are all "N/A",
        # or evidence lacking the measure asked for (a P value for "what was the hazard ratio"), is not one.
        foreign: dict[str, bool] = {}  # per document: does it never use one of the question's acronyms or names, or its drugs?
        owned, studied = replace(terms, names=documents_named(terms, units, self.document)), studies_about(terms, units, self.document)

        def off_question(u: Unit) -> bool:  # evidence about another population, drug, endpoint, value or side
            source = u.chunk.source
            if source not in foreign:  # the document's text is read only when the question has an acronym, a name or a drug
                text = self.document(source) if terms.acronyms or terms.names or asked_drugs else None
                text = f"{u.chunk.title}\n{text}" if text else text  # (with its title: a web page's names its publisher)
                foreign[source] = (unknown_acronyms(text or "", terms, in_corpus) or unknown_names(text or "", owned, in_corpus)
                                   or never_names(source, text, asked_drugs))
            return (foreign[source] or only_states_purpose(u, question) or only_states_method(u, question) or _only_spells_out(u, question)
                    or does_not_define(u, question) or contradicts_negation(u, terms)
                    or excludes_asked(u.text, terms, f"{u.chunk.section} {u.chunk.lead}") or other_case(u)
                    or about_other_drug(u, asked_drugs, drug_wanted) or asks_itself(u) or only_sets_condition(u) or captions_unasked_figure(u, question) or not supposing and supposes(u) or other_side_of_threshold(u, asked_sides) or misses_restriction(u, narrowed_to, self.terms.coverage)
                    or doses_other_patients(u, question, terms, self.indication(u.chunk.source), self.document(u.chunk.source))
                    or about_other_sex(u, question) or misses_measurement(question, f"{u.context} {headings(u.chunk)}")
                    or names_no_drug(u, question) or about_comparator_alone(u, question, "#efficacy" in terms.types) or compares_another_drug(u, question) or only_with_another_medicine(u, question) or records_document_history(u, question)
                    or doses_another_drug(u, asked_drugs, asks_dose) or misses_a_medicine_taken(u, asked_drugs, "#interaction" in terms.types)
                    or switched_the_other_way(u, question) or other_dosage_form(u, question)
                    or says_only_its_title(u, terms, self.terms.coverage) or cites_study_only(source, f"{u.context} {headings(u.chunk)}", studied)
                    or bool(asked_for.tokens) and self.terms.coverage(asked_for, f"{u.context} {headings(u.chunk)}") < _focus_named(u))

        def fits(u: Unit, asked: str, asked_terms: QuestionTerms) -> bool:
            """The unit is on the question and states the kind of value `asked` wants."""
            return not off_question(u) and answers_type(asked, asked_terms, self.statements(u, asked_terms))

        best, statements, one_armed = None, [], None
        for u in ([] if unknown_drug else units[:8]):
            if u.score < self.settings.abstain_threshold:
                break
            if u.kind == "row" and (not is_subject_row(u, units, terms) or other_band_row(u, units, question)):
                continue
            if off_question(u):
                continue
            says = lambda ws: answers_type(question, terms, [st for w in ws for st in self.statements(w, terms)])  # noqa: E731
            statements = [st for w in [u, *continuation(u, units, says, self.settings.abstain_threshold), *(w for w in limit_joined(u, units, question) if not off_question(w))] for st in self.statements(w, terms)]
            if statements and answers_type(question, terms, statements):
                if u.kind == "row" and self.rows.lacks_an_arm(statements, terms):
                    one_armed = one_armed or (u, statements)
                    continue
                best = u
                break
        if best is None and one_armed:
            best, statements = one_armed
        pair = None if best or unknown_drug else record_pair(terms, units, self.terms, self.settings.relevance_weight,
                                                             self.settings.abstain_threshold, off_question, fits)
        if pair:
            best, statements = pair[0], self.statements(pair[0], terms) + self.statements(pair[1], terms)
        by_band = best is None and "#rate" in terms.tokens and bool(asked_for.tokens)
        if by_band:
            best, label = banded_line(terms, units, passages, off_question, self.terms.coverage, self.document, self.settings)
            statements = self.statements(label, terms) + self.statements(best, terms) if best else []
        if best is None:
            return Answer(question=question, answer=ABSTENTION, abstained=True, related=related)

        if best.kind == "row" and not by_band:
            joined = other_side_row(terms, best, units, self.settings.abstain_threshold, fits)
            for row in [joined] if joined else each_group_rows(terms, best, units, self.settings.abstain_threshold, fits):
                statements += self.statements(row, terms)
        if best.kind == "sentence" and not (by_band or pair):
            # Up to two more sentences join when they are nearly as good and say as much of the question
            # themselves, not only through their headings ("why" questions often need two).
            taken = list({id(st.unit): st.unit for st in statements}.values())  # (with a sentence going on with it)
            best_body = self.terms.coverage(terms, clean_statement(best.text))
            plain = own_words(terms)
            joins_best = says_what_best_says(self.terms.coverage, plain, best)
            for u in units:
                if len(taken) == 3 or u.score < max(self.settings.abstain_threshold, best.score - self.settings.answer_margin):
                    break
                if (u.kind == "sentence" and u is not best and not any(overlaps(u, t) for t in taken)
                        and not any(restates(u, t) for t in taken)
                        and self.terms.coverage(terms, clean_statement(u.text)) >= 0.8 * best_body
                        and joins_best(u)
                        and fits(u, question, terms)):
                    taken.append(u)
            # Sentences of the best one's section rated as close, saying as much of the question's own words
            # (a drug aside: "this medicine" names it), join too: a section on pregnancy says more than one.
            said = self.terms.coverage(plain, clean_statement(best.text))
            for u in units[:8]:
                if len(taken) == 3 or u.score < self.settings.abstain_threshold:
                    break
                if (u.kind == "sentence" and u not in taken and u.relevance >= best.relevance
                        and (u.chunk.source, u.chunk.section) == (best.chunk.source, best.chunk.section)
                        and not any(overlaps(u, t) or restates(u, t) for t in taken)
                        and not _other_field(u, terms) and said > 0
                        and self.terms.coverage(plain, clean_statement(u.text)) >= said and fits(u, question, terms)):
                    taken.append(u)
            # (A sentence beside the best one joins if it states the asked kind of value or any figure.)
            on_it = lambda u: fits(u, question, terms) or bool(numbers_in(u.text)) and not off_question(u)  # noqa: E731
            taken += neighbour(terms, plain, best, taken, units, self.terms, on_it, self.settings.abstain_threshold)
            for join in (other_side, second_ask, listed_items, figures_of_both, next_steps, missed_dose_rule, combination_effect,
                         alternative_offered, item_opening):
                taken += join(terms, taken, units, self.terms, self.settings.abstain_threshold, fits)
            statements = [st for u in sorted(taken, key=lambda u: (u.chunk.source, u.start)) for st in self.statements(u, terms)]
        cited = [st.unit for i, st in enumerate(statements) if all(st.unit is not o.unit for o in statements[:i])]
        unsaid = unanswered_part(terms, cited, self.terms)
        return replace(_compose(question, statements), related=related, notice=_partial(unsaid) if unsaid else "")

    def answerability(self, u: Unit) -> float:
        """How well a unit answers the question, 0..1: the relevance model's judgement blended with how much of
        the question (IDF-weighted, synonyms counted) the unit and its headings mention. Coverage tells "the documents
        say" from "they talk about something near it": a half-life, a price or five-year survival no passage has."""
        w = self.settings.relevance_weight
        return w * u.relevance + (1 - w) * u.coverage

    def statements(self, unit: Unit, terms: QuestionTerms) -> list[Statement]:
        if unit.kind == "sentence":
            return [Statement(item_statement(unit), unit.start, unit.end, unit)]
        return self.rows.statements(unit, terms)


def _focus_named(u: Unit) -> float:
    """How much of the thing asked about a unit must name: any of it, or all of it for a list's short item
    (an effect of a word or two: "dry throat" does not name "dry mouth")."""
    short_item = u.kind == "sentence" and u.text.lstrip().startswith(("- ", "* ", "• ")) and len(u.text.split()) <= 7
    return 1.0 if short_item else 1e-9


# How far a unit saying the question's words itself ranks above one whose heading alone says them.
OWN_WORDS_TIE = 0.03


def best_first(units: list[Unit], body_coverage: list[float]) -> list[Unit]:
    """Units by score; within one section, whose heading covers its units alike ("How to store <brand>" over
    each of its sentences), those saying any of what was asked themselves ("Do not store above 30°C") before
    those saying none of it. The scores stand, and so does the order between sections."""
    said = {id(u): b for u, b in zip(units, body_coverage)}
    ranked = sorted(units, key=lambda u: u.score, reverse=True)
    places: dict[tuple[str, str], list[int]] = {}
    for i, u in enumerate(ranked):
        places.setdefault((u.chunk.source, u.chunk.section), []).append(i)
    out = list(ranked)
    for at in places.values():
        for i, u in zip(at, sorted((ranked[i] for i in at), key=lambda u: u.score + OWN_WORDS_TIE * (said[id(u)] > 0), reverse=True)):
            out[i] = u
    return out


# A sentence joining the best one must say at least this share of the question words the best one says.
JOIN_SHARE = 0.5


def own_words(terms: QuestionTerms) -> QuestionTerms:
    """The question's own words: its terms without drug names and the kinds of answer it asks for."""
    return replace(terms, tokens=[t for t in terms.tokens
                                  if t not in terms.generics and t not in terms.types and not t.startswith("#")])


def says_what_best_says(coverage, plain: QuestionTerms, best: Unit) -> Callable[[Unit], bool]:
    """Whether a runner-up may join an answer: it says of the question's own words (`plain`) at least
    half of what the best sentence says: "missed dose?" answered by "take the next dose and forget the
    one you missed" is not joined by "your doctor starts at a low dose". The best sentence is read once."""
    said = [t for t in plain.tokens if coverage(replace(plain, tokens=[t]), clean_statement(best.text))]
    said_terms = replace(plain, tokens=said)
    return lambda u: not said or coverage(said_terms, clean_statement(u.text)) >= JOIN_SHARE


def _only_spells_out(unit: Unit, question: str) -> bool:
    """A list of abbreviations (a table's legend) names many terms and states no value: it answers only
    what they stand for."""
    return is_glossary(unit.text) and not abbreviation_asked(question)


def _partial(unsaid: str) -> str:
    return f'The cited passages may answer only part of the question; none of them seems to speak to "{unsaid}".'


def _other_field(unit: Unit, terms: QuestionTerms) -> bool:
    """A labelled field the question does not ask for ("Study name: ..." beside the asked "Objective: ...")."""
    label = ITEM_LABEL.match(unit.text)
    return bool(label) and not set(tokenize(label.group(1))) <= set(terms.tokens)


def _citation(n: int, unit: Unit, start: int, end: int,
              marks: tuple[tuple[int, int], ...] = ()) -> Citation:
    c = unit.chunk
    return Citation(
        n=n, source=c.source, title=c.title, section=c.section,
        quote=c.text_at(start, end), start=start, end=end,
        score=round(unit.score, 4), chunk_id=c.id, context=c.text, context_start=c.start, marks=marks,
    )


def _compose(question: str, statements: list[Statement]) -> Answer:
    """One marker per passage: the statements read from one unit (a row's label and cells) form one
    sentence citing one quote, the row from its label to the last cell read, with each span marked."""
    groups: list[list[Statement]] = []
    for st in statements:
        if groups and groups[-1][0].unit is st.unit:
            groups[-1].append(st)
        else:
            groups.append([st])
    citations: list[Citation] = []
    by_span: dict[tuple, int] = {}
    text = ""
    for group in groups:
        unit = group[0].unit
        spans = tuple(sorted({(st.quote_start, st.quote_end) for st in group}))
        key = (unit.chunk.source, spans)
        if key not in by_span:
            by_span[key] = len(citations) + 1
            start, end = spans[0][0], max(e for _, e in spans)
            citations.append(_citation(by_span[key], unit, start, end, spans if len(spans) > 1 else ()))
        body = "".join((st.joiner if i else "") + st.text for i, st in enumerate(group))
        text += (group[0].joiner if text else "") + with_marker(body, by_span[key])
    return Answer(question=question, answer=text, abstained=False, citations=citations)

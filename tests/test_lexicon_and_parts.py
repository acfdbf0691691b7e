"""The clinical lexicon is data loaded at run time; the pipeline's parts work on their own."""

import re
from dataclasses import replace
from pathlib import Path

import pytest

from app.answer.answerability import is_yes_no
from app.answer.asked_values import names_other_year
from app.answer.coverage import TermCoverage
from app.answer.definitions import does_not_define
from app.answer.guards import asks_supposing, only_states_method, restriction, supposes
from app.answer.thresholds import threshold_sides
from app.answer.answer_kinds import answers_type
from app.answer.counts import states_count
from app.answer.units import Statement, Unit, acronyms_in, is_contents_listing, spells
from app.answer.verified import SentenceBuffer
from app.bench.evaluation import CaseResult, EvalReport
from app.lexicon import medterms
from app.questions import QuestionError, require_subject
from app.records import Cell, Chunk, Passage
from app.text.abbreviations import (abbreviation_asked, brand_names, brands_named, defined_abbreviations, is_glossary,
                                    spells_out, spelled_out)
from app.text.contractions import uncontracted
from app.text.lexical import concept_groups, concept_spans, drug_spans, drugs_in
from conftest import row_unit as _row, sentence_unit as _sentence

pytestmark = pytest.mark.unit

APP = Path(__file__).resolve().parents[1] / "app"


def test_drug_names_come_from_data_not_code():
    assert drugs_in("half-life of sitagliptin vs metformin") == ["sitagliptin", "metformin"]
    assert drugs_in("apixaban, remdesivir and methotrexate") == ["apixaban", "remdesivir", "methotrexate"]
    assert drugs_in("dose in children, women and adults, iron and water") == []


def test_general_clinical_abbreviations_are_synonyms():
    for short, long in [("CrCl", "creatinine clearance"), ("HRQoL", "quality of life"), ("BID", "twice daily"),
                        ("PK", "pharmacokinetics"), ("paediatric", "children"), ("US", "in the U.S., more than"),
                        ("UK", "United Kingdom"), ("DVT", "blood clots in the veins of your legs"), ("infants", "babies"),
                        ("inpatient", "hospitalised patients"), ("masking", "double blind"), ("post meal", "after meals"),
                        ("outpt", "outpatients"), ("inpt", "inpatients"), ("dx", "diagnosis"), ("sx", "symptoms"),
                        ("breaths", "inhalations"), ("N&V", "nausea and vomiting"), ("CKD", "kidney disease"),
                        ("1st-gen", "first-generation"), ("2nd line", "second-line"), ("linked", "was not correlated"),
                        ("teen girls", "adolescents"), ("bd", "twice daily"),
                        ("tds", "every 8 hours"), ("prn", "as required"), ("CRP", "C-reactive protein"),
                        ("CSF", "cerebrospinal fluid"), ("NNU", "neonatal intensive care unit"),
                        ("AKI", "acute renal failure"), ("SOB", "breathlessness"),
                        ("IM", "i.m. ceftriaxone"), ("i.v.", "intravenously"), ("subcut", "s.c."), ("PO", "p.o."),
                        ("rh neg", "women who are D negative"), ("Rh -ve", "RhD-negative"),
                        ("on HD", "haemodialysis"), ("before it starts working", "onset of relief"),
                        ("kicks in", "onset"), ("vit K", "vitamin K"),
                        ("mum", "women and birthing people"),
                        ("Hb cut off", "haemoglobin threshold"),
                        # lay words for trial terms
                        ("before the cancer got worse in the brain", "time to intracranial progression"),
                        ("the disease getting worse", "disease progression"), ("spread to the brain", "brain metastases"),
                        ("push back the need for surgery", "delaying surgery"), ("the range the true effect lies in", "95% CI"),
                        ("how strong was the statistical evidence", "p-value"),
                        ("migraine with aura", "migraines with visual disturbance"), ("HRT", "hormone replacement therapy")]:
        assert set(concept_groups(short)) & set(concept_groups(long)), (short, long)
    narrowing = medterms.groups_with_role("narrows")
    assert set(concept_groups("in pregnant women")) & narrowing


def test_synonym_phrases_match_whole_words_longest_first():
    (cl,) = concept_groups("creatinine clearance")
    assert concept_groups("CrCl") == [cl]
    assert concept_groups("CrCl:") == concept_groups("(crcl)") == [cl]
    assert concept_groups("crclx") == concept_groups("xcrcl") == []  # inside another word: no match
    norm, spans = concept_spans("Creatinine clearance was low; CrCl <30")
    assert [(norm[s:e], g) for s, e, g in spans] == [("creatinine clearance", cl), ("crcl", cl)]
    # A phrase that is part of a longer phrase of another group only counts through the longer one.
    long_phrase = next(p for g in medterms.SYNONYM_GROUPS for p in g if " " in p
                       and any(q != p and q in p.split() for h in medterms.SYNONYM_GROUPS for q in h))
    norm, spans = concept_spans(f"the {long_phrase} was reported")
    assert [norm[s:e] for s, e, _ in spans] == [long_phrase]


def test_app_code_names_no_seed_drug_or_trial():
    pattern = re.compile(r"alectinib|crizotinib|\bALEX\b|XRT|allitinib|rwiPFS", re.I)
    hits = [str(p.relative_to(APP)) for p in APP.rglob("*.py") if pattern.search(p.read_text(encoding="utf-8"))]
    assert hits == []


def test_app_code_comments_and_strings_name_no_drug():
    """Domain words are data: no comment, docstring or string in app/ names a drug (the drug
    dictionary decides), so no example quotes one document. Stems, placeholders and a plural noun
    the dictionary reads as a brand are no drug."""
    import io
    import tokenize as pytokens

    not_names = {"tinib", "xaban", "azole", "drugmab", "generics"}
    found = set()
    for path in APP.rglob("*.py"):
        for tok in pytokens.generate_tokens(io.StringIO(path.read_text(encoding="utf-8")).readline):
            if tok.type in (pytokens.COMMENT, pytokens.STRING):
                found |= {(str(path.relative_to(APP)), w.lower()) for _, _, w in drug_spans(tok.string)
                          if not medterms.is_drug_class(w) and w.lower() not in not_names}
    assert found == set()


def test_sentence_buffer_releases_a_sentence_once_the_next_has_begun():
    buf = SentenceBuffer()
    out = []
    for token in ["The dose is 5 mg", ". [", "1", "]", " Take it", " with food [2]."]:
        out += [s.text for s in buf.feed(token)]
    assert out == ["The dose is 5 mg. [1]"]
    assert [s.text for s in buf.rest()] == ["Take it with food [2]."]


def test_a_question_must_name_something_in_english():
    with pytest.raises(QuestionError, match="English"):
        require_subject("这是什么", lambda q: [])
    with pytest.raises(QuestionError, match="names nothing"):
        require_subject("what was it?", lambda q: [])
    require_subject("dose of apixaban?", lambda q: ["apixaban"])


def _case(i, answerable, abstained, ok, top1=False, top3=False):
    return CaseResult(str(i), "q", answerable, abstained, ok, [], 0, 0, 1.0, "", baseline_top1=top1, baseline_top3=top3)


def test_eval_counts_wrong_confident_answers_apart_from_misses_and_the_baseline():
    cases = [_case(1, True, False, True, True, True), _case(2, True, False, False, False, True),
             _case(3, True, True, False), _case(4, False, True, True), _case(5, False, False, False)]
    m = EvalReport(cases).metrics()
    assert (m["wrong_confident"], m["answered_unanswerable"]) == (1, 1)
    assert m["answered_precision"] == pytest.approx(1 / 3) and m["answered_recall"] == pytest.approx(1 / 3)
    assert (m["baseline_top1"], m["baseline_top3"]) == (1, 2)
    assert "Wrong confident" in EvalReport(cases).render()


def test_evidence_bench_places_an_offset_in_its_abstract_section():
    from app.bench.evidence import section_at

    text = "BACKGROUND: Is X useful? METHODS: We randomised 40 patients. RESULTS: X lowered Y (p<0.01)."
    assert section_at(text, text.index("Is X")) == "BACKGROUND"
    assert section_at(text, text.index("We randomised")) == "METHODS"
    assert section_at(text, text.index("X lowered")) == "RESULTS"


def test_an_expected_fact_counts_whatever_its_case_and_a_missing_one_is_named():
    from app.bench.evaluation import QACase, check_facts
    from app.records import Answer

    case = QACase(id="x", q="Cautions?", answerable=True, all=["Asthma"], any=["Migraine", "epilepsy"])
    said = Answer(question="Cautions?", answer="Use cautiously in migraine and asthma [1].", abstained=False)
    assert check_facts(case, said) == (True, [])
    short = Answer(question="Cautions?", answer="Use cautiously in asthma [1].", abstained=False)
    assert check_facts(case, short) == (False, ["Migraine | epilepsy"])


def test_a_symbol_font_bullet_starts_a_list_item_of_its_own():
    from app.ingest.layout import Line, TextBuilder

    def line(text: str, top: float) -> Line:
        return Line(text=text, page=1, size=10, bold=False, left=72, top=top, bottom=top + 10, page_height=800)

    builder = TextBuilder(body_size=10, levels={})
    for i, text in enumerate(["\uf0b7 Take height and weight in clinic.", "\uf0b7 Patients with an allergy should not receive a dose."]):
        builder.line(line(text, 100 + 12 * i))
    assert builder.text() == "- Take height and weight in clinic.\n- Patients with an allergy should not receive a dose."


def test_a_cited_sentence_ends_at_its_marker_whatever_starts_the_next():
    from app.verify.verifier import split_sentences

    assert [s.cited for s in split_sentences("Take it with food [1]. \uf0b7 not with milk [2].")] == [[1], [2]]


@pytest.mark.parametrize("text, side", [
    ("fasting glucose ≥7.0", "above"), ("7.0 mmol/litre or above", "above"), ("aged 18 or older", "above"),
    ("eGFR<30 mL/min", "below"), ("no more than 30 mg", "below"), ("not exceeding 30 g", "below"),
    ("below 30", "below"), ("a dose of 30 mg", ""), ("between 30 and 40", ""), ("HER30+ tumours", ""),
])
def test_a_number_is_put_on_the_side_of_a_threshold_its_words_say(text, side):
    assert threshold_sides(text)[0] == (30.0 if "30" in text else 7.0 if "7" in text else 18.0, side)


def test_how_well_does_it_work_asks_for_a_stated_result_and_keeps_the_questions_own_terms():
    terms = TermCoverage(2.0, lambda t: 1.0).question_terms("How well does it reduce side effects?")
    assert "#efficacy" in terms.types and "effect" in terms.tokens
    result = re.compile(terms.types["#efficacy"], re.I)
    assert result.search("PFS was longer (HR 0.47)") and result.search("response in 62% of patients")
    assert not result.search("Take with food or water.") and not result.search("Infuse over 1 hr.")
    assert "#efficacy" not in TermCoverage(2.0, lambda t: 1.0).question_terms("How does it work?").types
    helps = TermCoverage(2.0, lambda t: 1.0).question_terms("does drugA help more than drugB?")
    assert "#efficacy" in helps.types and not {"help", "more"} & set(helps.tokens)


@pytest.mark.unit
@pytest.mark.parametrize("question", ["does drugA have better brain efficacy than drugB?", "is drugA more effective than drugB?",
                                      "is drugA superior to drugB for brain mets?", "drugA vs drugB: which has greater effectiveness?"])
def test_asking_which_drug_works_better_asks_for_a_stated_result(question):
    terms = TermCoverage(2.0, lambda t: 1.0).question_terms(question)
    assert "#efficacy" in terms.types, terms.tokens
    assert not {"better", "effect", "efficaci", "superior", "greater"} & set(terms.tokens), terms.tokens


@pytest.mark.unit
@pytest.mark.parametrize("question", ["does the trial favour drugA over drugB?", "did drugA outperform drugB?",
                                      "which arm did the results favour?"])
def test_asking_which_arm_a_result_favours_asks_for_a_stated_result(question):
    terms = TermCoverage(2.0, lambda t: 1.0).question_terms(question)
    assert "#efficacy" in terms.types and not {"favour", "favor", "outperform"} & set(terms.tokens), terms.tokens


@pytest.mark.unit
@pytest.mark.parametrize("question", ["is the guideline in favour of drugA?", "is drugA favoured in pregnancy?",
                                      "do guidelines favour drugA over drugB?"])
def test_a_recommendation_favouring_a_drug_is_no_question_about_its_results(question):
    assert "#efficacy" not in TermCoverage(2.0, lambda t: 1.0).question_terms(question).types


@pytest.mark.unit
@pytest.mark.parametrize("header, other, split", [
    ("IC-ORR with Alectinib", "IC-ORR with Crizotinib", ("IC-ORR with", "Alectinib")),
    ("Response, placebo", "Response, intervention group", ("Response,", "placebo")),
    ("HbA1c change 1.0 mg", "HbA1c change 0.5 mg", ("HbA1c change", "1.0 mg")),
    ("Median PFS", "Median OS", None),  # two measures, not two arms of one
    ("Hazard ratio", "Hazard ratio 95% CI", None),
    ("Drug A", "Study details", None),  # nothing shared
])
def test_columns_are_arms_of_one_measure_only_when_they_share_it_and_each_names_an_arm(header, other, split):
    from app.answer.arms import arm_split

    assert arm_split(header, other) == split


@pytest.mark.unit
def test_how_long_asks_for_a_duration_and_its_words_are_no_terms_to_find():
    terms = TermCoverage(5.0, lambda tok: 1.0).question_terms("Switching from apixaban to warfarin - how long to overlap?")
    assert "#duration" in terms.types and "long" not in terms.tokens
    duration = re.compile(medterms.ANSWER_TYPES["#duration"], re.I)
    for stated in ("continue for at least 2 days", "infuse over 30 to 120 minutes", "given for three days",
                   "a 5-day course", "until the INR is 2.0 or above", "several weeks", "a few days", "lifelong"):
        assert duration.search(stated), stated
    # How often and how old are not how long.
    for unstated in ("Stop taking the medicine containing a vitamin K antagonist", "HbA1c at week 56", "2.5 mg twice daily",
                     "Take 100 mg twice a day with food", "once a week", "every 12 hours", "aged 65 years",
                     "patients 65 years old"):
        assert not duration.search(unstated), unstated
    assert "#duration" not in TermCoverage(5.0, lambda tok: 1.0).question_terms("How long-acting is this insulin?").types


@pytest.mark.unit
@pytest.mark.parametrize("headers, measures", [
    (["IC-ORR with Alectinib", "IC-ORR with Crizotinib", "Study Details"], ["IC-ORR with", "IC-ORR with", None]),
    (["Alectinib (CNS Mets)", "Crizotinib (CNS Mets)", "Hazard Ratio (HR) & P-value"], ["", "", None]),
    (["Dapagliflozin (n=2373)", "Placebo (n=2371)"], ["", ""]),
    # Two counted groups named by one arm word are arms, whatever substance names them.
    (["Score", "Aloe gel group (n=30)", "P-value within groups", "Saline spray group (n=30)"], [None, "", None, ""]),
    # ... but subgroups of one arm are not: by sex, or a group beside its negation.
    (["Week", "Male group (n=28)", "Female group (n=24)"], [None, None, None]),
    (["Week", "Adherent group (n=140)", "Non-adherent group (n=45)"], [None, None, None]),
    # A flattened two-row header repeats its arms under two measures: no column is read as an arm.
    (["ORR Alectinib", "Crizotinib", "DoR, months Alectinib", "Crizotinib"], [None, None, None, None]),
    # Subgroups, visits and totals are not arms of a comparison.
    (["Male (n=120)", "Female (n=80)"], [None, None]),
    (["Baseline (n=200)", "Week 12 (n=180)"], [None, None]),
    (["Dapagliflozin (n=10)", "Total (n=20)"], [None, None]),
    (["Rivaroxaban dose", "Treatment duration"], [None, None]),
    # One drug in two forms ("<drug> PF" beside "<drug>") is two arms; a form alone, or a response, is none.
    (["Latanoprost PF (N=301)", "Latanoprost (N=295)"], ["", ""]),
    (["Adverse event", "Zelparin ER 10 mg (n=40)", "Placebo (n=41)"], [None, "", ""]),
    (["Oral", "Intravenous"], [None, None]),
    (["CR", "PR"], [None, None]),
    (["Outcome", "Tamoxifen ER+ (n=200)", "Tamoxifen ER- (n=100)"], [None, None, None]),  # a receptor's status
])
def test_a_row_reads_columns_as_arms_only_when_each_names_an_arm_and_nothing_else(headers, measures):
    from app.answer.arms import arm_measures

    assert arm_measures(headers) == measures


def test_a_table_of_contents_read_as_a_sentence_is_told_from_a_sentence_with_numbers():
    assert is_contents_listing("Contents Introduction ........ 3 Diagnosis ....... 5 Treatment ........ 9 References ..... 14")
    assert is_contents_listing("CONTENTS 1 INDICATIONS 2 DOSAGE 2.1 Adults 2.2 Children 3 FORMS 4 CONTRAINDICATIONS")
    assert is_contents_listing("FULL PRESCRIBING INFORMATION: CONTENTS 1 INDICATIONS 2 DOSAGE 2.1 Adults Weighing at "
                               "Least 40 kg 2.2 Children 12 Years and Older 3 FORMS 4 CONTRAINDICATIONS")
    # A schedule counts up too, but it measures something.
    assert not is_contents_listing("Week 1 Dose 40 mg, Week 2 Dose 30 mg, Week 3 Dose 20 mg, Week 4 Dose 10 mg, "
                                   "Week 5 Dose 5 mg, Week 6 Dose 0 mg.")
    assert not is_contents_listing("Step 1 Wash, 3 Dry, 2 Fill, 4 Inject, 5 Press, 6 Hold")  # numbers out of order


def test_an_acronym_in_a_question_is_found_spelled_out_in_the_evidence():
    assert acronyms_in("Per RCOG, from what gestation? The OGTT thresholds? IV or PO? NSAIDs?") == {
        "rcog": "rcog", "ogtt": "ogtt", "nsaid": "nsaid"}
    assert spells("rcog", "The Royal College of Obstetricians and Gynaecologists recommends ...")
    assert spells("pph", "to prevent post-partum haemorrhage")  # a hyphenated word is two words
    assert spells("ida", "women with iron deficiency anaemia")
    assert not spells("ida", "the dose is adjusted in renal impairment")  # "is", "in" are no initials
    assert not spells("acs", "antenatal corticosteroids should be offered")  # nor a modal verb


def test_a_questions_grammar_is_no_term_the_evidence_must_contain():
    terms = TermCoverage(2.0, lambda tok: 1.0).question_terms("Can I use labetalol per the guideline you cited?")
    assert terms.tokens == ["labetalol", "guidelin"]
    # adverbs of time and emphasis: "can it still be taken", "a patient already on X"
    terms = TermCoverage(2.0, lambda tok: 1.0).question_terms("Is labetalol still given if she is already on it, or ever repeated?")
    assert terms.tokens == ["labetalol", "given", "repeat"]
    # who asks, and prepositions relating the question's terms: "a patient asking whether ...", "between arms"
    terms = TermCoverage(2.0, lambda tok: 1.0).question_terms("Patient asking about the difference between drugA and drugB")
    assert terms.tokens == ["differ", "druga", "drugb"], terms.tokens



@pytest.mark.unit
@pytest.mark.parametrize("question, tokens", [
    ("my pt has brain mets, does drugA help?", ["brain", "met", "druga", "#efficacy"]),
    ("how many pts had target lesions?", ["target", "lesion", "#count"]),
    ("do I have to wait for the U&E result?", ["wait", "u&e"]),
    ("how common are seizures once pts are on drugA?", ["seizur", "druga", "#rate"]),
    ("which drug has the longest half-life?", ["drug", "has", "longest", "half-life", "half", "life"]),  # not a patient's
    ("is it given once a day?", ["given", "onc", "day"]),  # a frequency
    ("give drugA once the night before surgery?", ["druga", "onc", "night", "befor", "surgeri"]),
    ("women who have had a hysterectomy - is drugA safe?", ["women", "hysterectomi", "druga", "safe"]),
    ("drugA in pregnancy - any data at all?", ["druga", "pregnanc"]),  # emphasis
])
def test_a_patients_story_and_necessity_are_grammar_not_terms(question, tokens):
    assert TermCoverage(2.0, lambda tok: 1.0).question_terms(question).tokens == tokens


@pytest.mark.parametrize("evidence, answers", [
    ("Overall 311 patients were enrolled.", True),
    ("Approximately 50% of individuals required more prednisolone.", True),  # a share of them
    ("Prednisolone was tapered every 8 weeks.", False),
    ("Response was 50% in the treated group.", False),  # a rate, not a share of the patients asked about
])
def test_how_many_patients_is_answered_by_a_count_or_share_of_patients(evidence, answers):
    assert states_count("How many participants needed additional prednisolone?", evidence) is answers


@pytest.mark.parametrize("question, evidence, answers", [
    ("how many evaluable w/ target lesions?", "Cohort 1 (n=11 with target lesions)", True),
    ("How many eligible?", "Of those screened, 311 patients were eligible.", True),
    ("how many evaluable w/ target lesions?", "Responses were assessed every 8 weeks.", False),
    # "How many of them/these" counts whoever is meant; "how many of the pts got A vs B" asks each group's
    # number, which the study's total is not.
    ("what IC-ORR was seen, and how many of them had target lesions?", "Cohort 1 (n=11 with target lesions)", True),
    ("how many of these had LM?", "All eight patients had LM.", True),
    ("how many of the pts got upfront drug A vs the sequential route", "A study of 311 patients in nine sites.", False),
])
def test_how_many_counts_the_patients_it_means(question, evidence, answers):
    assert states_count(question, evidence) is answers


@pytest.mark.parametrize("question, evidence", [
    ("Apixaban after hip/knee replacement?", "after hip or knee replacement operations, apixaban"),
    ("Apixaban in under-18s?", "apixaban is not recommended in children and adolescents under 18 years of age"),
    ("Score75 response with drugA?", "Score 75 response was reached with drugA"),
])
def test_a_compound_the_question_writes_together_is_covered_written_apart(question, evidence):
    cover = TermCoverage(2.0, lambda tok: 1.0)
    assert cover.coverage(cover.question_terms(question), evidence) == 1.0


@pytest.mark.parametrize("question, same, other", [
    ("Response kept at 1 yr?", "Response was kept at Week 52.", "Response was kept at Week 48."),
    ("Fever gone by 48h?", "Fever had gone by 2 days.", "Fever had gone by 3 days."),
    ("Relapse at 3 mo?", "Relapse at 13 weeks was rare.", "Relapse at 12 weeks was rare."),
    # A unit after another period's number starts no period ("for 7 days 2 tablets").
    ("Rash at 48h?", "Rash at 2 days.", "Rash for 7 days 2 tablets."),
    # In one unit a period is its number: day 11 is not day 10.
    ("Relapse by day 10?", "Relapse by day 10 was rare.", "Relapse by day 11 was rare."),
])
def test_a_period_is_stated_in_any_unit_but_not_by_a_near_number_in_the_same_unit(question, same, other):
    cover = TermCoverage(2.0, lambda tok: 1.0)
    asked = cover.question_terms(question)
    assert cover.coverage(asked, same) == 1.0 > cover.coverage(asked, other)


def test_a_score_written_with_its_cut_off_is_not_covered_by_its_parts_apart():
    cover = TermCoverage(2.0, lambda tok: 1.0)
    assert cover.coverage(cover.question_terms("Score75 response?"), "Score 90 response at 75 mg") < 1.0


def test_a_hyphenated_compound_is_covered_written_as_one_word_and_not_by_its_first_part_alone():
    coverage = TermCoverage(2.0, lambda tok: 1.0)
    asked = coverage.question_terms("Can remdesivir be co-administered with hydroxychloroquine?")
    assert coverage.coverage(asked, "Coadministration of remdesivir and hydroxychloroquine is not recommended.") == 1.0
    alone = coverage.question_terms("Total dose in the prednisolone-alone arm?")
    said = coverage.coverage(alone, "The total dose in the MP arm was 6.15 g of prednisolone.")
    assert said < coverage.coverage(alone, "The total dose in the prednisolone alone arm was 2.52 g.") == 1.0


def test_a_form_blank_states_nothing_and_a_label_keeps_one_colon():
    from app.answer.rows import RowReader

    coverage = TermCoverage(2.0, lambda tok: 1.0)
    reader = RowReader(coverage.coverage)
    terms = coverage.question_terms("Who signs the competency form?")
    assert reader.statements(_row([("Column 1", "Practitioner name and signature"), ("Column 2", "Date:")]), terms) == []
    kept = reader.statements(_row([("Column 1", "Signing"), ("Column 2", "Staff sign the form in the following cases:")]), terms)
    assert kept, "a cell that introduces its items is no blank"
    said = reader.statements(_row([("Column 1", "Purpose:"), ("Column 2", "To ensure staff sign the form.")]), terms)
    assert [st.text for st in said] == ["Purpose", "To ensure staff sign the form."]


def test_a_verbless_question_asks_for_the_thing_it_starts_with():
    from app.answer.focus import focus

    assert focus("Contraindications to IM methotrexate in this SOP?") == ["contraind"]
    # The properties asked (size, length) are the answer's values; one word is left, which may be said otherwise.
    assert focus("Needle size/length for IM methotrexate?") == []
    assert focus("Apixaban in pregnancy?") == []  # a drug is checked by the drug guards
    assert focus("Storage of the vials?") == []  # one word the lexicon does not know may be a field label
    assert focus("Is it contraindicated in pregnancy?") == []  # a question with a verb asks otherwise


def test_an_acronym_is_spelled_out_with_its_function_words_but_not_ending_on_one():
    assert spells("iol", "Oxytocin infusion for induction of labour")
    assert spells("pph", "to prevent post-partum haemorrhage")
    assert not spells("acs", "a course of antenatal corticosteroids should be offered")
    assert acronyms_in("WHAT IS THE MAX DOSE OF ORAL IRON?") == {}  # capitals throughout tell no acronym apart


def test_a_change_from_baseline_is_stated_by_a_value_that_changed_not_by_the_outcome_named():
    asks, value = medterms.MEASURES["change from baseline"]
    assert re.search(asks, "HbA1c change from baseline at week 56 in each arm?", re.I)
    for stated in ("HbA1c fell from baseline by 1.4%", "mean change was -1.32%", "a reduction of 1.2 kg"):
        assert re.search(value, stated, re.I), stated
    for named in ("Change from baseline in body weight at week 68 with semaglutide 2.4 mg",
                  "Patients with HbA1c above 7.0% at baseline", "Greater reduction in HbA1c from baseline at week 26"):
        assert not re.search(value, named, re.I), named


def test_a_documents_abbreviations_are_read_from_that_document_and_spelled_out_where_used():
    defined = defined_abbreviations("Outcomes included protective efficacy (PE) at 12 months.\nPE was 49%.")
    assert defined == {"PE": "protective efficacy"}
    assert spelled_out("The highest PE was seen with SP+AQ.", defined).endswith("(protective efficacy)")
    # A longer word that starts with the letters is not the abbreviation; nor is a document that defines nothing.
    assert spelled_out("PEG was given.", defined) == "PEG was given."
    assert defined_abbreviations("A PE was suspected on the scan.") == {}


@pytest.mark.unit
def test_one_side_of_an_either_or_compound_covers_it_in_part():
    cover = TermCoverage(2.0, lambda t: 1.0)
    compound = replace(cover.question_terms("Needle size/length?"), tokens=["size/length"])
    both, one, neither = (cover.coverage(compound, text) for text in (
        "Needle: length 25 mm, size 21G.", "Needle: length 25 mm.", "Needle: use a new one."))
    assert (both, one, neither) == (1.0, 0.5, 0.0)


@pytest.mark.unit
def test_an_acronym_in_capitals_is_not_said_by_the_same_letters_as_a_unit_after_a_number():
    cover = TermCoverage(2.0, lambda t: 1.0)
    terms = replace(cover.question_terms("Toxicity in the MG trial?"), tokens=["mg"])
    assert cover.coverage(terms, "Toxicity was managed by reducing the dose by 2.5 mg weekly.") == 0.0
    assert cover.coverage(terms, "Toxicity was managed in generalised MG by reducing the dose by 2.5 mg.") == 1.0
    # A unit the question writes in capitals is said by the same unit after a number.
    iu = replace(cover.question_terms("How many IU of vitamin D daily?"), tokens=["iu"])
    assert cover.coverage(iu, "Take 400 IU of vitamin D daily.") == 1.0


def _said(text: str) -> list[Statement]:
    """The statement quoting a whole sentence, as the answerer reads it."""
    return [Statement(text, 0, len(text), _sentence(text))]


def _answers(question: str, text: str) -> bool:
    """Whether the sentence states the kind of value the question asks for."""
    return answers_type(question, TermCoverage(2.0, lambda t: 1.0).question_terms(question), _said(text))


@pytest.mark.parametrize("question, sentence, answers", [
    # the wh-word asks for studies; the rate only says which studies
    ("Which studies were pooled for the intracranial response rate?", "DrugB-pretreated (pooled Study A and Study B)", True),
    ("Which arm had the higher response rate?", "The response rate was higher in the drugA arm.", True),
    ("What response rate did drugA reach?", "The response rate was higher in the drugA arm.", False),
    ("What was the response rate with drugA?", "The response rate was higher in the drugA arm.", False),
    ("What maximum daily dose of drugA?", "DrugA is taken once daily with food.", False),
    # "national" names no country the answer must give
    ("How many centres took part in the national registry study?", "Patients were enrolled across nine sites.", True),
    # what the head joins, spells with a slash or bounds ("at most"), and a second ask after it, are asked too
    ("What regimen and dose for status epilepticus?", "DrugA is the first-line regimen for status epilepticus.", False),
    ("Which regimen, at what dose, for status epilepticus?", "DrugA is the first-line regimen for status epilepticus.", False),
    ("What mg/kg dose of drugA for neonates?", "DrugA is used in neonates with sepsis.", False),
    ("How many tablets at most in 24 hours?", "Take one or two tablets every 4 to 6 hours.", False),
    ("What HR for death with drugA?", "Deaths were fewer with drugA than with placebo.", False),
])
def test_a_measure_the_question_names_is_asked_for_only_where_its_wh_word_asks_for_it(question, sentence, answers):
    assert _answers(question, sentence) is answers


@pytest.mark.unit
@pytest.mark.parametrize("question, sentence, answers", [
    # A number the question states is no value it asks for, unless it offers it as a choice.
    ("How much water to reconstitute the 500 mg vial?", "Each vial contains 500 mg of drugA powder.", False),
    ("How much water to reconstitute the 500 mg vial?", "Add 10 mL of water for injections to each 500 mg vial.", True),
    ("How long should drugA be given, 5 days or 7 days?", "Treat for 7 days.", True),
    # Asked a maximum, the evidence states the bound, however it is written.
    ("What is the max dose of drugA?", "The recommended dose is 20 mg once daily.", False),
    ("What is the max dose of drugA?", "1 g every 4-6 hours (max 4 g/24 hours).", True),
    ("What is the max dose of drugA?", "A daily dose of 4 g should not be exceeded.", True),
])
def test_a_value_asked_is_none_the_question_gives_and_a_bound_asked_is_stated(question, sentence, answers):
    assert _answers(question, sentence) is answers


@pytest.mark.unit
@pytest.mark.parametrize("question, sentence, answers", [
    # "Where" in a clinic asks for a place to put, keep or inject something, not only a country or centre.
    ("Where do used drugA needles go?", "DrugA needles and syringes must be disposed of in the purple top sharps bin.", True),
    ("Where should the vials be kept?", "Unopened vials are stored in a fridge at 2 to 8 °C.", True),
    ("Where is the injection given?", "Inject into the thigh or the abdomen.", True),
    ("Where was the trial done?", "The trial was conducted at 12 centres in Brazil.", True),
    ("Where was the trial done?", "The trial enrolled 40 patients given drugA.", False),
    ("Where was the trial done?", "Participants attended the clinic every 4 weeks for 52 weeks.", False),
])
def test_where_is_answered_by_a_place(question, sentence, answers):
    assert _answers(question, sentence) is answers


@pytest.mark.parametrize("question, sentence, answers", [
    ("Which patients counted as high risk?", "Among patients at high risk, the drug halved relapses.", False),
    ("Which patients counted as high risk?", "Patients at high risk were those with two prior relapses.", True),
    ("How was response defined?", "Response: a fall of 50% or more in the lesion count.", True),
    ("How was response defined?", "Response was seen in 45% of patients.", True),  # "response was" reads as one
    ("What was the definition of remission?", "Remission rates were similar in both arms.", False),
    # A count, not a definition, and a question asking for neither.
    ("How many patients were counted as responders?", "45 of 150 patients responded.", True),
    ("What dose was given?", "Among patients at high risk, the drug halved relapses.", True),
    # A colon defines a term it follows, not one it labels or a value it introduces.
    ("How was real-world intracranial PFS defined?",
     "Real-world intracranial PFS (rwiPFS): time from initiation to intracranial progression or death.", True),
    ("Which drugs counted as later generation quinolones?",
     "Success was associated with use of later generation quinolones: levofloxacin or moxifloxacin.", True),
    ("Which drugs counted as later generation quinolones?",
     "Success compared to failure or death: later generation quinolones, (aOR: 2.7), ofloxacin (aOR: 2.3).", False),
    # The term is the words that run together: a definition may put a word between the term and its setting.
    ("What Hb counts as anaemia in pregnancy?", "Anaemia during pregnancy is defined as a haemoglobin below 110 g/L.", True),
    ("What Hb counts as anaemia in pregnancy?", "Anaemia during pregnancy raises the risk of preterm birth.", False),
    # A term with a small word inside is one term: time to failure does not define time to progression.
    ("How was time to progression defined in the trial?", "Time to treatment failure was defined as the time to stopping drugA.", False),
    # Bands named after their values, "respectively", are defined by the verb that opens the list.
    ("Pain score bands - what score counts as severe?",
     "Scores of 0 to 3, 4 to 6 and over 6 were used to rate the pain as mild, moderate and severe, respectively.", True),
    ("Pain score bands - what score counts as severe?", "Rates were 40% in mild and 60% in severe pain, respectively.", False),
    # A term of three words defined by "is" after the whole of it.
    ("definition of treatment resistant depression?",
     "Treatment-resistant depression is when the illness fails to respond to two antidepressants for six weeks.", True),
    ("definition of treatment resistant depression?", "Treatment-resistant depression affects up to 30% of patients.", False),
    # (Only where the text goes on with the whole term: part of a longer one defines nothing.)
    ("what counts as acute kidney injury stage 3?", "Acute kidney injury is a common complication of sepsis.", False),
])
def test_asked_what_counts_as_something_a_sentence_must_define_it(question, sentence, answers):
    assert does_not_define(_sentence(sentence), question) is not answers


@pytest.mark.parametrize("sentence, answers", [
    ("Change in body weight | Units: kilograms | Drug A: -6.13; Placebo: -1.93", True),
    ("Drug A patients lost 6.1 kilograms.", True),
    ("Change in body weight | Units: percent | Drug A: -6.13; Placebo: -1.93", False),
    ("Body weight fell more with drug A than with placebo.", False),
    # A body mass index is in kilograms per square metre, and a count under a weight's units is no weight.
    ("Change in BMI | Units: kg/m2 | Drug A: -2.1", False),
    ("Units: kilograms per square metre | Drug A: -2.1", False),
    ("Body weight | Units: kilograms | Number analysed: 150 participants", False),
])
def test_a_weight_is_a_number_in_kilograms_or_numbers_under_a_declared_unit_of_kilograms(sentence, answers):
    assert _answers("Body weight change with drug A?", sentence) is answers


@pytest.mark.parametrize("question, sentence, answers", [
    ("Most common adverse event?", "Adverse events were pooled across sites and expressed per 100 patient-years.", False),
    ("Most common adverse event?", "Adverse events were pooled across sites; nausea was the most common was 12%.", True),
    ("Mean HbA1c at week 26?", "Mean HbA1c was measured at week 26 in each group and was 53 mmol/mol.", True),
    ("How were adverse events pooled?", "Adverse events were pooled across sites and expressed per 100 patient-years.", True),
    ("Adverse events with codeine?", "Adverse events were pooled across sites and expressed per 100 patient-years.", False),
    # What a study measured is no finding, unless the question asks what it measured.
    ("OS benefit with drugA in all-comers?", "Secondary endpoints included PFS in the overall population, OS and safety.", False),
    ("What were the secondary endpoints?", "Secondary endpoints included PFS in the overall population, OS and safety.", True),
    ("Primary outcome and timepoint?", "The primary outcome was pain at 72 hours.", True),
    ("OS benefit with drugA?", "The primary endpoint was met, with OS 31 vs 27 months.", True),
    ("median PFS with drugA?", "The primary endpoint was PFS, with a median of 11.2 months with drugA and 5.6 months with placebo.", True),
    ("What was the functional outcome with drugA at 90 days?", "Functional outcome was assessed at 90 days using the modified Rankin scale.", False),
    ("median OS?", "Secondary endpoints included OS, with a median of 24.1 vs 19.8 months.", True),
    ("What outcomes were measured?", "Secondary outcomes included quality of life and safety.", True),
    ("Did drugA meet its primary endpoint?", "Secondary endpoints included PFS, OS and safety.", False),
])
def test_a_sentence_saying_how_something_was_counted_answers_only_how(question, sentence, answers):
    assert only_states_method(_sentence(sentence), question) is not answers


def test_us_the_pronoun_is_not_the_us_the_country():
    cover = TermCoverage(2.0, lambda t: 1.0)
    country = set(concept_groups("United States"))
    assert country & cover.question_terms("US prevalence of peanut allergy?").groups
    assert not country & cover.question_terms("Tell us the dose of zelparin in adults?").groups


def test_abbreviations_are_read_from_a_document_without_line_breaks_and_only_with_two_capitals():
    text = "Outcomes were the hazard ratio (HR) and the odds ratio (OR) in each group, " * 3000
    assert defined_abbreviations(text) == {"HR": "hazard ratio", "OR": "odds ratio"}
    assert defined_abbreviations("Indium (In) was used.\nIn the trial, In was given.") == {}


def test_a_volume_or_a_count_of_tablets_is_a_dose_and_a_concentration_is_not():
    for dose in ("Starting dose one bottle of 3ml.", "Give 5 mL at night.", "Take two tablets at once.", "400mg once daily"):
        assert medterms.DOSE_AMOUNT.search(dose), dose
    for other in ("a solution of 10 mg/ml", "two of the patients", "Take the tablets with water."):
        assert not medterms.DOSE_AMOUNT.search(other), other


@pytest.mark.parametrize("question, evidence, answers", [
    ("Outbreak from contaminated scopes - how many got sick?", "The outbreak sickened 11 people at two hospitals.", True),
    ("How many died?", "Mortality was lower with the drug.", False),
    ("How many pts and studies in the meta-analysis?", "The 32 studies included 9,153 patients.", True),
    ("How many pts and studies in the meta-analysis?", "Eight studies (n=450) were pooled.", True),
    # the studies' count alone answers half the question
    ("How many pts and studies in the meta-analysis?", "Overview of the 32 studies included in the meta-analysis.", False),
    ("How many pts and studies in the meta-analysis?", "Patients were treated for 18 months.", False),
    ("How many patients or studies were excluded?", "Four studies were excluded.", True),
    ("How many patients were randomised?", "In all, 1,250 patients were randomised.", True),  # thousands written with a comma
    ("How many patients were randomised?", "Each received 1,500 mg.", False),
    ("How many women had an adverse event?", "The number of women or their infants who had at least one adverse event "
                                             "was 217 (55%) in one group and 219 (56%) in the other.", True),
    ("How many women had an adverse event?", "The number of women who had an adverse event was higher in week 4.", False),
    ("How many patients had a relapse?", "The number of patients who had a relapse was lower with drugA, "
                                          "and the mean age of those who relapsed was 52.", False),  # another "was"'s number
    ("How many patients had a relapse?", "The number of patients who relapsed was 12 weeks after the start.", False),
    ("How many studies and what total sample size?", "The 32 studies included 9,153 patients.", True),  # a second ask
    ("How many breaths before it works?", "Relief should occur within 6-10 inhalations.", True),  # a range of them
    ("How many tablets a day?", "Take 2 to 4 tablets a day.", True),
    ("How many tablets a day?", "Take it 2-4 hours before meals.", False),
    # "How many mL" asks an amount in millilitres, a fraction of one too.
    ("how many mL per dose?", "Volume twice daily: 12.5 mL", True),
    ("how many mL per dose?", "Dose twice daily: 250 mg", False),
])
def test_how_many_counts_whoever_its_verb_is_about_and_every_noun_it_joins(question, evidence, answers):
    assert states_count(question, evidence) is answers


@pytest.mark.parametrize("question, sentence, answers", [
    ("Dose adjustment for renal impairment with zelparin?",
     "Dosage adjustment for patients with renal impairment has not been studied in clinical trials.", True),
    ("Zelparin dose in children?", "Safety and effectiveness in paediatric patients have not been established.", True),
    ("Zelparin dose in the elderly?", "No dose adjustment is required in elderly patients.", True),
    ("Zelparin dose in the elderly?", "Elderly patients were more often dizzy.", False),
])
def test_a_document_saying_an_asked_dose_was_not_studied_or_is_not_needed_answers_it(question, sentence, answers):
    assert _states_asked_type(question, sentence) is answers


def _states_asked_type(question: str, sentence: str) -> bool:
    terms = TermCoverage(2.0, lambda t: 1.0).question_terms(question)
    return answers_type(question, terms, [Statement(sentence, 0, len(sentence), _sentence(sentence))])


def _cell(header: str, value: str) -> list[Statement]:
    """The statement quoting one table cell, under its column header."""
    text = f"Female\t{value}"
    chunk = Chunk(id="r", source="doc.txt", title="Doc", section="", kind="table_row", start=0, end=len(text), text=text,
                  search_text=text, content_hash="h", cells=(Cell("Subgroup", 0, 6), Cell(header, 7, len(text))))
    return [Statement(f"{header}: {value}", 7, len(text), Unit(Passage(chunk, 1.0), 0, len(text), "row", text))]


def test_an_arms_dose_in_its_column_header_is_not_a_dose_the_cell_states():
    question = "drugA dose if creatinine clearance is 20 mL/min?"
    terms = TermCoverage(2.0, lambda t: 1.0).question_terms(question)
    assert not answers_type(question, terms, _cell("drugA 20 mg n (%)", "18 (15.0)"))


@pytest.mark.parametrize("question", ["Did treatment A work in female patients?", "HR vs placebo in women?"])
@pytest.mark.parametrize("header, value, answers", [
    ("HR (95% CI)", "0.86 (0.71-1.04)", True), ("Hazard ratio (95% CI)", "0.86 (0.71-1.04)", True),
    ("Placebo %", "0.86 (0.71-1.04)", False), ("Column 5", "0.86 (0.71-1.04)", False),
    ("Hazard ratio & P value", "P < 0.0001", False),  # the cell names its own statistic
])
def test_a_cells_column_header_says_what_kind_of_value_it_holds(question, header, value, answers):
    terms = TermCoverage(2.0, lambda t: 1.0).question_terms(question)
    assert answers_type(question, terms, _cell(header, value)) is answers


def test_a_population_word_stands_for_its_plural_and_its_singular():
    children = set(concept_groups("children"))
    for said in ("adolescent and adult patients", "in adolescents", "one infant", "neonates"):
        assert children & set(concept_groups(said)), said
    assert not set(concept_groups("Tell us")) & set(concept_groups("uses"))


@pytest.mark.parametrize("question, evidence, answers", [
    ("Terminal half-life of zelparin in adults?", "mean terminal elimination half-life of 11.8 (± 5.1) hours", True),
    ("Terminal half-life of zelparin in adults?", "a recovery at Week 0 of 2.4 ± 0.4 IU/dl per IU/kg", False),
    ("Serum fluoride level associated with nephrotoxicity?", "associated with serum levels greater than 40 umol/l", True),
    ("Serum fluoride level associated with nephrotoxicity?", "causes nephrotoxicity at high doses due to fluoride ions", False),
])
def test_a_half_life_or_a_serum_level_asked_for_must_be_stated(question, evidence, answers):
    assert _states_asked_type(question, evidence) is answers


def test_british_and_american_spellings_are_one_token_and_a_drug_name_is_left_as_written():
    from app.text.lexical import tokenize
    for british, american in [("haemarthrosis", "hemarthrosis"), ("oedema", "edema"), ("anaemia", "anemia"),
                              ("paediatric", "pediatric"), ("randomised", "randomized"), ("ischaemia", "ischemia"),
                              ("diarrhoea", "diarrhea"), ("oestradiol", "estradiol"), ("tumour", "tumor")]:
        assert tokenize(british) == tokenize(american), british
    assert tokenize("does") == ["doe"] and tokenize("leucovorin") == ["leucovorin"]


def test_a_soft_hyphen_is_no_part_of_a_word():
    from app.text.lexical import tokenize
    assert tokenize("post\u00ad-exposure prophylaxis") == tokenize("post-exposure prophylaxis")


def test_a_bm25_index_built_by_another_tokenizer_is_not_current():
    from app.index.lexical_index import LexicalLifecycle
    from app.text.lexical import TOKENIZER_VERSION

    class Store:
        def version(self):
            return "7"

    assert LexicalLifecycle(Store(), Path("."), Path("lock")).version() == f"7/t{TOKENIZER_VERSION}" != "7"


def test_several_cells_of_unnamed_columns_are_read_without_their_placeholder_names():
    from app.answer.rows import RowReader

    coverage = TermCoverage(2.0, lambda tok: 1.0)
    row = _row([("Column 1", "Minor early bleeds"), ("Column 2", "20-40"), ("Column 3", "Repeat every 12 to 24 hours")])
    said = RowReader(coverage.coverage).statements(row, coverage.question_terms("Minor bleeds: how often to redose?"))
    text = " ".join(st.text for st in said)
    assert "Column" not in text and "Repeat every 12 to 24 hours" in text, text


def test_a_column_header_is_read_without_its_footnote_marker_but_a_day_keeps_its_number():
    from app.answer.rows import RowReader

    coverage = TermCoverage(2.0, lambda tok: 1.0)
    row = _row([("Infection", "Cystitis"), ("Dose", "250 mg"), ("Usual Durations 1", "3 days"), ("Day 1", "500 mg")])
    said = RowReader(coverage.coverage).statements(row, coverage.question_terms("Cystitis: dose and usual durations on day 1?"))
    text = " ".join(st.text for st in said)
    assert "Usual Durations: 3 days" in text and "Day 1: 500 mg" in text, text
    from app.lexicon.medterms import without_footnote_marker
    for header in ("Children under 12", "CrCl above 60", "PHQ 9", "Grade 3 or 4", "Vitamin B12"):
        assert without_footnote_marker(header) == header  # a bound or a name, no footnote


def test_a_comparison_in_words_no_header_uses_reads_the_rows_arms_and_their_p_value():
    from app.answer.rows import RowReader

    coverage = TermCoverage(2.0, lambda tok: 1.0)
    row = _row([("Column 1", "Physical function"), ("Column 2", "max change, mean (SD)"),
                ("Rituximab group n = 13b", "39% (33)"), ("Placebo group n = 15", "11% (22)"), ("p-valuea", "0.014")])
    said = RowReader(coverage.coverage).statements(row, coverage.question_terms("Physical function max change, RTX vs pbo?"))
    text = "".join((st.joiner if i else "") + st.text for i, st in enumerate(said))  # as the answer reads it
    assert "39% (33) with Rituximab group vs 11% (22) with Placebo group" in text and "P: 0.014" in text, text
    assert "13" not in text  # a group size is the header's, stated nowhere in the row


@pytest.mark.parametrize("statistic", ["P < 0.0001", "p=0.02", "95% CI: 0.25–0.64"])
def test_a_cell_stating_only_a_statistic_follows_the_arms_it_compares_whatever_its_header(statistic):
    from app.answer.rows import RowReader

    coverage = TermCoverage(2.0, lambda tok: 1.0)
    row = _row([("Study / Metric", "Time to progression"), ("Zelparin 10 mg (n=40)", "Significantly longer"),
                ("Placebo (n=38)", "(Reference)"), ("Hazard Ratio (HR) & P-value", statistic), ("Context", "Compared to placebo")])
    question = "does zelparin work better than placebo?"
    said = RowReader(coverage.coverage).statements(row, coverage.question_terms(question))
    text = "".join((st.joiner if i else "") + st.text for i, st in enumerate(said))
    assert f"Significantly longer with Zelparin 10 mg vs (Reference) with Placebo; {statistic}; Context" in text, text
    # A statistic of another test, subgroup or one arm is not the comparison's: it keeps its column's name.
    for header in ("Interaction", "P for trend", "P value (superiority)", "P vs baseline", "95% CI (zelparin arm)"):
        other = _row([("Study / Metric", "Time to progression"), ("Zelparin 10 mg (n=40)", "Significantly longer"),
                      ("Placebo (n=38)", "(Reference)"), (header, statistic)])
        said = RowReader(coverage.coverage).statements(other, coverage.question_terms(question))
        assert all(st.text != statistic for st in said), (header, [st.text for st in said])
    # A number that is no statistic (a count in that column) is not read as one.
    other = _row([("Study / Metric", "Time to progression"), ("Zelparin 10 mg", "Significantly longer"), ("Placebo", "(Reference)"),
                  ("Hazard Ratio (HR) & P-value", "12 events")])
    said = RowReader(coverage.coverage).statements(other, coverage.question_terms(question))
    assert "12 events" not in " ".join(st.text for st in said)


def test_a_row_asked_for_its_arms_measure_reads_the_arm_reporting_it_first():
    from app.answer.rows import RowReader

    coverage = TermCoverage(2.0, lambda tok: 1.0)
    row = _row([("Population", "Post-zelparin (2022 study)"), ("ORR with Bexatinib", "76.5%"),
                ("ORR with Zelparin", "N/A"), ("Study details", "Cohort 2 (n=17)")])
    said = RowReader(coverage.coverage).statements(row, coverage.question_terms("post-zelparin cohort of the 2022 study - ORR?"))
    text = "".join((st.joiner if i else "") + st.text for i, st in enumerate(said))
    assert text.startswith("Post-zelparin (2022 study): ORR 76.5% with Bexatinib"), text


def test_a_compound_of_the_row_label_written_apart_selects_the_row_not_a_column():
    from app.answer.rows import RowReader

    coverage = TermCoverage(2.0, lambda tok: 1.0)
    row = _row([("Population", "Zelparin-resistant (pooled)"), ("ORR with Bexatinib", "64.0%"), ("ORR with Zelparin", "N/A")])
    reader = RowReader(coverage.coverage)
    said = reader.statements(row, coverage.question_terms("ORR in zelparin resistant pts?"))
    assert "64.0% with Bexatinib" in " ".join(st.text for st in said)
    # The drug named on its own still selects its column, which does not report it.
    for question in ("ORR with zelparin in zelparin-resistant pts?", "zelparin resistant cohort, ORR with zelparin?"):
        said = reader.statements(row, coverage.question_terms(question))
        assert "64.0%" not in " ".join(st.text for st in said), question


def test_a_row_no_column_of_which_is_asked_is_read_whole_only_when_short():
    from app.answer.rows import RowReader

    coverage = TermCoverage(2.0, lambda tok: 1.0)
    terms = coverage.question_terms("Headache rate?")
    short = [("Adverse reaction", "Headache"), ("DrugA", "12 (4.0)"), ("Placebo", "6 (2.0)")]
    assert RowReader(coverage.coverage).statements(_row(short), terms)
    # Nine arms and periods, none asked: every cell would be a table dump, not an answer.
    wide = short[:1] + [(f"Week {w} {arm}", f"{w} ({w}.5)") for w in (4, 8, 12) for arm in ("DrugA", "DrugB", "Placebo")]
    assert RowReader(coverage.coverage).statements(_row(wide), terms) == []


def test_a_labels_adverse_reaction_row_reads_as_one_sentence_of_its_arms_that_the_verifier_accepts():
    from app.answer.rows import RowReader
    from app.verify.verifier import Evidence, Verifier, cited_statements

    coverage = TermCoverage(2.0, lambda tok: 1.0)
    row = _row([("Adverse reaction", "Nausea"), ("Weeks 0-16 Treatment 200 mg N=590 n (%a)", "86 (14.5)"),
                ("Placebo N=342 n (%a)", "7 (2.1)")])
    said = RowReader(coverage.coverage).statements(row, coverage.question_terms("Nausea with treatment 200 mg vs placebo?"))
    text = "".join((st.joiner if i else "") + st.text for i, st in enumerate(said))
    assert text == "Nausea: 86 (14.5) with Treatment 200 mg (Weeks 0-16) vs 7 (2.1) with Placebo", text
    assert Verifier(threshold=0.3).check(cited_statements(text + " [1]"), {1: Evidence(row.chunk)})[0].supported


@pytest.mark.parametrize("headers, read", [
    (("Placebo N=342 n (%)", "Placebo N=340 n (%)"), "Nausea: 7 (2.1) with Placebo vs 9 (2.6) with Placebo"),
    (("Week 16 (n=200)", "Week 52 (n=180)"), "Nausea: Week 16 (n=200): 7 (2.1); Week 52 (n=180): 9 (2.6)"),
])
def test_a_period_or_group_size_alone_names_no_arm(headers, read):
    from app.answer.rows import RowReader

    coverage = TermCoverage(2.0, lambda tok: 1.0)
    row = _row([("Adverse reaction", "Nausea"), (headers[0], "7 (2.1)"), (headers[1], "9 (2.6)")])
    said = RowReader(coverage.coverage).statements(row, coverage.question_terms("Nausea rate?"))
    assert "".join((st.joiner if i else "") + st.text for i, st in enumerate(said)) == read


@pytest.mark.parametrize("written, read", [("urine +ve pts", ["urin", "posit", "pts"]),
                                           ("RhD-ve women", ["rhd", "negat", "women"]), ("RhD−ve", ["rhd", "negat"]),
                                           ("ER+ve/PR-ve", ["er", "posit", "pr", "negat"]), ("I've", ["i", "ve"]),
                                           ("mRNA-VE", ["mrna-ve", "mrna", "ve"])])
def test_a_sign_after_a_word_is_read_as_the_word_it_stands_for(written, read):
    from app.text.lexical import tokenize

    assert tokenize(written, keep_stopwords=True) == read


@pytest.mark.parametrize("written, read", [("Na 119 in labour", ["na", "sodium", "119", "in", "labor"]),
                                           ("Na+ <130", ["na", "sodium", "130"]),
                                           ("NA", ["na"]), ("N/A", ["n/a"]), ("n/a", ["n/a"])])
def test_the_symbol_na_is_also_sodium_and_na_in_capitals_is_not_available(written, read):
    from app.text.lexical import tokenize

    assert tokenize(written, keep_stopwords=True) == read


@pytest.mark.parametrize("short, long", [("RTX", "rituximab"), ("LMD", "leptomeningeal disease"), ("FQs", "fluoroquinolones"),
                                         ("pbo", "placebo"), ("FBC", "complete blood count"),
                                         ("UPT", "urine pregnancy test"), ("sats", "oxygen saturation"),
                                         ("FMH", "fetomaternal haemorrhage"), ("jab", "injection")])
def test_common_clinical_abbreviations_are_read_as_what_they_stand_for(short, long):
    from app.text.lexical import concept_groups

    assert set(concept_groups(f"{short} in adults")) & set(concept_groups(f"{long} in adults"))


def test_a_glossary_entry_defines_a_short_form_that_a_question_may_ask_with():
    from app.text.abbreviations import defined_abbreviations, short_forms

    defined = defined_abbreviations("Abbreviations\nTOC: test of cure; Mgen: Mycoplasma genitalium; bd: twice daily\n"
                                    "Note: read this first.\nDose: 500 mg daily")
    assert defined == {"TOC": "test of cure", "Mgen": "Mycoplasma genitalium"}  # letters in order, or no entry
    # A label is a word the document also writes in lower case, not a short form.
    assert defined_abbreviations("Plan: Prescribe low dose aspirin\nReview the plan weekly.") == {}
    assert short_forms("Treat Mycoplasma genitalium with doxycycline.", defined) == "Mgen"
    coverage = TermCoverage(2.0, lambda tok: 1.0)
    terms = coverage.question_terms("Mgen treatment?")
    assert coverage.coverage(terms, "Treat Mycoplasma genitalium with doxycycline.") < 1.0
    assert coverage.coverage(terms, "Treatment of Mycoplasma genitalium. " + short_forms("Mycoplasma genitalium", defined)) == 1.0


@pytest.mark.unit
@pytest.mark.parametrize("question, rate", [
    ("How often did patients respond on the study drug?", True),  # an event's frequency: a rate
    ("How often does nausea occur?", True),
    ("Incidence of brain metastases after first-line treatment?", True),
    ("How often do I redose after a minor bleed?", False),  # a schedule
    ("How often should the INR be monitored?", False),
    ("How often were patients imaged?", False),
    ("How often are LFTs done?", False),
    ("How often do patients need blood tests?", False),
    ("How often were patients' brains scanned?", False),
    ("How often did patients develop nausea while taking it?", True),  # "taking" is past the words that decide
])
def test_how_often_an_event_happens_asks_for_a_rate_and_how_often_to_give_or_check_for_a_schedule(question, rate):
    terms = TermCoverage(2.0, lambda t: 1.0).question_terms(question)
    assert ("#rate" in terms.types) == rate and ("often" in terms.types) == (not rate and "often" in question.lower())


@pytest.mark.unit
def test_a_missed_dose_asks_what_to_do_not_for_an_amount():
    missed = [value for ask, value in medterms.MEASURES.values() if re.search(ask, "missed champix dose - take it or skip?", re.I)]
    assert not missed
    assert [v for a, v in medterms.MEASURES.values() if re.search(a, "What dose for a child of 20 kg?", re.I)]


@pytest.mark.unit
def test_an_ampersand_shorthand_is_one_term_the_evidence_must_cover():
    """"N&V" was two dropped letters, so any passage on the drug answered "how common is N&V"."""
    coverage = TermCoverage(2.0, lambda t: 1.0)
    terms = coverage.question_terms("how common is N&V with remifentanil PCA?")
    assert "n&v" in terms.tokens
    assert coverage.coverage(terms, "Nausea and vomiting (15%) with remifentanil PCA") > coverage.coverage(
        terms, "Desaturation below 90% is common with remifentanil PCA")


@pytest.mark.unit
def test_a_brand_the_document_introduces_with_its_generic_is_read_as_the_generic():
    from app.text.abbreviations import brand_names

    text = ("QUELARO (apixaban) tablets, for oral use. Take QUELARO twice daily. Tablets (apixaban) are film-coated; "
            "in the trial, warfarin (Coumadin) was the comparator and tablets were stored dry.")
    assert brand_names(text) == {"QUELARO": "apixaban"}  # "Tablets" is written in lower case too; Coumadin is known
    # Acronyms, lexicon terms and drug classes beside a drug are no brands of it.
    assert brand_names("ORR (apixaban) was 40%. PFS (warfarin) and PFS (apixaban). NSAIDs (ibuprofen) tablets.") == {}


@pytest.mark.unit
@pytest.mark.parametrize("stated, holds", [
    ("400 mg every 8 hours", True), ("500 mg three times daily", True), ("1 g tds", True), ("given q8h", True),
    ("500 mg every 12 hours", False), ("tidal volume 6 mL/kg", False), ("use within 8 hours of reconstitution", False),
])
def test_an_interval_asked_in_shorthand_is_stated_in_hours_or_in_words(stated, holds):
    from app.answer.asked_values import dosing_intervals, misses_interval

    assert misses_interval(_sentence(stated), dosing_intervals("400 mg IV q8h - oral equivalent?")) == (not holds)


@pytest.mark.unit
@pytest.mark.parametrize("stated", ["400 mg every 8 hours", "500 mg three-times-daily", "1 g 8-hourly", "given q 8 hours",
                                    "twice\ndaily", "every 12 hours", "within 8 hours of reconstitution"])
def test_the_guard_and_the_verifier_read_an_interval_in_the_same_spellings(stated):
    from app.answer.asked_values import misses_interval
    from app.verify.measures import intervals

    assert misses_interval(_sentence(stated), {"8"}) == ("8" not in intervals(stated))


@pytest.mark.unit
def test_an_interval_the_lexicon_has_no_words_for_is_still_read_in_hours():
    from app.answer.asked_values import dosing_intervals, misses_interval

    asked = dosing_intervals("morphine 5 mg q4h - max daily?")
    assert not misses_interval(_sentence("5 mg every 4 hours as needed"), asked)
    assert not misses_interval(_sentence("5 mg 4-hourly as needed"), asked)
    assert misses_interval(_sentence("5 mg every 6 hours as needed"), asked)


@pytest.mark.unit
def test_a_rate_asked_for_needs_a_number_in_the_evidence():
    terms = TermCoverage(2.0, lambda t: 1.0).question_terms("Oxytocin infusion for PPH - rate?")

    assert not answers_type(terms.text, terms, _said("Oxytocin is given as an infusion after delivery."))
    assert answers_type(terms.text, terms, _said("Start the infusion at 2 milliunits per minute."))


@pytest.mark.unit
def test_a_target_asked_for_is_a_number_the_question_does_not_already_state():
    question = "What CGM time-in-range target should pregnant women with type 1 diabetes aim for?"
    terms = TermCoverage(2.0, lambda t: 1.0).question_terms(question)

    for unstated in ("1.3.17 Offer rtCGM to pregnant women with type 1 diabetes to help them meet their targets.",
                     "The committee amended the 2015 recommendation on rtCGM targets."):
        assert not answers_type(question, terms, _said(unstated)), unstated
    assert answers_type(question, terms, _said("Aim for a time in range above 70% in pregnant women with type 1 diabetes."))


@pytest.mark.unit
def test_a_yes_no_question_is_confirmed_by_the_number_it_states():
    question = "Is 500 mg twice daily the usual starting dose?"
    terms = TermCoverage(2.0, lambda t: 1.0).question_terms(question)
    text = "The usual starting dose is 500 mg twice daily with meals."
    assert answers_type(question, terms, _said(text))


@pytest.mark.unit
def test_a_childs_weight_in_the_question_does_not_hide_the_same_number_in_a_dose():
    question = "What dose for a 20 kg child?"
    terms = TermCoverage(2.0, lambda t: 1.0).question_terms(question)
    text = "Children: give 20 mg/kg once daily."
    assert answers_type(question, terms, _said(text))


@pytest.mark.unit
@pytest.mark.parametrize("question, event", [
    ("how common is N&V with remi PCA in labour", ["n&v"]),
    ("How common are headaches?", ["headach"]),
    ("How many achieved HbA1c ≤6.5% with sema 1.0 mg?", ["hba1c", "6.5"]),
    ("how many patients had a grade 3 rash on the drug", ["grade", "3", "rash"]),
    ("how often is it given", []),  # a schedule, not an event
    ("hearing test after neonatal bacterial meningitis - when?", ["hear", "test"]),
    ("Switching from apixaban to warfarin - how long to overlap?", []),  # the wh-phrase names its own thing
    ("How many patients were enrolled?", []),
    ("How many patients required dose reduction?", []),  # a kind of value: the answer type checks it
    ("Is it safe to breastfeed with it - when?", []),
    ("long-term PPI and dementia risk - what does the label say?", ["dementia"]),  # the outcome whose risk is asked
    ("risk of fracture with long-term drug A?", ["fractur"]),
    ("is there a high risk of relapse?", ["relaps"]),
    ("Which infants counted as high risk for peanut allergy?", []),
])
def test_the_event_a_rate_or_count_is_asked_of_must_be_named_by_the_evidence(question, event):
    from app.answer.focus import focus

    assert focus(question) == event


@pytest.mark.unit
def test_a_bolus_asked_for_is_an_amount_and_a_lockout_a_time():
    question = "remifentanil PCA in labour - bolus and lockout?"
    for unstated in ("If severe reduce the bolus dose or stop the PCA.",
                     "Educate the woman to co-ordinate the bolus dose with the contraction."):
        assert not _answers(question, unstated), unstated
    assert _answers(question, "PCA dose 20mcg (= 0.4mL) delivered stat.")
    assert _answers(question, "Lockout period remains at 3 minutes.")


@pytest.mark.unit
def test_a_frequency_of_observations_asked_for_is_a_schedule():
    question = "obs frequency after starting the PCA"
    assert not _answers(question, "Continue observations for 15 minutes after the PCA has been stopped.")
    assert _answers(question, "Sedation score every 5 minutes for 30 minutes after initiation.")


@pytest.mark.unit
def test_a_target_trough_is_a_concentration_not_any_number_of_the_regimen():
    question = "Gentamicin target trough level for the clindamycin/gentamicin regimen?"
    regimen = "i.v. clindamycin 900mg 3 times daily plus i.v. gentamicin (2mg/kg loading dose) followed by 1.5mg/kg."
    assert not _answers(question, regimen)
    assert _answers(question, "Aim to achieve trough concentrations of less than 2 mg/litre.")
    # Asked when to take it, a trough is answered by a time.
    when = "When should the gentamicin trough be taken?"
    assert _answers(when, "Measure the trough concentration immediately before the second dose.")


@pytest.mark.unit
def test_the_youngest_patient_asked_for_is_an_age():
    question = "youngest pt for this drug?"
    assert not _answers(question, "Safety has been established in female pediatric patients.")
    assert _answers(question, "Established in female pediatric patients 12 years of age and older.")
    # An age is said as one: "aged 40", "40 years and older", "at least 40 years", "from 6 months"; a
    # time at risk or a follow-up of five years is no age.
    youngest = "youngest age allowed in the study?"
    for evidence in ("Patients aged 40 or over were included.", "Age: 40 years", "Patients 40 years and older.",
                     "Given to infants from 6 months.", "Children 2 years to 11 years: 5 mg/kg", "Infants 1 month to 2 years",
                     "Infants 6 weeks to 6 months", "patients 18 years or more", "12 years upwards",
                     "Participants were at least 40 years of age.", "Not for children under the age of 12 years.",
                     "licensed from 6 months", "Adolescents (12 to 17 years)", "individuals ≥ 18 years", "ages 2 to 11 years"):
        assert _answers(youngest, evidence), evidence
    for evidence in ("Target cohort: drugA users; Time-at-risk: 5 years.", "Patients were followed for 5 years.",
                     "The age-adjusted HR was 0.81.", "After adjusting for age, HR 0.8.", "Patients were followed up at 6 months.",
                     "Treatment continued for more than 5 years.", "Follow-up was between 2 and 5 years.",
                     "Patients 6 months after transplant received drugA.", "Women between 6 and 12 weeks of gestation."):
        assert not _answers(youngest, evidence), evidence


@pytest.mark.unit
@pytest.mark.parametrize("question, evidence, other", [
    ("Treatment dose of enoxaparin in pregnancy?", "Prophylactic dose: 40 mg daily subcutaneously.", True),
    ("Treatment dose of enoxaparin in pregnancy?", "VTE in pregnancy is treated with 1 mg/kg twice daily.", False),
    ("Thromboprophylaxis dose after caesarean?", "Treatment dose: 1 mg/kg twice daily.", True),
    ("Gentamicin loading and maintenance doses?", "2 mg/kg loading dose, then 1.5 mg/kg 3 times daily.", False),
    ("Maintenance dose of digoxin?", "Loading dose: 500 micrograms, then 250 micrograms after 6 hours.", True),
    ("Loading dose of phenytoin?", "20 mg/kg IV loading dose, then maintenance dose 100 mg.", False),  # names both
    # Normal renal (liver) function and its impairment.
    ("drug A dose for an adult w normal renal fn?",
     "In patients whose CLcr is less than 30 mL/min, the recommended dose of drug A is 1,125 mg.", True),
    ("drug A dose for an adult w normal renal fn?", "The recommended dose of drug A is 1,500 mg.", False),
    ("drug A dose in renal impairment?", "In patients with normal renal function the dose is 1,500 mg.", True),
    ("drug A dose with normal liver function?", "In moderate hepatic impairment (Child-Pugh B) give 50 mg.", True),
    ("drug A dose in renal impairment?", "CrCl > 50 mL/min: 500 mg.", True),
    ("drug A dose with normal renal function?", "CrCl > 50 mL/min: 500 mg; CrCl < 30 mL/min: 250 mg.", False),
    # Where an infection was caught, its first episode or a recurrence, its onset.
    ("Empirical treatment for hospital-acquired pneumonia, non-severe?",
     "Community-acquired pneumonia, low severity: drug A 500 mg three times daily.", True),
    ("HAP first line?", "Community-acquired pneumonia, low severity: drug A 500 mg three times daily.", True),
    ("CAP first line?", "Community-acquired pneumonia, low severity: drug A 500 mg three times daily.", False),
    ("CAP first line?", "For a cap on the daily dose, see section 4.", False),  # "cap" the word is no pneumonia
    ("first episode C diff treatment?", "Recurrent C. difficile infection: drug B 200 mg twice daily.", True),
    ("first episode C diff treatment?", "First episode: drug B 125 mg four times daily for 10 days.", False),
    ("late-onset neonatal sepsis first line?", "Early-onset sepsis: drug C 60 mg/kg every 12 hours.", True),
    # Words in passing name no side: an outcome ("fewer recurrences"), a drug's "early onset of action".
    ("drug B dose for a first episode of C difficile?", "Drug B 200 mg twice daily is associated with fewer recurrences.", False),
    ("late-onset neonatal sepsis first line?", "Drug C has an early onset of action and covers Gram-negative organisms.", False),
    ("CAP first line?", "Nosocomial organisms are not covered by drug A.", False),
])
def test_evidence_about_the_other_side_of_a_contrast_does_not_answer(question, evidence, other):
    from app.answer.guards import other_side_of_contrast

    assert other_side_of_contrast(_sentence(evidence), question) == other


ASIDE = "drugA recommendation for parenchymal brain metastases, as opposed to leptomeningeal disease?"


@pytest.mark.unit
@pytest.mark.parametrize("question, evidence, other", [
    (ASIDE, "DrugA is recommended for leptomeningeal metastases.", True),
    (ASIDE, "DrugA is recommended for brain metastases and for leptomeningeal disease.", False),  # names both
    (ASIDE, "DrugA is recommended for brain metastases.", False),
    ("drugA for parenchymal brain metastases, as opposed to leptomeningeal disease?",
     "DrugA is recommended for leptomeningeal metastases.", True),  # the nearest preposition bounds X
    ("drugA dose in children rather than adults?", "The dose of drugA in adults is 500 mg twice daily.", True),
    ("drugA dose in children rather than adults?", "In children and adults the dose of drugA is 5 mg/kg.", False),
    # another drug set aside may decide the question ("use warfarin, not apixaban, with a mechanical valve")
    ("apixaban rather than warfarin with a mechanical valve?", "Warfarin is recommended for mechanical heart valves.", False),
    ("what to do instead of stopping drugA?", "Stopping drugA is advised.", False),  # nothing set against it
])
def test_evidence_about_what_the_question_sets_aside_does_not_answer(question, evidence, other):
    from app.answer.guards import about_what_is_set_aside, set_aside

    assert about_what_is_set_aside(_sentence(evidence), set_aside(question)) == other


@pytest.mark.unit
def test_which_drug_of_a_class_is_answered_by_a_drug_not_by_the_class_alone():
    question = "Pregnant pt with PID - which antibiotic is suggested?"
    assert not _answers(question, "Broad spectrum antibiotic therapy is required to cover the bacteria.")
    assert _answers(question, "Give ceftriaxone 1 g IM followed by oral doxycycline.")
    for not_asked in ("What is the antibiotic duration for pyelonephritis?", "Which patients on antibiotics need probiotics?"):
        assert _answers(not_asked, "Antibiotic treatment is given for 14 days."), not_asked
    assert _answers("Which antibiotics should be avoided in pregnancy?", "Tetracyclines should be avoided in pregnancy.")


@pytest.mark.unit
def test_hrs_are_hours_and_hr_is_a_hazard_ratio_only_in_capitals_and_a_trials_words():
    question = "missed dose - up to how many hrs late can it still be taken?"
    assert _answers(question, "If you missed a dose within 8 hours of when it was due, take it now.")
    asks_hr = medterms.MEASURES["hazard ratio"][0]
    assert re.search(asks_hr, "HR for OS, A vs B?", re.I) and re.search(asks_hr, "What was the HR?", re.I)
    for not_a_ratio in ("how many hrs?", "Target HR in AF rate control?", "What is the target HR?"):
        assert not re.search(asks_hr, not_a_ratio, re.I), not_a_ratio
    assert set(concept_groups("hrs")) & set(concept_groups("hours"))


@pytest.mark.unit
def test_a_yes_no_question_about_a_bolus_or_trough_is_answered_by_what_the_evidence_says():
    for question, said in (("Should I give a bolus of oxytocin?", "Do not give a bolus; start the infusion."),
                           ("Is a trough level needed?", "Trough levels are not required after one dose.")):
        assert _answers(question, said), question


@pytest.mark.unit
def test_the_frequency_of_an_event_asks_for_a_rate():
    question = "Frequency of hypoglycaemia with insulin?"
    assert "#rate" in TermCoverage(2.0, lambda t: 1.0).question_terms(question).tokens
    assert _answers(question, "Hypoglycaemia occurred in 12% of patients on insulin.")


@pytest.mark.unit
def test_how_to_make_up_a_syringe_is_answered_by_amounts_not_by_who_prepares_it():
    question = "how do I make up the remifentanil syringe for labour PCA"
    assert not _answers(question, "PCA pump and drug should be mixed and prepared by the anaesthetist.")
    assert _answers(question, "Add 5mg remifentanil to 50mL sodium chloride 0.9% (100mcg/mL).")


@pytest.mark.unit
def test_a_word_cut_short_is_spelled_out_for_the_encoder_as_initials_are():
    from app.text.lexical import with_long_forms

    assert with_long_forms("gepotidacin in preg - any human data?") == "gepotidacin in preg (pregnancy) - any human data?"
    assert with_long_forms("N&V with it") == "n&v (nausea and vomiting) with it"
    assert with_long_forms("tell us more") == "tell us more"  # a pronoun, not the country


def _under(section: str, text: str) -> Unit:
    chunk = replace(_sentence(text).chunk, section=section)
    return Unit(Passage(chunk, 1.0), 0, len(text), "sentence", text)


@pytest.mark.unit
@pytest.mark.parametrize("section, question, poses", [
    ("Guideline > Recommendations for Future Research", "Drug A added to drug B - does it improve efficacy?", True),
    ("Guideline > 10 Research recommendations > 10.1 Drug A", "Drug A added to drug B - does it improve efficacy?", True),
    ("Guideline > Recommendations for Future Research", "What research is needed on drug A?", False),
    ("Discussion > Implications for Clinical Practice and Future Research", "What % of patients improved?", False),
    ("Dosage and administration", "Drug A added to drug B - does it improve efficacy?", False),
])
def test_a_research_recommendation_answers_only_a_question_about_research(section, question, poses):
    from app.answer.guards import poses_research

    unit = _under(section, "Effectiveness of drug A with drug B for prevention of relapse.")
    assert poses_research(unit, question) is poses


@pytest.mark.unit
@pytest.mark.parametrize("section, text, question, reports", [
    ("12 Clinical Pharmacology > 12.3 Pharmacokinetics", "Following a single 1,000 mg dose, clearance fell by 35%.",
     "Drug A dose in renal impairment?", True),
    ("Specific Populations", "In healthy subjects, 1,000 mg on day 1 was followed by 500 mg weekly.",
     "How much drug A for cellulitis?", True),
    ("12 Clinical Pharmacology > 12.3 Pharmacokinetics", "Following a single 1,000 mg dose, clearance fell by 35%.",
     "Drug A clearance in renal impairment?", False),  # asks about exposure, not what to give
    ("12 Clinical Pharmacology > 12.3 Pharmacokinetics", "Following a single 1,000 mg dose, clearance fell by 35%.",
     "What dose did the pharmacokinetic study give?", False),
    ("2 Dosage and Administration", "The recommended dose is 1,500 mg as a single infusion.",
     "Drug A dose in renal impairment?", False),
    ("Methods", "Women were randomised to 40 mg of drug A or placebo daily for 42 days.",
     "drug A dose in the RCT", False),  # asks what the trial gave
])
def test_a_study_reports_what_subjects_received_not_what_dose_to_give(section, text, question, reports):
    from app.answer.guards import reports_study_dosing

    assert reports_study_dosing(_under(section, text), question) is reports


@pytest.mark.unit
def test_a_us_biologic_suffix_is_no_part_of_the_generic_name():
    from app.lexicon.medterms import generic_name

    assert generic_name("Aimovig") == "erenumab"  # the map has "erenumab-aooe"
    assert generic_name("erenumab-aooe") == "erenumab-aooe"  # written whole it stays, a word of its own


@pytest.mark.unit
def test_a_brand_mapped_to_a_salt_or_ester_names_the_drug_the_question_writes():
    from app.lexicon.medterms import generic_name

    assert generic_name("Xofluza") == generic_name("baloxavir") == "baloxavir"  # the map has "baloxavir marboxil"
    assert generic_name("Glivec") == generic_name("imatinib") == "imatinib"  # "imatinib mesylate"
    assert generic_name("sodium chloride") == "sodium chloride" and generic_name("Equilium") == "tiapride"
    # A derivative is another molecule: only the salt words the lexicon lists are cut.
    assert generic_name("Pepaxto") == "melphalan flufenamide" and generic_name("ricobendazole") == "albendazole oxide"


@pytest.mark.unit
def test_what_percent_asks_for_a_rate():
    terms = TermCoverage(2.0, lambda t: 1.0).question_terms("if CD4 >=200 at start what % of normal life expectancy")
    assert "#rate" in terms.tokens
    assert "#rate" in TermCoverage(2.0, lambda t: 1.0).question_terms("What percent relapsed?").tokens


@pytest.mark.unit
def test_a_double_spaced_sentence_reads_on_across_its_blank_lines():
    from app.ingest.layout import Line, TextBuilder

    def line(text: str, top: float) -> Line:
        return Line(text=text, page=1, size=10, bold=False, left=72, top=top, bottom=top + 10, page_height=800)

    builder = TextBuilder(body_size=10, levels={})
    lines = ["\u2022 partners should be contacted and offered advice and", "screening for infection (Grade 1D). Others may",
             "also be offered screening.", "A new paragraph starts here.", "Another one follows it."]
    for i, text in enumerate(lines):
        builder.line(line(text, 100 + 22 * i))  # a blank line's height between lines
    assert builder.text() == ("- partners should be contacted and offered advice and screening for infection (Grade 1D). "
                              "Others may also be offered screening.\n\nA new paragraph starts here.\n\nAnother one follows it.")


@pytest.mark.unit
def test_a_drug_class_in_the_evidence_is_not_another_drug():
    from app.answer.guards import about_other_drug

    by_class = _sentence("All babies born to women taking enzyme-inducing antiepileptics should be given 1 mg at birth.")
    assert not about_other_drug(by_class, {"phenytoin"})
    assert about_other_drug(_sentence("Babies born to women taking carbamazepine should be given 1 mg at birth."), {"phenytoin"})


@pytest.mark.unit
def test_asking_whether_to_double_a_dose_asks_no_amount():
    question = "pt on drug A in preterm labour - double dose steroid?"
    assert _answers(question, "It is no longer recommended to consider a double dose of steroid in patients on drug A.")
    assert not _answers("pt on drug A in preterm labour - steroid dose?", "Steroids are recommended in preterm labour.")


@pytest.mark.unit
def test_who_qualifies_asks_for_patients_and_who_ran_it_for_a_person_or_body():
    assert _answers("who qualifies for drug A - how many attacks a month?",
                    "Drug A is used in adults who have at least 4 attacks per month.")
    assert not _answers("Who ran the trial?", "The trial enrolled adults with at least 4 attacks per month.")
    assert _answers("Who ran the trial?", "The trial was run by the study group at three sites.")


@pytest.mark.unit
def test_a_time_that_has_passed_is_stated_by_a_limit_on_its_unit():
    from app.answer.asked_values import banded_amounts, misses_time_or_amount, times_and_amounts

    question = "vomited 2 hrs after the tablet - redose?"
    asked, banded = times_and_amounts(question), banded_amounts(question)
    assert not misses_time_or_amount(_sentence("Repeat the dose if she vomits within 3 hours of taking it."), asked, banded)
    assert misses_time_or_amount(_sentence("Repeat the dose if she vomits within 3 days of taking it."), asked, banded)
    assert misses_time_or_amount(_sentence("Take the tablet with food."), asked, banded)


@pytest.mark.unit
def test_a_period_of_the_question_is_stated_in_any_unit_but_not_by_another_length():
    from app.answer.asked_values import misses_time_or_amount, times_and_amounts

    question = "pt stopped drug A >1 week, restart the lead-in?"
    asked = times_and_amounts(question)
    assert not misses_time_or_amount(_sentence("If you stop taking drug A for more than 7 days, start the lead-in again."),
                                     asked, {}, question)
    assert misses_time_or_amount(_sentence("If you stop taking drug A for more than 3 days, start the lead-in again."),
                                 asked, {}, question)
    # The guard reads periods that convert exactly as exact: 20 days is not 3 weeks, 23 hours not a day.
    for question, sentence in (("stopped drug A for 3 weeks - restart the lead-in?", "If stopped for more than 20 days, restart."),
                               ("missed drug A for 1 day - what now?", "If more than 23 hours late, skip the dose.")):
        assert misses_time_or_amount(_sentence(sentence), times_and_amounts(question), {}, question)
    assert not misses_time_or_amount(_sentence("A course of 30 days."), times_and_amounts("1 month course?"), {}, "1 month course?")
    # A number the question also gives a dose is not a period only: "1 mg for 1 week" is not "0.5 mg for 7 days".
    question = "1 mg for 1 week, then?"
    assert misses_time_or_amount(_sentence("Give 0.5 mg for 7 days, then 2 mg."), times_and_amounts(question), {}, question)


@pytest.mark.unit
def test_one_wh_word_asking_of_two_things_asks_twice():
    from app.answer.joins import _second_part

    terms = TermCoverage(2.0, lambda t: 1.0).question_terms("polytherapy - when is the anomaly scan and fetal echo")
    second, adds = _second_part(terms)
    assert second == "fetal echo" and adds.tokens == ["echo"]
    assert _second_part(TermCoverage(2.0, lambda t: 1.0).question_terms("When is the anomaly scan done?")) is None


@pytest.mark.unit
def test_what_holds_until_a_value_crosses_a_threshold_holds_on_the_side_it_comes_from():
    assert threshold_sides("start treatment before their count drops below 200 cells") == [(200.0, "above")]
    assert threshold_sides("continue until eGFR falls under 30") == [(30.0, "above")]
    assert threshold_sides("stop if the count drops below 200") == [(200.0, "below")]


@pytest.mark.unit
def test_one_finding_reported_in_two_frames_is_said_once():
    from app.answer.joins import restates as _restates

    finding = "patients starting treatment have life expectancies around 80% of normal, provided they start early."
    assert _restates(_sentence(f"These findings suggest that {finding}"), _sentence(f"This analysis shows that {finding}"))
    assert not _restates(_sentence(f"These findings suggest that {finding}"),
                         _sentence(f"This analysis shows that {finding.replace('80%', '70%')}"))


@pytest.mark.unit
def test_a_study_passage_that_concludes_a_recommendation_answers_a_dosing_question():
    from app.answer.guards import reports_study_dosing

    section = "12 Clinical Pharmacology > 12.3 Pharmacokinetics > Specific Populations"
    question = "pt on regular HD - do I need to reduce vancomycin?"
    assert not reports_study_dosing(_under(section, "Therefore, no dosage adjustment is recommended for patients on hemodialysis."), question)
    assert reports_study_dosing(_under(section, "Less than 6% of a dose was removed after three hours of hemodialysis."), question)


@pytest.mark.unit
def test_unrelated_to_x_negates_x_as_non_x_does():
    from app.answer.negations import contradicts_negation

    terms = TermCoverage(2.0, lambda t: 1.0).question_terms("share of starters expected to die of non-HIV causes")
    assert not contradicts_negation(_sentence("The fraction expected to die from causes unrelated to HIV was 68%."), terms)
    assert contradicts_negation(_sentence("The fraction expected to die from HIV causes was 68%."), terms)


@pytest.mark.unit
def test_a_question_asking_of_both_sides_of_a_negation_is_answered_by_either_side():
    from app.answer.negations import contradicts_negation

    coverage = TermCoverage(2.0, lambda t: 1.0)
    both = coverage.question_terms("What Hb counts as anaemia in pregnancy? Different from non-pregnant?")
    assert not contradicts_negation(_sentence("Anaemia in pregnancy is defined as a haemoglobin below 110 g/L."), both)
    only_other = coverage.question_terms("What Hb counts as anaemia when not pregnant?")
    assert contradicts_negation(_sentence("Anaemia in pregnancy is defined as a haemoglobin below 110 g/L."), only_other)
    # Naming part of the negated thing is not asking of it: a transplant's kidney is not kidney failure.
    part = coverage.question_terms("DrugA dose for kidney transplant recipients without kidney failure?")
    assert contradicts_negation(_sentence("In kidney failure, give drugA 250 mg once daily after dialysis."), part)


@pytest.mark.unit
@pytest.mark.parametrize("asked, text, held", [
    ("1h", "- 1 hour after meals: 7.8 mmol/litre", True),     # the same period in the same unit, written out
    ("24h", "no more than 10 mmol/L in 24 hours", True),
    ("30min", "30 minutes after the infusion", True),
    ("3 mo", "for 3 months", False),                          # a month is not a clock time: "3 mo" is often a time point
    ("10 days", "for 11 days", False),                        # the same unit, another number: another period
    ("48h", "within 2 days", True),                           # another unit, as before
])
def test_a_period_is_stated_in_any_spelling_of_its_unit(asked, text, held):
    from app.answer.periods import period_held, periods

    (_, days, unit), = periods(asked)
    assert period_held(days, unit, text) is held


@pytest.mark.unit
def test_evidence_about_non_x_patients_does_not_name_x_patients():
    from app.answer.guards import misses_critical

    pregnancy = {g for _, _, g in concept_spans("in pregnant women")[1]}
    assert misses_critical(_sentence("Advise non-pregnant adults to aim for 8.5 mmol/litre 2 hours after meals."), pregnancy)
    assert not misses_critical(_sentence("Advise pregnant and non-pregnant adults to aim for 7.8 mmol/litre."), pregnancy)


@pytest.mark.unit
def test_a_parent_s_story_verb_is_grammar_not_a_term():
    terms = TermCoverage(2.0, lambda t: 1.0).question_terms("postnatal mum has been on drugA for a week, can she breastfeed")
    assert "has" not in terms.tokens and "mum" in terms.tokens


@pytest.mark.unit
def test_chat_filler_is_no_term_and_a_comparison_for_some_control_asks_how_well():
    cover = TermCoverage(2.0, lambda t: 1.0)
    assert cover.question_terms("why does drugA do so poorly in the brain? mechanism pls").tokens == ["druga", "poor", "brain", "mechan"]
    assert cover.question_terms("drugA vs drugB for CNS control - numbers?").tokens == ["druga", "drugb", "cns", "#efficacy"]
    # Not compared, "control" is what is asked about: a dose for seizure control is a dose; and a control
    # that a measure states (glycaemic, blood pressure) is not read as any efficacy result.
    assert "control" in cover.question_terms("what dose of drugA for seizure control?").tokens
    assert "control" in cover.question_terms("drugA vs drugB for glycemic control?").tokens


@pytest.mark.unit
@pytest.mark.parametrize("phrase, same", [("brain response", "IC-ORR"),
                                          ("main lessons", "Key takeaways"),
                                          ("just starting on drugA", "upfront drugA"),
                                          ("drugB first then switching to drugA", "the sequential approach")])
def test_clinicians_words_for_a_documents_terms_are_one_concept(phrase, same):
    assert set(concept_groups(phrase)) & set(concept_groups(same))


@pytest.mark.unit
def test_cost_per_qaly_asks_for_money_and_qaly_is_no_adverb():
    question = "Cost per QALY for drug A in this trial?"
    assert not _answers(question, "No trial data are available on the costs and effects of drug A; these should be synthesised.")
    assert _answers(question, "The incremental cost per QALY gained was £4,063 for drug A.")


@pytest.mark.unit
@pytest.mark.parametrize("question, evidence, answers", [
    ("K+ content of the dialysis fluid?", "The fluid also contains 4.0 mmol of potassium and 1.2 mmol of phosphate.", True),
    ("K+ content of the dialysis fluid?", "Table 5 Serum values during treatment with the dialysis fluid.", False),
    ("Nausea rates drug A vs drug B?", "Nausea: drug A 72/409; drug B 13/204.", True),
    ("Nausea rates drug A vs drug B?", "Nausea: drug A 52 (12.7); drug B 13 (6.4).", True),
    ("hyperphos rate with the new fluid?", "The patients were divided into three groups: group 1 (n=14) and group 2.", False),
    ("pooled Hb gain with eradication?", "Eradication therapy can improve anaemia, as Hb rose more than in controls.", False),
    ("pooled Hb gain with eradication?", "The pooled mean Hb rise was 12.88 g/l greater than in controls.", True),
])
def test_a_rate_content_or_gain_asked_for_is_a_stated_value(question, evidence, answers):
    assert _answers(question, evidence) is answers


@pytest.mark.unit
def test_a_one_letter_ion_the_lexicon_knows_is_a_term_of_the_question():
    assert "k" in TermCoverage(2.0, lambda t: 1.0).question_terms("K+ content of the dialysis fluid?").tokens
    assert "s" not in TermCoverage(2.0, lambda t: 1.0).question_terms("what's the dose?").tokens


@pytest.mark.unit
def test_by_how_much_did_it_reduce_asks_for_an_effect_not_a_dose():
    from app.answer.guards import reports_study_dosing

    study = _under("14 Clinical Studies", "Episodes were reduced by 60% with drug A compared with placebo.")
    assert not reports_study_dosing(study, "By how much did drug A reduce episodes over the season?")


@pytest.mark.unit
def test_evidence_about_other_bands_of_a_patients_lab_value_is_about_other_patients():
    from app.answer.thresholds import lab_values, other_band

    asked = lab_values("eGFR 42 - what dose of drug A?")
    assert asked == {"egfr": 42.0}
    assert other_band(_sentence("No dosage adjustment is required in mild renal impairment (eGFR 60-89 mL/min)."), asked)
    assert not other_band(_sentence("In moderate (eGFR 30-59 mL/min) impairment give 50 mg once daily."), asked)
    assert not other_band(_sentence("Severe (eGFR <30 mL/min) impairment: avoid; otherwise 50 mg daily."), lab_values("eGFR 25 - dose?"))
    assert not other_band(_sentence("Give 50 mg once daily with food."), asked)  # no bands: no judgement
    assert lab_values("weight 72 kg - dose?") == {} and lab_values("dose on day 15?") == {}


@pytest.mark.unit
def test_two_bounds_after_one_measurement_are_one_band_and_either_side_of_or_is_two():
    from app.answer.thresholds import other_band, reading_held

    assert other_band(_sentence("Platelets <150 but >100 x10^9/L: repeat the count in 4 weeks."), {"platelets": 90.0})
    assert reading_held(120, "platelets", "Platelets <150 but >100 x10^9/L")
    assert not reading_held(90, "platelets", "Platelets <150 but >100 x10^9/L")
    assert reading_held(38, "bmi", "for women with a body mass index (BMI) 30 or more consider IV administration")
    assert reading_held(20, "egfr", "avoid if eGFR <30 or eGFR >60 ml/min") and not reading_held(45, "egfr", "eGFR <30 or >60")
    assert not other_band(_sentence("CrCl > 30 mL/min: usual dose; CrCl < 50 mL/min: monitor levels."), {"crcl": 70.0})
    assert reading_held(20, "egfr", "Avoid if eGFR < 30.")  # a full stop ends the number


@pytest.mark.unit
def test_an_amount_is_held_by_a_band_of_its_unit_closed_or_open():
    from app.answer.thresholds import band_holds

    assert band_holds(70, "kg", "20 kg - < 80 kg Single dose of 40 mg") and band_holds(70, "kg", "40 kg to less than 80 kg")
    assert not band_holds(10, "kg", "20 kg - < 80 kg")  # the closed band's "< 80 kg" is no open band of its own
    assert band_holds(95, "kg", "80 kg or more: 80 mg") and band_holds(15, "kg", "< 20 kg: use the suspension")
    assert not band_holds(70, "kg", "80 kg or more") and not band_holds(70, "kg", "from 131 - 200 lb")
    assert not band_holds(95, "kg", "Adults weighing ≥ 40 kg and < 80 kg: 40 mg")  # two bounds of one band
    assert not band_holds(30, "kg", "Adults weighing ≥ 40 kg and < 80 kg: 40 mg") and band_holds(10, "kg", "from 5 kg up to 20 kg")
    # The numerator of a compound unit is no amount of its own.
    assert not band_holds(35, "kg", "Consider if BMI ≥ 30 kg/m2") and not band_holds(2, "g", "Hb < 10 g/dL")
    assert not band_holds(15, "mg", "10-20 mg/kg") and not band_holds(70, "kg", "moreover 50 kg")


@pytest.mark.unit
def test_a_digit_glued_to_a_closing_bracket_of_a_header_is_a_footnote_marker():
    from app.lexicon.medterms import without_footnote_marker

    assert without_footnote_marker("Estimated Glomerular Filtration (eGFR)1") == "Estimated Glomerular Filtration (eGFR)"
    assert without_footnote_marker("PHQ 9") == "PHQ 9"


@pytest.mark.unit
def test_a_clearance_in_ml_per_minute_is_no_dose():
    question = "eGFR 42 - what dose of drug A?"
    assert not _answers(question, "Exposure is increased compared with patients with normal renal function (eGFR ≥90 mL/min).")
    assert _answers(question, "Moderate: 30 - 59 mL/minute; give 50 mg once daily.")


@pytest.mark.unit
def test_a_question_naming_the_generic_finds_the_passage_that_writes_the_brand():
    from app.text.lexical import LexicalIndex

    index = LexicalIndex.build(["label", "other"], ["CIBINQO 100 mg once daily is the recommended dosage.",
                                                    "Patients should eat before the visit."], "v")
    assert [i for i, _ in index.search("abrocitinib starting dosage", k=2)][:1] == ["label"]
    assert [i for i, _ in index.search("abrocitinib", k=2)] == ["label"]
    assert index.search("abrocitinib", k=2, expand=False) == []


@pytest.mark.unit
def test_a_sentence_that_asks_states_nothing():
    from app.answer.guards import asks_itself

    assert asks_itself(_sentence("- Was the baby observed in hospital for a minimum of 48 hours for signs of withdrawal?"))
    assert not asks_itself(_sentence("Observe the baby in hospital for a minimum of 48 hours."))


@pytest.mark.unit
def test_a_questions_pronouns_are_no_terms_to_find():
    tokens = TermCoverage(2.0, lambda t: 1.0).question_terms("mum on drug A for a week, can she keep breastfeeding? tell them").tokens
    assert "she" not in tokens and "them" not in tokens and "breastfeed" in tokens


@pytest.mark.unit
def test_a_count_of_doses_given_asks_no_dose():
    from app.lexicon.medterms import MEASURES

    asks_dose = lambda q: bool(re.search(MEASURES["dose"][0], q, re.I))  # noqa: E731
    assert not asks_dose("still scoring 8+ after 6 doses of drug A, by how much do we go up?")
    assert _answers("still scoring 8+ after 6 doses of drug A, by how much do we go up?",
                    "If after 36 hours (6 doses) the baby is still scoring 8 or more, increase the dose by 25%.")
    # A number before "dose" or "dosing" that is no count still leaves the dose asked for.
    assert asks_dose("CKD stage 4 dosing of drug A?") and asks_dose("pt missed last 3 doses of drug A - restart dose?")
    assert not asks_dose("missed a drug A dose what do I tell the pt")


@pytest.mark.unit
@pytest.mark.parametrize("question, evidence, answers", [
    ("how much sleep does the page advise?", "Aim to squeeze in at least 8 hours per night.", True),
    ("how much sleep does the page advise?", "Here are 15 tips to help overcome binge eating.", False),
    ("how much sleep does the page advise?", "Sleep deprivation may be linked to binge eating.", False),
    ("how much water before a meal?", "Drinking 17 ounces (500 ml) of water before a meal helped.", True),
    ("how much water a day?", "Drink two litres a day.", True),
    ("how much iron in pregnancy?", "Check ferritin at 28 weeks of pregnancy.", False),
    ("how much sleep for teenagers?", "45% of teenagers sleep badly.", False),
    # Asked how much better or how much something did, the evidence states an effect, not an amount.
    ("how much better is drug A than drug B?", "Drug A was superior to drug B (HR 0.47).", True),
])
def test_how_much_asks_for_an_amount_with_its_unit(question, evidence, answers):
    assert _answers(question, evidence) is answers


@pytest.mark.unit
def test_the_web_page_and_the_mother_are_named_as_readers_name_them():
    terms = TermCoverage(2.0, lambda t: 1.0)
    asked = terms.question_terms("how much sleep does the tips page on this website advise?")
    assert "page" not in asked.tokens and "websit" not in asked.tokens
    assert terms.coverage(terms.question_terms("is the mum on methadone?"), "The mother is on methadone.") == 1.0


@pytest.mark.unit
def test_which_abx_asks_for_an_antibiotic_by_name():
    question = "Pregnant pt with PID - which abx suggested?"
    assert not _answers(question, "Parenteral therapy is advised, although no regimen is of proven safety in pregnancy.")
    assert _answers(question, "Erythromycin 500 mg four times daily is suggested in pregnancy.")


@pytest.mark.unit
def test_chat_filler_is_no_term_and_a_heavy_drinker_is_about_alcohol():
    terms = TermCoverage(2.0, lambda t: 1.0)
    asked = terms.question_terms("mum on methadone wants to breastfeed - ok? anything to warn about? do I need to stop?")
    assert not {"ok", "anyth", "want", "need"} & set(asked.tokens) and "breastfe" in asked.tokens
    newborn = terms.question_terms("newborn of a heavy drinker showing withdrawal")
    assert terms.coverage(newborn, "Newborn alcohol withdrawal: phenobarbitone 20mg/kg once.") == 1.0


@pytest.mark.unit
def test_how_many_tabs_counts_tablets_and_how_many_hours_asks_a_duration():
    assert _answers("how many tabs did she take?", "Two tablets was a lethal dose, and she had taken eight.")
    tokens = TermCoverage(2.0, lambda t: 1.0).question_terms("missed dose - up to how many hrs late can it be taken?").tokens
    assert "#duration" in tokens


@pytest.mark.unit
@pytest.mark.parametrize("text, entry", [
    ("Controlled Clin Trials 1986;7:177e88 (PMid:3802833), doi: 10.1016/0197-2456(86)90046-2", True),
    ("12. Smith AB, Jones C. Drug A for condition B: a randomised trial. Lancet 2010;375:1234-40.", True),
    ("In a randomised trial, drug A cut relapses by 40% (Lancet 2010;375:1234).", False),
    ("Drug A reduced mortality by 30% (PMID: 12345678).", False),
    ("Drug A reduced relapses by 40% compared with placebo.", False),
])
def test_a_stray_reference_list_entry_is_no_evidence(text, entry):
    from app.answer.units import is_reference_entry

    assert is_reference_entry(text) is entry


@pytest.mark.unit
def test_regimen_length_asks_a_duration_and_proportion_of_asks_a_rate():
    terms = TermCoverage(2.0, lambda t: 1.0)
    assert "#duration" in terms.question_terms("Mgen PID - recommended regimen length?").tokens
    assert "#rate" in terms.question_terms("share of ART starters expected to die of other causes").tokens


@pytest.mark.unit
def test_what_comparator_drug_is_answered_by_a_drug_the_question_does_not_name():
    from app.answer.guards import about_other_drug

    question = "levetiracetam angioedema study - what's the comparator drug?"
    assert not _answers(question, "The drug-outcome pair to be analyzed is levetiracetam and angioedema.")
    assert _answers(question, "For our comparator drug, we will be using phenytoin sodium.")
    assert _answers("what was the comparator?", "The comparator was placebo.")
    # Asked about the drug, not for one: "the drug's half-life", "drug dose".
    assert _answers("what is the drug's half-life? (ramipril)", "The half-life of ramipril is 13 to 17 hours.")
    assert _answers("what drug dose for a child?", "The dose is 10 mg/kg.")
    # A drug the dictionary does not know is named by an acronym the question lacks.
    assert _answers("Which drug combinations gave the highest efficacy?", "The highest PE was seen with SP+AQ or SP+PQ.")
    assert not _answers("OHDSI levetiracetam study - what's the comparator drug?",
                        "In the study we will use the OHDSI CohortMethod package to assess the risk.")
    comparator = replace(_sentence("For our comparator drug, we will be using phenytoin sodium.").chunk,
                         title="Levetiracetam and angioedema: a study protocol")
    unit = Unit(Passage(comparator, 1.0), 0, len(comparator.text), "sentence", comparator.text)
    assert about_other_drug(unit, {"levetiracetam"}) and not about_other_drug(unit, {"levetiracetam"}, drug_wanted=True)


@pytest.mark.unit
def test_a_missed_dose_named_with_its_drug_asks_what_to_do_not_an_amount():
    assert _answers("missed a tegretol dose what do I tell the pt",
                    "If it is nearly time for your next dose, just take the next dose and forget about the one you missed.")


@pytest.mark.unit
@pytest.mark.parametrize("section, poses", [
    ("Protocol > Rationale and Background > Research Questions", False),
    ("Guideline > Research recommendations", True),
])
def test_a_protocols_research_questions_are_what_it_answers(section, poses):
    from app.answer.guards import poses_research

    assert poses_research(_under(section, "We will compare drug A with drug B."), "what's the comparator?") is poses


@pytest.mark.unit
def test_aes_side_effects_and_a_labels_adverse_reactions_are_one_concept():
    from app.answer.guards import NARROWING, misses_critical
    from app.text.lexical import concept_spans

    critical = {g for _, _, g in concept_spans("most common AEs on drug A in trials?")[1] if g in NARROWING}
    assert critical
    assert not misses_critical(_sentence("The most common adverse reactions were headache (6.9%) and nausea (4.0%)."), critical)
    assert not misses_critical(_sentence("Undesirable effects: headache (common)."), critical)


@pytest.mark.unit
@pytest.mark.parametrize("question, evidence, misses", [
    ("intracranial complete response % with drug A?", "Intracranial objective response rate: 78.6% with drug A.", True),
    ("intracranial complete response % with drug A?", "Intracranial complete responses: 28.6% with drug A.", False),
    ("HR for intracranial haemorrhage, drug A vs warfarin?", "Stroke or systemic embolism: HR 0.80 (0.68 to 0.94).", True),
    ("HR for intracranial haemorrhage, drug A vs warfarin?", "Intracranial hemorrhage: HR 0.47 (0.34 to 0.65).", False),
    ("miscarriage rate on drug A vs disease controls?", "Miscarriage: 42.5% vs 22.5% in disease-matched patients.", False),
])
def test_a_narrower_endpoint_the_evidence_does_not_name_is_another_question(question, evidence, misses):
    from app.answer.guards import misses_critical, narrowing_concepts

    assert misses_critical(_sentence(evidence), narrowing_concepts(question)) is misses


@pytest.mark.unit
@pytest.mark.parametrize("evidence, answers", [
    ("Assess the adjusted hazard ratio for drug A vs drug B on the risk of angioedema.", False),
    ("This is a retrospective new-user cohort study in claims databases.", True),
    ("A double blind parallel-group randomised controlled trial was designed to compare drug A with placebo.", True),
])
def test_a_study_design_asked_for_is_stated_by_a_design(evidence, answers):
    assert _answers("study design of the drug A vs drug B protocol?", evidence) is answers
    # A designated centre is no study design.
    assert _answers("which designated centre should the baby be transferred to?", "Transfer to the regional centre.")


@pytest.mark.unit
def test_how_long_does_it_last_asks_a_duration_and_last_is_no_term():
    tokens = TermCoverage(2.0, lambda t: 1.0).question_terms("How long does analgesia last with continuous use?").tokens
    assert "#duration" in tokens and "last" not in tokens and "analgesia" in tokens


@pytest.mark.unit
@pytest.mark.parametrize("question", ["how long is a drugA course?", "How long is treatment with drugA for PID?",
                                      "how long should the regimen be?"])
def test_how_long_is_a_course_asks_a_duration_and_course_is_no_term(question):
    tokens = TermCoverage(2.0, lambda t: 1.0).question_terms(question).tokens
    assert "#duration" in tokens and not {"cours", "treatment", "regimen"} & set(tokens), tokens


@pytest.mark.unit
@pytest.mark.parametrize("question", ["How long is the wait for treatment?", "How long was the treatment effect maintained?"])
def test_a_treatment_that_is_not_the_course_asked_about_stays_a_term(question):
    assert "treatment" in TermCoverage(2.0, lambda t: 1.0).question_terms(question).tokens


@pytest.mark.unit
def test_stopping_and_starting_are_found_in_the_words_documents_use_for_them():
    from app.text.lexical import concept_groups

    assert set(concept_groups("after stopping drugA")) & set(concept_groups("once drugA is discontinued"))
    assert set(concept_groups("before starting drugB")) & set(concept_groups("before initiation of drugB"))
    assert not set(concept_groups("stop drugA")) & set(concept_groups("start drugA"))


@pytest.mark.unit
@pytest.mark.parametrize("question", ["anaemia cut off for surgery?", "what sodium cut-off counts as low?",
                                      "platelet threshold for transfusion?"])
def test_asking_for_a_cut_off_asks_for_a_value_and_its_words_are_no_terms(question):
    terms = TermCoverage(2.0, lambda t: 1.0).question_terms(question)
    assert "#threshold" in terms.types and not {"cut", "off", "cut-off", "threshold"} & set(terms.tokens), terms.tokens
    value = re.compile(terms.types["#threshold"], re.I)
    assert value.search("defined as a serum sodium below 130 mmol/L") and value.search("Anaemia (Hb < 9 g/dL)")
    assert not value.search("Check the full blood count first.")


@pytest.mark.unit
def test_a_drug_class_asked_about_narrows_the_question_to_evidence_naming_it():
    from app.lexicon.medterms import groups_with_role
    from app.text.lexical import concept_groups

    asked = set(concept_groups("how long after stopping an MAOI before starting drugB?")) & groups_with_role("narrows")
    assert asked and asked <= set(concept_groups("not within 14 days of monoamine oxidase inhibitors (MAOIs)"))
    assert not asked & set(concept_groups("use contraception for 28 days after stopping drugB"))


@pytest.mark.unit
def test_a_runner_up_joins_only_if_it_says_what_the_best_sentence_says_of_the_question():
    from app.answer.extractive import says_what_best_says

    terms = TermCoverage(2.0, lambda t: 2.0 if t == "miss" else 1.0)  # "dose" is the commoner word
    asked = terms.question_terms("missed a dose of drug A - what do I tell the pt")
    best = _sentence("If it is nearly time for your next dose, take the next dose and forget the one you missed.")
    joins = says_what_best_says(terms.coverage, asked, best)
    assert not joins(_sentence("Your doctor will start at a low dose."))
    assert joins(_sentence("If you miss a dose, take it as soon as you remember."))


@pytest.mark.parametrize("question, short", [
    ("What does eGFR stand for?", "eGFR"), ("IC-RR = ?", "IC-RR"), ("RANO-BM stands for what", "RANO-BM"),
    ("what does the abbreviation \"LM\" mean?", "LM"), ("meaning of rwPFS", "rwPFS"), ("what is TTP?", "TTP"),
    ("What is eGFR short for?", "eGFR"),
    ("What is the dose in renal impairment?", None), ("Does eGFR stand in the way of dosing?", None),
    ("TTP?", None), ("what is the TTP?", None),
])
def test_a_question_asking_what_an_abbreviation_stands_for_names_it(question, short):
    assert abbreviation_asked(question) == short


def test_an_abbreviation_is_spelled_out_where_its_long_form_and_it_stand_together():
    assert spells_out("Time to progression (TTP) was assessed every 8 weeks.", "TTP", "time to progression")
    assert spells_out("intracranial response rates (ICRR) by review", "ICRR", "Intracranial Response Rate")  # plural, case
    assert not spells_out("Give intrathecal chemotherapy; it is safe.", "IT", "intrathecal")
    assert not spells_out("TTP was 11 months.", "TTP", "time to progression")
    assert not spells_out("time to progression was 11 months", "TTP", "time to progression")


def test_a_year_names_a_study_and_an_amount_or_a_count_is_no_year():
    assert medterms.YEAR.findall("the 2025 real-world study and the 1998 guideline") == ["2025", "1998"]
    assert medterms.YEAR.findall("2000 mg daily; 1950 patients; 2015-2019; 20.2019") == []
    assert medterms.YEAR.findall("Of 2004 randomised patients (n = 2010), seen in 2019.") == ["2019"]


def test_a_reference_or_a_period_names_no_other_study():
    unit = _sentence("Apixaban is recommended [12, Smith 2019]; patients were seen from 2015 to 2018.")
    assert not names_other_year(unit, {"2021"})
    assert names_other_year(_sentence("The 2019 cohort enrolled 40 patients."), {"2021"})


@pytest.mark.parametrize("question", ["size of the 2021 registry?", "What was the sample size?",
                                      "how big was the cohort in the Chinese study?"])
def test_the_size_of_a_study_asks_for_a_count(question):
    terms = TermCoverage(3.0, lambda tok: 1.0).question_terms(question)
    assert "#count" in terms.tokens and not {"size", "big"} & set(terms.tokens)


@pytest.mark.parametrize("question, narrowed", [
    ("Dose in patients who were on dialysis?", ["dialysi"]),
    ("for women who are breastfeeding, is it safe?", ["breastfeed"]),
    ("in the pivotal trial who assessed the endpoints?", []),
    ("In the registry, who funded it?", []),
    ("in pts who had prior RT, what was the ORR?", ["rt"]), ("for those who are on dialysis what dose", ["dialysi"]),
])
def test_who_after_people_narrows_them_and_who_after_a_scene_asks(question, narrowed):
    assert restriction(question) == narrowed


@pytest.mark.parametrize("asked, read", [
    ("pts who hadnt had prior RT", "pts who had not had prior RT"), ("it doesn't work?", "it does not work?"),
    ("pt didnt respond", "pt did not respond"), ("she can't take it", "she can not take it"),
    ("wont is a word, cant too", "wont is a word, cant too"),
    ("Isnt warfarin contraindicated in pregnancy?", "Is warfarin contraindicated in pregnancy?"),  # it asks
    ("havent used my inhaler for a week, do i prime it?", "have not used my inhaler for a week, do i prime it?"),  # "I" left out
])
def test_a_contracted_negation_is_written_out(asked, read):
    assert uncontracted(asked) == read
    assert TermCoverage(3.0, lambda t: 1.0).question_terms(uncontracted(asked)).negated == ("not" in read)


@pytest.mark.parametrize("asked, read", [
    ("LDL lowering in nondiabetic pts?", "LDL lowering in non-diabetic pts?"), ("Nonsmokers only?", "Non-smokers only?"),
    ("is that nonsense?", "is that nonsense?"), ("nonetheless, what dose?", "nonetheless, what dose?"),
    ("nonsteroidal drugs?", "nonsteroidal drugs?"),  # a word of its own, as common as its part
])
def test_a_negation_typed_onto_its_word_is_written_apart(asked, read):
    assert uncontracted(asked) == read


@pytest.mark.unit
def test_a_non_x_of_the_question_is_said_by_a_negation_of_x_only():
    cover = TermCoverage(2.0, lambda t: 1.0)
    non_diabetic = cover.question_terms("LDL reduction in non-diabetic patients?")
    assert cover.coverage(non_diabetic, "Without diabetes: -44%") > cover.coverage(non_diabetic, "With diabetes: -41%")
    non_smokers = cover.question_terms("stroke rate in non-smokers?")
    assert cover.coverage(non_smokers, "No prior stroke: 0.9%") == cover.coverage(non_smokers, "Prior stroke: 2.4%")


def test_no_of_pts_asks_for_a_count_once():
    tokens = TermCoverage(3.0, lambda t: 1.0).question_terms("how big was the study (no. of pts)?").tokens
    assert tokens.count("#count") == 1


@pytest.mark.parametrize("question, yes_no", [
    ("Does it work in the brain?", True), ("ok in pregnancy, can I give it?", True),
    ("Max number of sessions pts could get in each arm?", False), ("total dose pts could receive?", False),
])
def test_a_fragment_asking_for_a_value_is_no_yes_no_question(question, yes_no):
    assert is_yes_no(question) == yes_no


@pytest.mark.parametrize("question, text, answers", [
    ("Max number of sessions in each arm?", "Patients received up to 12 weekly sessions.", True),
    ("Max number of sessions in each arm?", "231 patients received one or more sessions (mean 9.0).", False),
    ("min gestation for PCA?", "It should not be used at a gestation less than 36 weeks.", True),
    ("min gestation for PCA?", "Give oxygen at 2-4 L/min via nasal prongs.", False),
    ("infusion time in min?", "Infuse over 30 minutes.", True),
])
def test_a_maximum_or_minimum_asked_is_answered_only_by_a_stated_bound(question, text, answers):
    assert _answers(question, text) == answers


def test_a_brand_marked_tm_is_read_though_its_web_address_writes_it_in_lower_case():
    text = "ZELTRA™ (zelparin) tablets, for oral use. ZELTRA is taken once daily. Visit www.zeltra.com."
    assert brand_names(text) == {"ZELTRA": "zelparin"}
    assert brand_names("Tablets (zelparin) are white. Take the tablets with water.") == {}


def test_a_brand_the_question_names_is_read_as_the_generic_its_document_gives():
    defined = [{"ZELTRA": "zelparin", "IT": "intrathecal", "STATs": "statins"}]
    assert brands_named("does zeltra tablet contain lactose", defined) == {"zelparin"}
    assert brands_named("is it safe in pregnancy", defined) == set()
    assert brands_named("stats in pregnancy?", defined) == set()  # a class: any member answers


def test_a_tables_legend_is_a_glossary_and_a_field_list_is_not():
    assert is_glossary("CI: confidence interval; group A: first arm; D9: ninth day of stay.")
    assert not is_glossary("Dose: 5 mg; Route: oral; Frequency: twice daily")
    assert not is_glossary("The dose is 5 mg: take it twice daily; see section 4; avoid alcohol.")


def test_a_glossary_whose_dashed_entries_run_on_is_a_glossary():
    assert is_glossary("ICP - Intrahepatic cholestasis of pregnancy\tLFTs - Liver function tests IOL - Induction "
                       "of labour\tALT - Alanine aminotransferase PEP - Polymorphic eruption of pregnancy")
    # A list of instructions by drug class is not one: its entries spell nothing out.
    assert not is_glossary("SGLT2i - Stop until eating and drinking normally ACEi - Stop if vomiting or diarrhoea "
                           "ARBs - Stop if vomiting or diarrhoea NSAIDs - Stop and avoid until recovered")
    # Sentences with a dash or two after a short form are not one.
    assert not is_glossary("Check the HbA1c - Repeat it at 3 months. If the eGFR - Below 30 - stop the drug, and "
                           "then review the patient in clinic with the results of all the other tests done.")


def test_only_a_question_that_supposes_too_is_answered_by_a_supposition():
    supposition = _sentence("If patients had been blinded, the trial would have been stronger.")
    assert supposes(supposition) and not asks_supposing("Was the trial blinded?")
    assert supposes(_sentence("Had investigators been blinded, the results could have differed."))
    assert asks_supposing("Would the trial have been stronger if it had been blinded?")
    # a "would have" with no "if ... had" reports what was so
    assert not supposes(_sentence("Patients who had previously been treated were excluded, as they would have been "
                                  "at higher risk."))


@pytest.mark.unit
def test_who_a_patient_is_is_half_said_by_every_passage_of_a_document_whose_opening_speaks_of_them():
    cover = TermCoverage(2.0, lambda t: 1.0)
    terms = cover.question_terms("my pt has ALK+ lung cancer with brain mets, does drugA help more than drugB?")
    assert {"lung", "met"} <= terms.story and "druga" not in terms.story, terms.story
    row = "Time to brain progression: significantly longer with drugA than drugB"
    opening = "DrugA in ALK-positive lung cancer with brain metastases.\n\n"
    about = cover.about_document(terms, opening + row)
    assert cover.coverage(about, row) > cover.coverage(terms, row)
    # A passage saying the patient's words itself still covers them whole.
    said = "In ALK+ lung cancer with brain mets, drugA helps more than drugB"
    assert cover.coverage(about, said) == cover.coverage(terms, said)
    # Lent only to a text that says all the ask: the story tells who asks, never what is asked.
    assert cover.coverage(about, "Nausea occurred in 12% with drugA") == cover.coverage(terms, "Nausea occurred in 12% with drugA")
    # A document whose opening does not say who the patient is gains nothing: its patients may not be the
    # question's. Nor does one saying them only where it excludes them, in a table's rows, or further on.
    for document in ("DrugA and drugB in asthma: significantly longer control.",
                     "DrugA in lung cancer. Patients with ALK rearrangements or brain metastases were excluded.",
                     "DrugA in ALK-positive lung cancer.\n\n| Subgroup | DrugA |\n|---|---|\n| Brain metastases | 40% |",
                     "DrugA in asthma.\n\n" + "Control was longer with drugA. " * 60 + "ALK+ lung cancer with brain metastases."):
        assert cover.about_document(terms, document) is terms, document
    # Any word of the story the opening does not say, a number above all: the patient is someone else.
    for story in ("my pt has EGFR-mutant lung cancer with brain mets", "my pt has HER2-negative lung cancer with brain mets",
                  "my pt is 6 with ALK+ lung cancer and brain mets", "my pt has ALK+ lung cancer with brain mets and rheumatic fever"):
        other = cover.question_terms(f"{story}, does drugA help more than drugB?")
        assert other.story and cover.about_document(other, "DrugA in ALK-positive lung cancer with brain metastases, "
                                                            "HER2 status and 6 cycles.\n\n" + row) is other, story
    on_drug = cover.question_terms("pt on warfarin with AF - can I give drugA?")
    assert on_drug.story == {"af"}, on_drug.story
    # Without a story, or when the story is the question ("... - ok to use drugA?"), no word is lent.
    assert not cover.question_terms("does drugA help more than drugB in brain mets?").story
    assert not cover.question_terms("HD pt with lower UTI - ok to use drugA?").story


@pytest.mark.unit
def test_a_patient_story_told_after_the_ask_is_lent_as_one_told_before_it():
    cover = TermCoverage(2.0, lambda t: 1.0)
    terms = cover.question_terms("DrugA loading dose on day 1 for an adult inpatient with COVID-19?")
    assert {"inpati", "covid-19", "19"} <= terms.story and "load" not in terms.story, terms.story
    dosing = "A single loading dose of drugA 200 mg on Day 1, then 100 mg once daily."
    about = cover.about_document(terms, "DrugA is indicated for COVID-19 in adults who are hospitalized.\n\n" + dosing)
    assert cover.coverage(about, dosing) > cover.coverage(terms, dosing)
    # A document about other patients lends nothing.
    assert cover.about_document(terms, "DrugA is indicated for influenza in adults.\n\n" + dosing) is terms
    # A population asked about, not a patient's story: "in patients with" stays the ask; so does the
    # condition after an ask other than a dose's.
    assert not cover.question_terms("DrugA dose in patients with renal impairment?").story
    assert not cover.question_terms("Is drugA contraindicated in a patient with asthma?").story


@pytest.mark.unit
def test_a_terms_synonyms_count_as_the_term_once_and_a_long_synonyms_common_words_not_at_all():
    from app.text.lexical import LexicalIndex, expand_query

    index = LexicalIndex.build(
        ["answer", "synonyms", "temperature", "other"],
        ["Median fever clearance time was 92 hours with drug A.",
         "Febrile patients with pyrexia were feverish and febrile at presentation; pyrexia persisted.",
         "A high temperature at presentation was recorded with a high reading of the temperature.",
         "Patients should eat before the visit."], "v")
    assert [i for i, _ in index.search("fever clearance time", k=4)][:1] == ["answer"]
    # A passage that says only a synonym still scores as one that says the term.
    assert [i for i, _ in index.search("fever", k=4)][:1] in (["answer"], ["synonyms"])
    assert "temperature" not in [i for i, _ in index.search("fever", k=4)]
    tokens, groups = expand_query("fever clearance")
    assert tokens == ["fever", "clearanc"] and any("pyrexia" in other for _, other in groups)
    assert not any(t in other for _, other in groups for t in ("high", "temperatur"))


@pytest.mark.unit
def test_an_english_word_a_long_form_only_extends_is_no_shorthand():
    from app.text.lexical import with_long_forms

    assert "(" not in with_long_forms("median fever clearance")
    assert "(pregnancy)" in with_long_forms("abx in preg?")


@pytest.mark.unit
def test_asked_which_medicines_a_row_is_read_at_its_part_naming_medicines():
    from app.answer.rows import RowReader

    coverage = TermCoverage(2.0, lambda tok: 1.0)
    row = _row([("Column 1", "Individuals excluded"),
                ("Column 2", "• Under 12 years of age. (Under 18 if the patient requests NRT lozenges). "
                             "• Hypersensitivity to any ingredient. • Individuals currently prescribed warfarin, theophylline or lithium.")])
    said = RowReader(coverage.coverage).statements(row, coverage.question_terms("Which concurrent medicines exclude a patient from NRT?"))
    text = " ".join(st.text for st in said)
    assert "warfarin" in text and "lozenges" not in text, text


@pytest.mark.parametrize("question, text, said", [
    ("Max infusion rate?", "Infuse at a rate not exceeding 10 mg/minute.", True),
    ("maximum daily dose?", "Take up to 4 g daily.", True),
    ("Minimum interval between doses?", "Give the doses at least 4 weeks apart (interval).", True),
    ("Max infusion rate?", "Infuse at a rate of 10 mg/minute.", False),  # a rate, but no limit
    ("Minimum interval between doses?", "Give the doses not exceeding 4 weeks apart (interval).", False),  # the other limit
])
def test_a_limit_is_said_by_its_wording_as_well_as_by_the_word(question, text, said):
    coverage = TermCoverage(2.0, lambda t: 1.0)
    assert (coverage.coverage(coverage.question_terms(question), text) == 1.0) is said


def test_forgetting_a_medicine_is_missing_a_dose():
    coverage = TermCoverage(2.0, lambda t: 1.0)
    terms = coverage.question_terms("Patient forgot their tablets - what should they do?")
    assert coverage.coverage(terms, "If you miss a dose of your tablets, take it as soon as you remember.") == 1.0


@pytest.mark.parametrize("question, evidence, other", [
    ("When is the 2nd MMRV dose due?", "1 year: MMRV first dose", True),
    ("When is the 2nd MMRV dose due?", "18 months: MMRV second dose", False),
    ("When is the 2nd MMRV dose due?", "Give MMRV at 1 year of age.", False),  # names no dose of the series
    ("Interval between the first two doses?", "Give the second dose 6-12 months after the first.", False),
    ("initial dose 2 tablets, then?", "Then take the second dose after 8 hours.", False),  # an amount, not dose 2
    ("second-line treatment after progression?", "First-line treatment is drug A.", True),
    ("drug A dose for cycle 2?", "Cycle 1: 100 mg on day 1; cycle 2 onwards: 150 mg.", False),
    ("drug A 1st or 2nd line?", "Drug A is recommended as second line.", False),  # a choice asks of both
    ("drug A 1st or 2nd line?", "Drug A is recommended as third line.", True),
])
def test_another_dose_of_a_series_answers_another_question(question, evidence, other):
    from app.answer.asked_values import other_ordinal

    assert other_ordinal(_sentence(evidence), question) is other


@pytest.mark.unit
def test_evidence_saying_a_means_is_lacking_answers_a_question_without_it():
    from app.answer.negations import contradicts_negation

    coverage = TermCoverage(2.0, lambda t: 1.0)
    no_access = coverage.question_terms("no IV access - can drugA go IO? dose change?")
    assert not contradicts_negation(_sentence("If IV access cannot be obtained, drugA may be given intraosseously at the same dose."), no_access)
    assert contradicts_negation(_sentence("Give drugA through the IV access over 10 minutes."), no_access)
    cannot_swallow = coverage.question_terms(uncontracted("pt has an NG tube and can't swallow tabs, can drugA be given down the tube?"))
    assert not contradicts_negation(_sentence("For patients unable to swallow whole tablets, drugA tablets may be crushed."), cannot_swallow)
    not_able = coverage.question_terms("pt not able to swallow - can drugA tablets be crushed?")
    assert not contradicts_negation(_sentence("For patients unable to swallow tablets, drugA tablets may be crushed."), not_able)
    assert contradicts_negation(_sentence("Swallow drugA tabs whole with water."), cannot_swallow)
    # Lacking something else is no negation of what the question negates.
    for question, evidence in (
            ("response rate with drugA in patients without prior chemotherapy?",
             "In patients whose prior chemotherapy was not tolerated, the response rate with drugA was 30%."),
            ("drugB dose for patients not taking warfarin?", "In patients taking warfarin who cannot take a DOAC, give drugB 5 mg."),
            ("drugA in patients not receiving dialysis?", "Patients receiving dialysis who are unable to receive drugA orally get it IV."),
            ("without diabetes - target BP?", "In patients with diabetes, where target BP was not achieved, add drugA.")):
        assert contradicts_negation(_sentence(evidence), coverage.question_terms(question)), question


@pytest.mark.unit
@pytest.mark.parametrize("question, sentence, answers", [
    ("pt on warfarin prescribed clarithromycin - ok to take both?", "Taking clarithromycin with warfarin can cause serious blood problems.", True),
    ("pt on warfarin needs clarithromycin - any issue?", "Warfarin: co-administration is not recommended.", True),
    ("can I co-prescribe warfarin and clarithromycin?", "Concomitant use of warfarin and clarithromycin raises warfarin levels.", True),
    ("pt on warfarin needs clarithromycin - any issue?", "Clarithromycin is given as 500 mg twice daily.", False),
    ("pt on warfarin prescribed clarithromycin - ok to take both?", "Warfarin tablets should be swallowed whole.", False),
    ("does warfarin interact with clarithromycin?", "Warfarin increases clarithromycin plasma concentrations.", True),
    ("does warfarin interact with clarithromycin?", "Warfarin is contraindicated with clarithromycin.", True),
    ("does warfarin interact with clarithromycin?", "Take clarithromycin with water.", False),
    ("does warfarin interact with clarithromycin?", "Take clarithromycin with a glass of water.", False),
    ("does warfarin interact with clarithromycin?", "Clarithromycin may enhance the anticoagulant effect of warfarin; monitor the INR.", True),
    ("does warfarin interact with clarithromycin?", "Clarithromycin lowers cholesterol levels by 30%.", False),
    ("does warfarin interact with clarithromycin?", "Clarithromycin is used with caution in asthma.", False),
])
def test_asked_whether_two_medicines_go_together_the_evidence_says_how_they_do(question, sentence, answers):
    terms = TermCoverage(2.0, lambda t: 1.0).question_terms(question)
    assert "#interaction" in terms.tokens and not {"ok", "both", "issu", "interact"} & set(terms.tokens), terms.tokens
    assert _answers(question, sentence) is answers


@pytest.mark.unit
@pytest.mark.parametrize("question", ["cholestasis on the combined pill - what contraception", "Any concerns about drugA in pregnancy?",
                                      "pt with asthma needs propranolol - any issues?", "pt on dialysis needs gentamicin - any issue?",
                                      "drugA in breastfeeding - any concerns?", "any problems stopping drugA suddenly?",
                                      "missed a dose of drugA - ok to take both tablets together?"])
def test_a_question_of_one_medicine_is_no_question_of_two_together(question):
    assert "#interaction" not in TermCoverage(2.0, lambda t: 1.0).question_terms(question).tokens


@pytest.mark.unit
def test_asked_of_a_presentation_by_its_strength_a_sentence_on_another_strength_is_about_another():
    from app.answer.asked_values import other_strength, strengths_to_make_up

    question = "how much diluent to reconstitute drugA 1 g vial"
    assert other_strength(_sentence("For the 2 g extended-infusion dose, reconstitute two vials in 100 mL."), strengths_to_make_up(question))
    assert not other_strength(_sentence("Add 20 mL of water for injections to each 1 g vial."), strengths_to_make_up(question))
    assert not other_strength(_sentence("For a 2 g dose, use two 1 g vials."), strengths_to_make_up(question))
    assert not other_strength(_sentence("Reconstitute with water for injections and use at once."), strengths_to_make_up(question))
    # Only making the preparation up turns on the strength: a maximum or a rate is stated in other amounts.
    assert not other_strength(_sentence("Do not exceed 1200 mg in 24 hours."), strengths_to_make_up("max daily dose with 200 mg tablets?"))
    assert not other_strength(_sentence("Reconstitute the 1,000 mg vial with 20 mL."), strengths_to_make_up("how to reconstitute the 1000 mg vial?"))
    # A strength the question gives without its presentation is the patient's dose, not a product asked of.
    assert not other_strength(_sentence("Reduce to 5 mg once daily."), strengths_to_make_up("on 10 mg daily, CrCl 25 - what dose?"))

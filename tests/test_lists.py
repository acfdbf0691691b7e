"""How an answer is put together from a document: a list the question names by its heading is answered
whole (every item, the short ones too, in one sentence with one citation), a list about something else the
question names is not, and a statement the document makes twice is said once."""

import pytest

from app.answer.lists import heading
from app.pipeline import Pipeline
from conftest import answered, one_document_pipeline

LEAFLET = """# Ranolazine tablets: guidance for prescribers

## Highlights

The recommended starting dose of ranolazine is 500 mg twice daily, taken with or without food.

## 4.2 Posology

The recommended starting dose of ranolazine is 500 mg twice daily taken with or without food.

## 4.3 Contraindications

- Hypersensitivity to the active substance or to any of the excipients
- Severe renal impairment (creatinine clearance below 30 mL/min)
- Asthma
- Concomitant use of strong CYP3A4 inhibitors such as ketoconazole

## 4.4 Special warnings

Ranolazine should be used with caution in patients with moderate hepatic impairment. The QTc interval
should be monitored in patients with a family history of long QT syndrome.

## 4.8 Undesirable effects

Dizziness, headache and constipation were the most frequently reported adverse reactions in adults.
"""


@pytest.fixture(scope="module")
def leaflet(tmp_path_factory) -> Pipeline:
    return one_document_pipeline(tmp_path_factory, "ranolazine-guidance.md", LEAFLET)


@pytest.mark.parametrize("question", ["Contraindications to ranolazine?", "What are the contraindications of ranolazine?"])
def test_a_list_named_by_its_heading_is_answered_with_every_item(leaflet, question):
    answer = leaflet.ask(question)
    assert not answer.abstained, answer.notice
    assert answer.answer == ("Contraindications: Hypersensitivity to the active substance or to any of the excipients; "
                             "Severe renal impairment (creatinine clearance below 30 mL/min); Asthma; "
                             "Concomitant use of strong CYP3A4 inhibitors such as ketoconazole [1]")
    (cited,) = answer.citations
    assert cited.quote.startswith("- Hypersensitivity") and cited.quote.endswith("such as ketoconazole")
    assert len(cited.marks) == 4


@pytest.mark.parametrize("question", [
    "Contraindications to ranolazine in pregnancy?",  # a population the document does not cover
    "Contraindications to ketoconazole?",  # a drug one item names, not the one the list is about
])
def test_a_list_is_not_the_answer_to_a_question_about_something_else(leaflet, question):
    answer = leaflet.ask(question)
    assert "Asthma" not in answer.answer, answer.answer


LONG_LIST = "# Examplinib tablets: guidance for prescribers\n\n## 4.3 Contraindications\n\n" + "".join(
    f"- Condition number {k} of the list, stated at length so that the list runs past one chunk of text\n"
    for k in range(1, 15)) + "\n## 4.4 Special warnings\n\nExaminib should be used with caution in older patients.\n"


def test_a_list_longer_than_one_passage_is_not_read_as_if_one_part_were_all_of_it(tmp_path_factory):
    pipeline = one_document_pipeline(tmp_path_factory, "long-list.md", LONG_LIST)
    answer = pipeline.ask("Contraindications to examplinib?")
    assert not answer.answer.startswith("Contraindications:"), answer.answer


def test_a_statement_the_document_makes_twice_is_said_once(leaflet):
    answer = leaflet.ask("What is the starting dose of ranolazine?")
    assert answer.answer.count("500 mg twice daily") == 1, answer.answer


@pytest.mark.unit
@pytest.mark.parametrize("section, expected", [
    ("Guideline > 5.0 How to give it > 5.2 Cautions for use", "Cautions for use"),
    ("4.3 Contraindications", "Contraindications"),
    ("Contraindications:", "Contraindications"),
    ("IV. Adverse reactions", "Adverse reactions"),
])
def test_a_section_heading_is_read_without_its_numbering(section, expected):
    assert heading(section) == expected


REGISTRY = """# Registry record: a trial of an exercise programme in pregnant smokers

Sponsor: St Elsewhere University Hospital
Start date: March 2019
Status: Completed
Enrollment: 789 participants

## Summary

The trial compared an exercise programme with usual care for smoking cessation in pregnancy.
"""


@pytest.fixture(scope="module")
def registry(tmp_path_factory) -> Pipeline:
    return one_document_pipeline(tmp_path_factory, "registry.md", REGISTRY)


def test_a_question_joining_two_asks_reads_each_field_it_names_from_a_record(registry):
    answer = registry.ask("What is the status of the trial and how many participants were enrolled?")
    assert answer.answer == "Status: Completed; Enrollment: 789 participants [1]", answer.answer


def test_asks_listed_in_brackets_are_each_answered_by_their_own_line_of_the_list(tmp_path_factory):
    pipeline = one_document_pipeline(tmp_path_factory, "guideline.md", (
        "# Monitoring glucose in pregnancy\n\n"
        "## Targets\n\n"
        "Advise pregnant women with diabetes to aim for the following capillary plasma glucose targets:\n\n"
        "- fasting: 5.3 mmol/litre and\n"
        "- 1 hour after meals: 7.8 mmol/litre or\n"
        "- 2 hours after meals: 6.4 mmol/litre.\n\n"
        "## Other advice\n\n"
        "Advise women taking insulin to keep their capillary plasma glucose above 4 mmol/litre.\n"))
    answer = pipeline.ask("Capillary glucose targets in pregnancy (fasting, 1h, 2h post meal)?")
    assert all(value in answer.answer for value in ("5.3", "7.8", "6.4")), answer.answer
    assert "above 4" not in answer.answer, answer.answer
    # A single ask is answered by its own line, without the list's other lines.
    one = pipeline.ask("Capillary glucose target 1 hour after meals in pregnancy?")
    assert "7.8" in one.answer and "5.3" not in one.answer, one.answer


def test_a_line_for_other_patients_never_joins_as_a_listed_ask(tmp_path_factory):
    pipeline = one_document_pipeline(tmp_path_factory, "label.md", (
        "# DrugA tablets and infusion\n\n"
        "## Dosing\n\n"
        "Give drugA at the following doses:\n\n"
        "- adults: 500 mg orally twice daily\n"
        "- children over 12 years: 250 mg orally twice daily\n"
        "- children under 12 years: 10 mg/kg intravenously every 12 hours\n"))
    answer = pipeline.ask("DrugA dose in adults (oral, intravenous)?")
    assert "500 mg" in answer.answer and "10 mg/kg" not in answer.answer, answer.answer


TOXICITY = """<html><head><title>Zelparin monitoring</title></head><body><main>
<h1>Zelparin monitoring</h1>
<h2>1.2 Diagnosis</h2>
<p>1.2.8 Diagnose zelparin toxicity if the patient has either:</p>
<ul><li>a trough level of 20 mg/L or above or</li><li>a rise in serum creatinine of 50% or more from baseline.</li></ul>
<h2>1.3 Treatment</h2>
<p>Stop zelparin and recheck the trough level after 24 hours.</p>
</main></body></html>
"""


def test_a_list_item_is_said_with_the_lead_in_its_list_hangs_from(tmp_path_factory):
    p = one_document_pipeline(tmp_path_factory, "monitoring.html", TOXICITY)
    a = p.ask("trough threshold for diagnosing zelparin toxicity?")
    assert not a.abstained, a.answer
    assert "Diagnose zelparin toxicity if the patient has either: a trough level of 20 mg/L or above" in a.answer, a.answer
    assert a.citations[0].quote == "- a trough level of 20 mg/L or above or"  # the quote is the item, verbatim


SIDE_EFFECTS = """<html><head><title>Zelparin tablets: information for the patient</title></head><body><main>
<h1>Zelparin tablets: information for the patient</h1>
<h2>4. Possible side effects</h2>
<p>Like all medicines, this medicine can cause side effects, although not everybody gets them.</p>
<p>Common: may affect up to 1 in 10 people</p>
<ul><li>dizziness</li><li>hair loss</li></ul>
<p>Uncommon (may affect up to 1 in 100 people)</p>
<ul><li>mouth ulcer</li><li>restlessness</li></ul>
<p>The tablets were studied in 400 patients over two years of treatment.</p>
<ul><li>Some patients stopped treatment early.</li></ul>
</main></body></html>"""


def test_a_list_under_a_frequency_label_is_said_with_the_label(tmp_path_factory):
    p = one_document_pipeline(tmp_path_factory, "zelparin-side-effects.html", SIDE_EFFECTS)
    a = p.ask("is hair loss common with zelparin?")
    assert "Common: may affect up to 1 in 10 people: hair loss" in a.answer, a.answer
    assert "Uncommon (may affect up to 1 in 100 people): mouth ulcer" in answered(p, "how common is mouth ulcer on zelparin?")


@pytest.mark.integration
def test_asked_how_common_an_effect_is_an_item_naming_only_part_of_it_does_not_answer(tmp_path_factory):
    p = one_document_pipeline(tmp_path_factory, "zelparin-side-effects.html", SIDE_EFFECTS.replace(
        "<li>mouth ulcer</li>", "<li>dry throat</li>"))
    answer = p.ask("how common is dry mouth with zelparin?")
    assert answer.abstained, answer.answer


@pytest.mark.unit
def test_only_a_short_label_line_or_a_colon_leads_a_list():
    from app.ingest.lists import lead_in

    assert lead_in("Common: may affect up to 1 in 10 people") == "Common: may affect up to 1 in 10 people:"
    assert lead_in("Very common (may affect more than 1 in 10 people)") == "Very common (may affect more than 1 in 10 people):"
    assert lead_in("The tablets were studied in 400 patients over two years of treatment.") == ""
    assert lead_in("a long line of a page broken by the converter\nand going on below it without a stop") == ""
    assert lead_in("Inflammation of the nose and throat, abnormal dreams, headache, * Nausea") == ""  # items, not a label
    assert lead_in("Zelparin is not recommended for children under 12 years (see section 2)") == ""  # an aside
    assert lead_in("Children under 12 years (treated by the paediatric urology team only)") == ""  # a sentence, no label
    # a caution, a note, a date or a wrapped line's tail is no category of the items under it
    assert lead_in("Important: do not give with simvastatin or in patients with a prolonged QT interval") == ""
    assert lead_in("Note: in women over 75 years, avoid zelparin and use a lower anticholinergic burden option") == ""
    assert lead_in("Updated: March 2023 (previous version: 2019)") == ""
    assert lead_in("genitalium (Grade 1D)") == ""
    assert lead_in("Not known: frequency cannot be estimated from the available data").startswith("Not known")


STORAGE = """# Zelparin tablets: information for the patient

## How to store Zelparin

- Keep this medicine out of the sight and reach of children.
- Do not use this medicine after the expiry date which is stated on the carton.
- Do not store above 30°C.
- Store in the original package in order to protect from moisture.
"""


def test_a_list_asked_for_a_kind_of_value_is_answered_by_the_items_stating_one(tmp_path_factory):
    p = one_document_pipeline(tmp_path_factory, "zelparin-leaflet.md", STORAGE)
    a = p.ask("What temperature should Zelparin be stored below?")
    assert not a.abstained, a.answer
    assert "Do not store above 30°C" in a.answer and "sight and reach" not in a.answer, a.answer
    whole = p.ask("How should Zelparin be stored?")
    assert "sight and reach of children" in whole.answer and "30°C" in whole.answer, whole.answer


RECORDS = """# Protocols of the key studies

Here are the methods of the two trials.

- **Study Name:** Phase III ORBIT Trial (NCT01234567) [4]
- **Objective:** To compare zelparin with warfarin in adults with atrial fibrillation.
- **Imaging:** Brain imaging was done at baseline and every 8 weeks until progression.
- **Study Name:** 2024 Registry Study [5]
- **Objective:** To describe zelparin use in routine practice.
- **Imaging:** Imaging was done when clinically indicated.
"""


def test_an_item_of_a_record_is_not_said_with_the_records_head(tmp_path_factory):
    p = one_document_pipeline(tmp_path_factory, "protocols.md", RECORDS)
    answer = answered(p, "how often was brain imaging done in ORBIT?")
    assert "every 8 weeks" in answer and "Study Name" not in answer, answer

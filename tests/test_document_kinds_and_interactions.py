"""A kind of document or issuer the question names ("per NICE", "the PIL") is said by every passage of a document
that names itself so; "which <enzyme> inhibitors" asks for drugs by name, and is not answered by the inducers; a
guideline's record of its earlier advice answers only a question about its changes."""

import pytest

from conftest import answered, documents_pipeline

GUIDELINE = """Menopause: identification and management

NICE guideline NG99, published 2024

Recommendations

Altered sexual function

1.5.24 Consider testosterone supplementation as an option for people with low sexual desire associated with menopause if HRT alone is not effective.
"""

LABEL = """HIGHLIGHTS OF PRESCRIBING INFORMATION: VELORA (estradiol transdermal system)

7 DRUG INTERACTIONS

Inducers of CYP3A4 such as St. John's Wort, phenobarbital, carbamazepine and rifampin may reduce plasma concentrations of estrogens.

Inhibitors of CYP3A4 such as erythromycin, clarithromycin, ketoconazole and grapefruit juice may increase plasma concentrations of estrogens.
"""


@pytest.fixture(scope="module")
def documents(tmp_path_factory):
    return documents_pipeline(tmp_path_factory, {"menopause-guideline.md": GUIDELINE, "velora-label.md": LABEL})


@pytest.mark.integration
def test_a_guideline_named_by_its_issuer_is_said_by_each_of_its_passages(documents):
    assert "testosterone" in answered(documents, "low libido despite HRT - nice option?")


@pytest.mark.unit
def test_the_issuer_is_lent_only_by_a_document_whose_opening_names_it():
    from app.answer.acronyms import kinds_lent
    from app.answer.coverage import TermCoverage

    coverage = TermCoverage(2.0, lambda tok: 1.0)
    terms = coverage.question_terms("ovarian cancer risk per the PIL")
    said = lambda tok, text: coverage.coverage(coverage.question_terms(tok), text)  # noqa: E731
    assert kinds_lent(terms, "Package leaflet: information for the user. Read all of this leaflet.", said) == "pil"
    assert kinds_lent(terms, "Menopause: identification and management. NICE guideline.", said) == ""
    # An issuer the opening sets aside is none the document is.
    mhra = coverage.question_terms("MHRA advice on the insulin infusion rate?")
    said_mhra = lambda tok, text: coverage.coverage(coverage.question_terms(tok), text)  # noqa: E731
    assert kinds_lent(mhra, "Ward SOP. The ward team, not the MHRA, approved the local changes.", said_mhra) == ""


@pytest.mark.integration
def test_which_inhibitors_is_answered_by_the_inhibitors_named_not_the_inducers(documents):
    a = answered(documents, "which CYP3A4 inhibitors can push up estradiol levels w/ velora")
    assert "ketoconazole" in a
    assert "rifampin" not in a



@pytest.mark.unit
def test_inhibitors_are_drugs_asked_for_only_of_an_enzyme_named_in_capitals():
    from app.answer.drugs_asked import asks_for_drug

    assert asks_for_drug("which CYP3A4 inhibitors can push up estradiol levels")
    assert not asks_for_drug("which natural inhibitors of coagulation exist?")


@pytest.mark.integration
def test_a_guideline_naming_a_drug_by_its_generic_answers_a_question_naming_its_brand_too(tmp_path_factory):
    # The dictionary knows the generic only as the brand's; the guideline writes the generic out.
    guideline = ("Bladder pain syndrome: a guideline\n\nOral treatments\n\n"
                 "Oral pentosan polysulfate does not appear to be an effective treatment for bladder pain syndrome.\n")
    pipeline = documents_pipeline(tmp_path_factory, {"bladder-pain-guideline.md": guideline})
    answer = answered(pipeline, "does the guideline recommend oral pentosan polysulfate (elmiron) for bladder pain syndrome?")
    assert "does not appear to be an effective treatment" in answer


REFERRAL_GUIDELINE = """Pelvic pain: referral and management

NICE guideline NG98, published 2017, last updated 2024

Recommendations

1.4 Referral

1.4.2 Refer women to a specialist pelvic pain centre if they have pain involving the bowel or bladder.

Update information

Minor changes since publication

December 2021: the previous advice was to refer women with bowel pain only; this was changed to include bladder pain.
"""


@pytest.fixture(scope="module")
def referral(tmp_path_factory):
    return documents_pipeline(tmp_path_factory, {"pelvic-pain-guideline.md": REFERRAL_GUIDELINE})


@pytest.mark.integration
def test_a_guidelines_record_of_its_earlier_advice_answers_only_a_question_about_its_changes(referral):
    answer = answered(referral, "when should women be referred to a specialist pelvic pain centre")
    assert "bowel or bladder" in answer and "December 2021" not in answer
    assert "December 2021" in answered(referral, "what was the previous advice on referring women with bowel pain?")


SCHEDULE_AND_TRIAL = {
    "schedule.md": """Routine immunisation schedule guidance

Summary of changes to the routine schedule from July 2025

The hepatitis B containing vaccine is now given at 8, 12 and 16 weeks of age.

Other vaccines

The rotavirus vaccine is given at 8 and 12 weeks of age.
""",
    "insulin-guideline.md": """Insulin: switching preparations

Recommendations

1.2.1 When switching from NPH insulin to glargine, reduce the total basal dose by 20%.

Update information

Minor changes since publication

June 2022: the previous advice was to reduce the basal dose by 10% when switching; this was changed to 20%.
""",
}


@pytest.fixture(scope="module")
def schedule_and_trial(tmp_path_factory):
    return documents_pipeline(tmp_path_factory, SCHEDULE_AND_TRIAL)


@pytest.mark.integration
def test_a_heading_announcing_new_advice_is_no_record_of_history(schedule_and_trial):
    assert "8, 12 and 16 weeks" in answered(schedule_and_trial, "When is the hepatitis B vaccine given?")


@pytest.mark.integration
def test_a_clinical_change_is_answered_by_the_advice_and_the_earlier_advice_by_the_record(schedule_and_trial):
    answer = answered(schedule_and_trial, "What dose change is needed when switching from NPH insulin to glargine?")
    assert "by 20%" in answer and "10%" not in answer
    assert "10%" in answered(schedule_and_trial, "What was the previous advice on the dose reduction when switching to glargine?")


@pytest.mark.integration
@pytest.mark.parametrize("name, text, question, expected", [
    # A layout's "Version history" box heading the document's content headings.
    ("hay-fever-handbook.md", "# Hay fever clinic handbook\n\n## Version history\n\nVersion 3, 2025.\n\n### Antihistamines\n\n"
     "Offer a non-sedating antihistamine such as cetirizine 10 mg once daily.\n",
     "what dose of cetirizine for hay fever?", "10 mg once daily"),
    # Advice as it now stands, stated in the record of changes alone.
    ("gout-guideline.md", "Gout: diagnosis and management\n\nRecommendations\n\n1.1 Offer a urate-lowering drug to people with "
     "gout.\n\nUpdate information\n\nMarch 2024: we changed the urate target. Aim for a serum urate below 300 micromol/litre "
     "in people with tophi.\n", "what is the serum urate target for gout with tophi?", "300 micromol/litre"),
])
def test_what_a_record_of_changes_does_not_state_as_earlier_advice_still_answers(tmp_path_factory, name, text, question, expected):
    assert expected in answered(documents_pipeline(tmp_path_factory, {name: text}), question)


@pytest.mark.unit
@pytest.mark.parametrize("sentence, earlier", [
    ("The previous advice was to reduce the dose by 10%; this was changed to 20%.", True),
    ("June 2022: we changed the starting dose from 20 units to 10 units.", True),
    ("The colchicine dose was reduced to at most 2 mg per day.", False),  # the dose as it now stands
    ("March 2024: we changed the urate target.", False),
])
def test_a_record_of_changes_states_earlier_advice_only_where_it_says_what_it_was(sentence, earlier):
    from app.lexicon.medterms import STATES_EARLIER

    assert bool(STATES_EARLIER.search(sentence)) is earlier


REGIMEN_LABEL = """<html><head><title>Cardoprazan 20 mg tablets - Summary of Product Characteristics</title></head><body>
<h2>4.2 Posology and method of administration</h2>
<p>Table 1: Recommended dose in adults by indication</p>
<table>
<tr><th>Indication</th><th>Dose</th><th>Duration</th></tr>
<tr><td>Healing of erosive oesophagitis</td><td>20 mg once daily</td><td>8 weeks</td></tr>
<tr><td>H. pylori eradication, triple therapy</td><td>20 mg twice daily with amoxicillin 1 g twice daily and clarithromycin 500 mg twice daily</td><td>7 days</td></tr>
</table>
<p>Cardoprazan tablets contain cardoprazan citrate equivalent to 20 mg cardoprazan. Cardoprazan should be swallowed whole.</p>
<p>Cardoprazan may be taken with or without food. Cardoprazan is not recommended in children.</p>
</body></html>
"""


@pytest.fixture(scope="module")
def regimen_label(tmp_path_factory):
    return documents_pipeline(tmp_path_factory, {"cardoprazan-smpc.html": REGIMEN_LABEL})


@pytest.mark.integration
def test_a_regimens_row_in_the_asked_drugs_own_label_is_about_it_though_it_names_the_partner_drugs(regimen_label):
    answer = answered(regimen_label, "cardoprazan triple therapy for H pylori - dose and how many days?")
    assert "20 mg twice daily with amoxicillin" in answer and "7 days" in answer


@pytest.mark.unit
def test_a_switch_answered_the_other_way_round_is_no_answer():
    from app.answer.switches import direction, switched_the_other_way
    from conftest import sentence_unit
    asked = "Pt on fluoxetine 20 mg switching to sertraline. How long do I wait?"
    assert direction(asked) == ("fluoxetine", "sertraline")
    reverse = sentence_unit("Stop sertraline and start fluoxetine 10 mg daily the next day.")
    forward = sentence_unit("Stop fluoxetine and wait 4 to 7 days, then start sertraline 25 mg daily.")
    assert switched_the_other_way(reverse, asked)
    assert not switched_the_other_way(forward, asked)
    # (Under a table titled for one direction, a row naming neither medicine's move reads as its title says.)
    titled = sentence_unit("Wait 4 to 7 days.", section="Switching chart > Table 2. Switching FROM sertraline to another antidepressant")
    assert switched_the_other_way(titled, asked)
    assert not switched_the_other_way(reverse, "can I take fluoxetine with sertraline?")  # no switch asked
    third = sentence_unit("When switching from fluoxetine to warfarin, stop fluoxetine the day before.")
    assert switched_the_other_way(third, asked)  # another switch: to a third medicine
    assert not switched_the_other_way(third, "switching from fluoxetine to Velnorix?")  # (a brand the lexicon lacks)
    into_a_class = sentence_unit("Stop the SSRI and start sertraline the next day.")
    assert not switched_the_other_way(into_a_class, "switching from citalopram to sertraline?")  # (a class may hold it)


@pytest.mark.unit
def test_the_dose_a_patient_is_on_before_a_switch_is_no_amount_the_answer_must_repeat():
    from app.answer.asked_values import times_and_amounts
    assert times_and_amounts("Pt on fluoxetine 20 mg switching to sertraline. How long do I wait?") == set()
    assert times_and_amounts("pt on fluoxetine 20 mg, can I go up to 40 mg?") == {"20", "40"}  # (no switch: the doses are asked)


@pytest.mark.unit
def test_a_switch_stated_for_both_directions_or_by_a_charts_columns_reads_as_written():
    from app.answer.switches import switched_the_other_way
    from conftest import row_unit, sentence_unit
    asked = "How do I switch from sertraline to fluoxetine?"
    both = sentence_unit("Switching from fluoxetine to sertraline (and vice versa): start the new medicine the next day.")
    assert not switched_the_other_way(both, asked)
    into = row_unit([("Switching from", "Sertraline"), ("Recommended method", "Wait 2 days.")])
    out_of = row_unit([("Switching to", "Sertraline"), ("Recommended method", "Wait 7 days.")])
    assert not switched_the_other_way(into, asked)
    assert switched_the_other_way(out_of, asked)


@pytest.mark.unit
def test_drugs_said_beside_the_asked_one_are_its_partners_only_where_a_dose_is_given_with_them():
    from app.answer.guards import about_other_drug
    from conftest import sentence_unit
    title = "Cardoprazan 20 mg tablets - Summary of Product Characteristics"
    regimen = sentence_unit("Triple therapy: 20 mg twice daily with amoxicillin 1 g and clarithromycin 500 mg for 7 days.", title=title)
    effects = sentence_unit("Diarrhoea and taste disturbance are common with clarithromycin and amoxicillin.", title=title)
    assert not about_other_drug(regimen, {"cardoprazan"})
    assert about_other_drug(effects, {"cardoprazan"})


LEAFLET = """Package leaflet: Information for the user

Torvexa 10 mg tablets (halvomidine)

2. What you need to know before you take Torvexa

Other medicines and Torvexa

Tell your doctor or pharmacist if you are taking, have recently taken or might take any other medicines.

Torvexa should not be given at the same time as haloperidol (a medicine used for agitation). Taking the two medicines together could cause problems such as stiff limbs.

Caution when Torvexa is taken together with beta-blockers (medicines such as bisoprolol used to treat high blood pressure and heart conditions). Taking the two medicines together could cause problems such as slowing of the heartbeat leading to fainting.

Caution when Torvexa is taken together with digoxin (a heart medicine). It may be taken with or without food.

Tell your doctor if you take any of these medicines. In particular:
- Medicines that strongly block CYP3A4, such as clarithromycin (an antibiotic) or itraconazole (for fungal infections). Your doctor will give you the 5 mg tablet, and you should not take more than 5 mg a day.
- Medicines that make you sleepy, such as sleeping tablets. Torvexa may make you sleepier.
- Diuretics (water tablets) such as furosemide. Potassium supplements such as potassium chloride tablets.

Pregnancy and breast-feeding

You should not breast-feed during treatment with Torvexa.
"""


@pytest.fixture(scope="module")
def leaflet(tmp_path_factory):
    return documents_pipeline(tmp_path_factory, {"torvexa-leaflet.md": LEAFLET})


@pytest.mark.integration
@pytest.mark.parametrize("question, effect", [
    ("Pt on bisoprolol for BP starting torvexa. any concern?", "slowing of the heartbeat"),
    ("can i take torvexa with clarithromycin", "not take more than 5 mg"),
])
def test_a_caution_about_a_combination_is_answered_with_what_the_combination_does(leaflet, question, effect):
    assert effect in answered(leaflet, question)


@pytest.mark.integration
def test_a_sentence_after_a_caution_that_says_nothing_of_the_combination_stays_out(leaflet):
    answer = answered(leaflet, "torvexa and digoxin together ok?")
    assert "digoxin" in answer and "with or without food" not in answer
    # (Nor the item's next group of medicines.)
    answer = answered(leaflet, "can i take torvexa with furosemide")
    assert "furosemide" in answer and "Potassium" not in answer

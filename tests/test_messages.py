"""A question inside a longer message: the sentences around the ask that name nothing the documents speak of
("The fridge is being replaced on Tuesday.") are left out of what is asked, and the words of why the asker
asks ("the journal wants us to justify the claim") are no terms to find; a second question after the first
("<dose>? is there an antidote?") is an ask the answer says it leaves open when the documents do not say."""

import pytest

from app.answer.coverage import TermCoverage
from app.text.asks import asides, ask_after, without_asides
from app.text.lexical import tokenize
from conftest import answered, documents_pipeline

USED = set(tokenize("The imaging was done every 8 weeks; response was assessed by an independent committee. "
                    "Trial stock is kept in pharmacy. Response rate 60%."))


@pytest.mark.unit
def test_sentences_around_the_ask_that_name_nothing_the_documents_use_are_asides():
    message = ("Morning all. Also, whoever borrowed the big umbrella from the clinic room on Friday, please return it to the "
               "front desk before the weekend. How often was imaging done in the trial? I'll deal with the word count "
               "and the references tonight.")
    assert asides(message, USED) == ["Morning all.", "Also, whoever borrowed the big umbrella from the clinic room on Friday, please "
                                     "return it to the front desk before the weekend.",
                                     "I'll deal with the word count and the references tonight."]
    assert without_asides(message, USED) == "How often was imaging done in the trial?"


@pytest.mark.unit
@pytest.mark.parametrize("kept", [
    "Her falls began in the spring.",           # a patient's story
    "Frail 84 yo on an IVII, BM 9.6.",          # an age, shorthand in capitals, a reading
    "On gliclaz since the spring.",             # a drug the reading of shorthand spells out
    "Dr. Lee's patient, weight 48kg.",          # a figure (and "Dr." ends no sentence)
    "I wrote 0.47 in my notes.",                # a figure to check
    "The trial stock goes back on Tuesday.",    # a word the documents use
    "She asks if it is worth it.",              # an ask reported
])
def test_a_sentence_about_a_patient_a_figure_shorthand_or_the_documents_words_is_no_aside(kept):
    chatter = ("Morning all, a long few days on the ward and the schedule is a mess again, with nobody free on Sunday and the "
               "bank staff all booked up until the end of the month.")
    assert asides(f"{chatter} {kept} What was the response rate in the trial, please?", USED) == [chatter]


@pytest.mark.unit
@pytest.mark.parametrize("short", ["Breastfeeding at the moment. Can I take valsartan?", "Expecting in June. Can I keep taking it?",
                                   "Heavy drinker, sadly. Is metformin OK for me?", "Black tarry stools since Tuesday. Keep taking it?"])
def test_a_short_message_says_only_what_its_ask_needs(short):
    assert asides(short, USED) == []
    assert TermCoverage(5.0, lambda tok: 5.0).question_terms(short).story == frozenset()


@pytest.mark.unit
def test_a_message_of_one_sentence_or_none_that_asks_has_no_asides():
    assert asides("The fridge is broken.", USED) == []
    assert asides("The fridge is broken. The printer too.", USED) == []
    assert asides("The fridge is broken, but how often was imaging done?", USED) == []


@pytest.mark.unit
def test_why_the_asker_asks_is_no_term_to_find_unless_the_documents_use_its_words():
    coverage = TermCoverage(5.0, lambda tok: 1.0 if tok in USED else 5.0)
    terms = coverage.question_terms("The journal wants us to justify the claim about the committee before resubmitting, and "
                                    "reviewer two is being difficult again. The editor has given us a fortnight and a strict "
                                    "limit on length, so every sentence counts. Who assessed the response?")
    assert {"journal", "justifi", "claim", "resubmit"}.isdisjoint(terms.tokens)  # no document says them
    assert "committe" in terms.tokens and "committe" in terms.story  # said, and only told: it tells, it is not asked
    assert {"assess", "respons"} <= set(terms.tokens) - terms.story
    # (Shorthand in capitals names what is asked about, and a patient's story stays a story, the asker's own too.)
    assert "orbit" in coverage.question_terms("Presenting ORBIT at journal club tomorrow. What was the PFS HR?").tokens
    reading = coverage.question_terms("Long clinic this morning and the printer jammed twice, so apologies for the late message "
                                      "and for the one before it, which went to the wrong group by mistake. "
                                      "The eGFR has dropped to 28 over the summer months. Can metformin continue?")
    assert "28" in reading.tokens and "28" not in reading.story  # a reading is no reason for asking
    own = coverage.question_terms("My gastro wants to start me on azathioprine for colitis after a long flare this spring. "
                                  "I'm on nortiva for gout, two years now, and it has kept the attacks away. Is that ok?")
    assert {"gastro", "colitis", "nortiva", "gout"} <= set(own.tokens)


@pytest.mark.unit
def test_figures_that_are_no_readings_do_not_make_the_askers_reasons_terms_to_find():
    coverage = TermCoverage(5.0, lambda tok: 1.0 if tok in USED else 5.0)
    # Read without its asides a message may keep two sentences: the one telling why is still set apart.
    terms = coverage.question_terms("Hi both, the journal we submitted to wants us to justify a claim about the trial, and "
                                    "reviewer 2 is being difficult as usual; also the word limit is 3,000 and we are at 3,400. "
                                    "Who assessed the response in the trial, the investigators or someone else?")
    assert {"journal", "justifi", "claim", "000", "400"}.isdisjoint(terms.tokens)
    assert {"assess", "respons"} <= set(terms.tokens) - terms.story
    # (A figure with its unit or a decimal is a reading or a claim to check, and stays what is asked.)
    dose = coverage.question_terms("Sorry for the long message, the ward has been chaotic today and the printer is broken again. "
                                   "She weighs 12 kg now after the long admission over the summer holidays. What dose should she get?")
    assert "12" in dose.tokens and "12" not in dose.story


@pytest.mark.unit
@pytest.mark.parametrize("question, second", [
    ("bleeding on it not controlled - PCC dose? is there an antidote?", "is there an antidote?"),
    ("massive PE alteplase dose, and max for a pt under 65kg?", "max for a pt under 65kg"),
    ("how many days, and how far can I extend?", "how far can I extend?"),
    ("Where does the HR of 0.40 come from? I need the trial name and its registry number.",
     "I need the trial name and its registry number."),
])
def test_a_second_question_after_the_first_is_a_second_ask(question, second):
    assert ask_after(question).group(1) == second


SMPC = """# Ternolix 20 mg film-coated tablets: summary of product characteristics

## 4.2 Posology

The recommended dose is 20 mg once daily with food.

## 4.9 Overdose

If bleeding cannot be controlled, a prothrombin complex concentrate (PCC) at a dose of 50 IU/kg should be considered.
"""


@pytest.fixture(scope="module")
def smpc(tmp_path_factory):
    return documents_pipeline(tmp_path_factory, {"ternolix_smpc.md": SMPC})


def test_a_second_question_the_documents_do_not_answer_is_said_to_be_left_open(smpc):
    answer = smpc.ask("ternolix overdose with bleeding that cannot be controlled: what dose of PCC? is there an antidote?")
    assert "50 IU/kg" in answer.answer
    assert "is there an antidote?" in answer.notice


def test_a_question_buried_in_a_message_is_answered_and_read_as_asked(smpc):
    question = ("Morning all, sorry to clog the chat again on a Saturday. What is the usual dose of ternolix? "
                "I'll deal with the schedule for next month, the leave requests and the parking permits tonight, promise, "
                "and then the coffee fund.")
    assert "20 mg once daily" in answered(smpc, question)
    assert smpc.ask(question).interpreted_as == "What is the usual dose of ternolix?"


@pytest.mark.unit
def test_a_drug_name_split_by_autocorrect_is_read_whole_when_the_corpus_uses_it():
    from app.text.typos import TypoReader

    reader = TypoReader({"metformin": 3, "trial": 5})
    assert reader.correct("what dose of met form in in kidney disease") == "what dose of metformin in kidney disease"
    assert reader.correct("the form in the trial") == "the form in the trial"  # no drug spelt
    assert TypoReader({"trial": 5}).correct("dose of met form in") == "dose of met form in"  # a drug the corpus never uses


@pytest.mark.unit
def test_where_a_risk_comes_from_asks_its_cause_not_a_source():
    terms = TermCoverage(5.0, lambda tok: 1.0).question_terms("Where does the lactic acidosis risk with metformin come from?")
    assert "#source" not in terms.types


@pytest.mark.unit
@pytest.mark.parametrize("question", [
    "Where does the PFS hazard ratio of 0.40 for patients with brain metastases come from?",
    "Which study reported the 76.5% figure?",
    "What is the source of the 30-40% figure?",
])
def test_asking_where_a_number_comes_from_asks_for_its_source_not_a_place(question):
    terms = TermCoverage(5.0, lambda tok: 1.0).question_terms(question)
    assert "#source" in terms.types and "where" not in terms.types


PAPER = """# Velnor in advanced disease: a review

## Efficacy

| Trial | Outcome | Velnor | Comparator |
|---|---|---|---|
| ORBIT-3 (NCT01234567) [2] | PFS HR | 0.40 | reference |
"""


def test_where_a_figure_comes_from_is_answered_by_the_row_that_cites_it(tmp_path_factory):
    p = documents_pipeline(tmp_path_factory, {"velnor_review.md": PAPER})
    assert "ORBIT-3" in answered(p, "Where does the PFS hazard ratio of 0.40 for velnor come from?")


@pytest.mark.unit
@pytest.mark.parametrize("lay, written", [
    ("never had radiotherapy", "no prior radiotherapy"),
    ("how likely is it that my tumours shrink", "objective response"),
    ("ordinary patients treated in hospitals", "real-world cohort"),
])
def test_a_support_groups_words_are_the_documents_words(lay, written):
    from app.text.lexical import concept_groups

    assert set(concept_groups(lay)) & set(concept_groups(written))


@pytest.mark.unit
def test_a_question_sent_on_a_form_is_read_without_who_sent_it_and_how_urgently():
    from app.text.forms import form_query
    form = ("MI enquiry form. Enquirer: oncology registrar, lung MDT. Query: In ORBIT-2, was the longer time to progression "
            "with velnor significant, and what p-value is quoted? Background: writing a switch rationale. Urgency: routine.")
    assert form_query(form) == "In ORBIT-2, was the longer time to progression with velnor significant, and what p-value is quoted?"
    # (What the answer is for is dropped; a field on whom it is about stays, with its label, in order, and so
    # does what is written before the first label or after an admin field's first sentence, unless a title.)
    referral = "Enquirer: ward pharmacist. Background: 72M, eGFR 25, on cardexa. Query: can he have velnor? Urgency: today"
    assert form_query(referral) == "Background: 72M, eGFR 25, on cardexa. can he have velnor?"
    used = {"sever", "renal", "impair", "dose"}
    assert "severe renal impairment" in form_query("MI enquiry. Enquirer: ward pharmacist. Query: usual dose of velnor? "
                                                   "Context: severe renal impairment. Urgency: routine.", used)
    assert form_query("Severe renal impairment, CrCl 20. Query: usual dose of velnor? Urgency: routine.") == (
        "Severe renal impairment, CrCl 20. usual dose of velnor?")
    assert form_query("Query: can I give velnor? Urgency: routine. She is 84 and on dialysis.") == (
        "can I give velnor? She is 84 and on dialysis.")
    assert form_query("Switching. From: warfarin. To: apixaban. Query: when is the first dose given?") == (
        "Switching. From: warfarin. To: apixaban. when is the first dose given?")
    # A message with one label, or none asking, is no form.
    for message in ("Query: what dose of velnor?", "What is the dose? Time: 5 minutes", "Ratio: 3:1, what is it?"):
        assert form_query(message) == message


def test_a_question_sent_on_a_form_is_answered(smpc):
    question = "MI enquiry. Enquirer: anticoagulation nurse. Query: usual dose of ternolix? Urgency: clinic at 2pm."
    assert "20 mg once daily" in answered(smpc, question)


@pytest.mark.unit
@pytest.mark.parametrize("question", [
    "Put the ORBIT-2 hazard ratio and the two limits of its confidence interval in order from smallest to largest.",
    "List the response rates of the three cohorts from highest to lowest.",
    "velnor trough levels in ascending order?",
])
def test_how_the_asker_wants_figures_ordered_is_no_term_to_find(question):
    tokens = TermCoverage(5.0, lambda tok: 1.0).question_terms(question).tokens
    assert {"order", "smallest", "largest", "highest", "lowest", "ascend"}.isdisjoint(tokens)


@pytest.mark.unit
@pytest.mark.parametrize("sentence, reading", [
    ("Na 128 this morning, down from 135 last week.", True), ("Took 20 tablets about four hours ago.", True),
    ("Currently 28/40 and feeling well.", True), ("The eGFR has dropped to 28.", True), ("I wrote 0.47 in my notes.", True),
    ("The word limit is 3,000 and we are at 3,400.", False), ("The new registrar starts on the 14th.", False),
    ("Reviewer 2 is being difficult.", False), ("Clinic at 2pm on 12/03/2026.", False),
])
def test_a_figure_is_a_reading_unless_a_date_a_time_a_count_of_words_or_a_things_number(sentence, reading):
    from app.text.asks import gives_reading
    assert gives_reading(sentence) is reading


@pytest.mark.unit
def test_a_clinical_sentence_before_a_two_sentence_ask_is_no_reason_for_asking():
    terms = TermCoverage(5.0, lambda tok: 1.0).question_terms(
        "Post-op day two after a hip replacement, now with a new AKI and rising creatinine and reduced urine output overnight "
        "on the surgical ward despite IV fluids being given. What dose of gentamicin should be given?")
    assert {"aki", "creatinin", "urin"} <= set(terms.tokens) - terms.story


@pytest.mark.unit
def test_a_posts_hashtags_are_read_as_words_the_documents_use_and_the_others_left_out():
    from app.text.posts import read_post
    used = set(tokenize("ORBIT-2 real-world evidence RWE brain metastases velnor response rate ALK positive"))
    assert read_post("#RWE 🧠 #ALKpositive #velnor brain response rate? #MedTwitter #LCSM 👀", used) == \
        "RWE ALK positive velnor brain response rate?"
    assert read_post("Was ORBIT-2 positive? Question #2 of my list.", used) == "Was ORBIT-2 positive? Question #2 of my list."


@pytest.mark.unit
@pytest.mark.parametrize("question", [
    "Give me the exact quote from the note, word for word in quotation marks, not a summary: how often was imaging done?",
    "How often was imaging done? Verbatim please, no paraphrase.",
    "JSON please: how often was imaging done in ORBIT-2?",
    "As a CSV row: how often was imaging done in ORBIT-2?",
    "In the note's own words, how often was imaging done?",
])
def test_the_form_the_asker_wants_the_answer_in_is_no_term_to_find(question):
    tokens = TermCoverage(5.0, lambda tok: 1.0).question_terms(question).tokens
    assert {"quot", "verbatim", "summari", "paraphras", "json", "csv", "row", "word"}.isdisjoint(tokens)
    assert {"imag", "often"} <= set(tokens)


@pytest.mark.unit
def test_whom_the_asker_speaks_for_and_why_is_no_term_to_find_in_a_short_message():
    coverage = TermCoverage(5.0, lambda tok: 1.0 if tok in USED else 5.0)
    terms = coverage.question_terms("Stakeholder demo tomorrow. The medical director will ask how often the trial's imaging "
                                    "was done. I want the exact quote from the note.")
    assert {"stakehold", "demo", "medic", "director"}.isdisjoint(terms.tokens)
    assert {"imag", "often"} <= set(terms.tokens)


@pytest.mark.unit
def test_a_hashtag_the_lexicon_knows_or_holding_a_figure_is_read_even_where_the_documents_spell_it_out():
    from app.text.posts import read_post
    used = set(tokenize("chronic kidney disease metformin dose"))
    assert read_post("#CKD patient on #metformin - dose? #eGFR30 #MedTwitter", used) == "CKD patient on metformin - dose? eGFR30"


@pytest.mark.unit
def test_a_pasted_record_before_a_labelled_ask_is_no_terms_to_find_but_the_patients_facts_stay():
    from app.text.labelled import labelled_ask
    handover = ("SBAR handover, ward 3. S: Bed 4, 72F, <disease>, new headache, scan booked. B: started velnor last week. "
                "A: obs stable, family asking. R: what response rate does the guideline give for velnor in first-line patients?")
    assert labelled_ask(handover) == "what response rate does the guideline give for velnor in first-line patients? 72F."
    report = ("MRI BRAIN (pasted from the record) COMPARISON: 8 weeks prior FINDINGS: 3 lesions, largest 9 mm "
              "IMPRESSION: partial response Q: in ORBIT-2, what was the response rate with velnor and how many patients were there?")
    assert labelled_ask(report) == "in ORBIT-2, what was the response rate with velnor and how many patients were there?"
    child = "S: 4 year old boy, 16 kg, eGFR: 45, on cardexa. R: what dose of velnor should we give him?"
    assert labelled_ask(child) == "what dose of velnor should we give him? 4 year old boy; 16 kg; eGFR: 45."


@pytest.mark.unit
@pytest.mark.parametrize("message, read", [
    ("She is 12 weeks pregnant with a new DVT. Q: what dose of apixaban should she take?",
     "what dose of apixaban should she take? pregnant."),
    ("S: 64F on haemodialysis three times weekly. Q: what is the maximum dose of gabapentin?",
     "what is the maximum dose of gabapentin? 64F on haemodialysis three times weekly."),
    ("Background: my son is 5 years old, has a fever. Q: how much paracetamol can he have?",
     "how much paracetamol can he have? my son is 5 years old."),
    ("Pt on warfarin for AF. Q: is it safe to start clarithromycin for his chest infection?",
     "is it safe to start clarithromycin for his chest infection? warfarin."),
    ("S: on Ventraxin 20 mg once daily for her heart. R: can she take clarithromycin for her chest infection?",
     "can she take clarithromycin for her chest infection? Ventraxin."),  # (a brand the lexicon lacks)
])
def test_what_the_pasted_text_tells_of_the_patient_and_the_medicines_they_take_stays_with_the_ask(message, read):
    from app.text.labelled import labelled_ask
    assert labelled_ask(message) == read


@pytest.mark.unit
@pytest.mark.parametrize("message", [
    "S: 4 year old, 16 kg. R: please advise",                # an ask this short needs what came before it
    "Mum takes sertraline and is breastfeeding. My question: is it safe to carry on with it?",  # the medicine is told before
    "S: 78F, on Ventraxin 20 mg OD, missed her evening dose. R: should she take the missed dose now?",  # a brand told before
    "S: on cardexa 75 mg, team wants to change to sertraline. R: how do we switch him over safely?",  # which way is told before
    "Hb: 9, ratio r: 0.5. what dose for him?",               # no ask label
    "Q: what dose of velnor in kidney failure?",             # nothing pasted before the label
    "Enquirer: registrar. Question: what dose of velnor? Urgency: routine.",  # a form's fields, read as a form
])
def test_a_message_without_a_labelled_ask_after_pasted_text_is_read_as_written(message):
    from app.text.labelled import labelled_ask
    assert labelled_ask(message) == message


@pytest.mark.unit
def test_a_told_sentence_naming_the_trial_paperwork_the_asker_builds_is_no_terms_to_find():
    terms = TermCoverage(2.0, lambda t: 1.0).question_terms(
        "Research coordinator here, building a visit schedule modelled on ORBIT for an investigator-initiated study. "
        "What imaging interval did ORBIT mandate?")
    asked = set(terms.tokens) - terms.story  # (what the documents use of it tells who asks, as a story does)
    assert not {"visit", "schedul", "coordin"} & asked
    assert {"imag", "interval"} <= asked

"""Asked what to do, the answer gives every step of the paragraph that says it; a trial's two counted
groups are read side by side whatever substance names them; a study asked by name is answered from its
paper, not from another document's passage that does not name it."""

import pytest

from conftest import answered, documents_pipeline

LEAFLET = """Package leaflet: information for the user

Brimonidine 0.2% eye drops

3. How to use Brimonidine Eye Drops

If you forget to use Brimonidine Eye Drops

If you forget a dose, put in your drops as soon as you remember. However, if it is nearly time for your next dose, skip the missed dose and use the next one at the usual time. Do not use a double dose to make up for a forgotten dose.

If you stop using Brimonidine Eye Drops

The pressure in your eye may rise again. Talk to your doctor before you stop.
"""

TRIAL = """<html><head><title>Aloe gel versus saline spray for dry nose: a randomised trial</title></head><body>
<h1>Aloe gel versus saline spray for dry nose: a randomised trial</h1>
<h2>Results</h2>
<p>Both groups improved after four weeks of treatment.</p>
<p><b>Table 2</b> Dryness score within and between groups before and after treatment</p>
<table>
<tr><th>Dryness score</th><th>Aloe gel group (n=30)</th><th>P-value within groups</th><th>Saline spray group (n=30)</th><th>P-value within groups</th><th>P-value between groups</th></tr>
<tr><td>Before treatment</td><td>6.2±1.9</td><td>0.002</td><td>6.0±2.1</td><td>0.010</td><td>0.71</td></tr>
<tr><td>After treatment</td><td>3.1±1.2</td><td>0.002</td><td>4.4±1.5</td><td>0.010</td><td>0.001</td></tr>
</table>
</body></html>
"""


@pytest.fixture(scope="module")
def pipeline(tmp_path_factory):
    return documents_pipeline(tmp_path_factory, {"brimonidine-leaflet.md": LEAFLET, "dry-nose-trial.html": TRIAL})


@pytest.mark.integration
def test_asked_what_to_do_after_a_missed_dose_the_answer_gives_every_step_of_its_paragraph(pipeline):
    answer = answered(pipeline, "forgot my brimonidine drops this morning, what should I do?")
    assert "as soon as you remember" in answer
    assert "skip the missed dose" in answer and "double dose" in answer
    assert "pressure in your eye" not in answer  # (the next paragraph is another situation)


@pytest.mark.integration
def test_two_counted_groups_of_a_trial_are_read_side_by_side_when_asked_to_compare(pipeline):
    answer = answered(pipeline, "dryness score after treatment, aloe gel vs the comparator")
    assert "3.1±1.2" in answer and "4.4±1.5" in answer


RUN_IN_LEAFLET = """<html><head><title>Package leaflet: Velnor 250 mg tablets</title></head><body>
<h2>3. How to take Velnor</h2>
<p>Take one tablet once a day at the same time each day. If you take more Velnor than you should Talk to your
doctor straight away and take this leaflet with you. If you forget to take Velnor If you forget a tablet at
the usual time, take it as soon as you remember on the same day. If a whole day has passed, just carry on
the next day with the next tablet as usual. Continue taking your tablets at the usual times. Do not take a
double dose to make up for a forgotten tablet. If you stop taking Velnor Your symptoms may come back, so talk
to your doctor first.</p>
</body></html>
"""


@pytest.fixture(scope="module")
def run_in_leaflet(tmp_path_factory):
    return documents_pipeline(tmp_path_factory, {"velnor-leaflet.html": RUN_IN_LEAFLET})


@pytest.mark.integration
def test_asked_about_a_missed_dose_the_answer_gives_the_whole_rule_its_leaflet_states(run_in_leaflet):
    answer = answered(run_in_leaflet, "missed a dose of velnor - can I take two tomorrow?")
    assert "as soon as you remember" in answer and "double dose" in answer
    assert "carry on the next day" in answer and "at the usual times" in answer
    assert "symptoms may come back" not in answer and "leaflet with you" not in answer  # (the passages around it)

    answer = answered(run_in_leaflet, "forgot a velnor tablet, when can i take the next one")
    assert "double dose" in answer  # (a sentence of the rule need not state the time asked)


TRIAL_PAPER = """Effects of drug A on sleep in the Zenith Early Prevention Study (ZENITH)

Methods

Women were randomised to drug A 0.5 mg daily or placebo for 48 months.

Results

Sleep scores improved with drug A compared with placebo.
"""

SOCIETY_GUIDELINE = """Society guideline: prescribing drug A

Scope

This guideline is for doctors, nurses and pharmacists who prescribe drug A in primary and secondary care. It
covers starting treatment, choosing a dose, reviewing treatment and stopping it, and it replaces the society's
earlier advice on these topics.

Doses

The standard dose of drug A is 2 mg daily; the low dose is 1 mg daily.

Evidence

Long-term safety data come from the Zenith Early Prevention Study (ZENITH) and other trials.
"""


@pytest.fixture(scope="module")
def study_and_guideline(tmp_path_factory):
    return documents_pipeline(tmp_path_factory, {"zenith-trial.md": TRIAL_PAPER, "drug-a-guideline.md": SOCIETY_GUIDELINE})


@pytest.mark.integration
def test_a_study_asked_by_name_is_answered_from_its_paper_not_a_guideline_that_cites_it(study_and_guideline):
    answer = study_and_guideline.ask("ZENITH doses of drug A")
    assert "2 mg daily" not in answer.answer
    assert "2 mg daily" in answered(study_and_guideline, "standard dose of drug A")  # asked plainly, the guideline answers
    # A passage of the guideline that names the study still speaks of it.
    assert "Zenith Early Prevention Study" in answered(study_and_guideline, "In ZENITH, where do long-term safety data come from")


@pytest.mark.integration
def test_a_condition_a_paper_is_about_is_no_study_and_a_guideline_writing_it_out_still_answers(tmp_path_factory):
    pipeline = documents_pipeline(tmp_path_factory, {
        "ards-cohort.md": "ARDS in adults admitted to intensive care: a retrospective cohort study\n\nResults\n\n"
                          "Mortality at 28 days was 35% among the 412 adults studied.\n",
        "ventilation-guideline.md": "Mechanical ventilation in adults: guideline\n\nScope\n\nThis guideline covers adults "
                                    "in intensive care who need invasive mechanical ventilation, from intubation to "
                                    "weaning, in all hospitals of the network.\n\nRecommendations\n\nIn acute respiratory "
                                    "distress syndrome we recommend a tidal volume of 6 ml/kg predicted body weight.\n"})
    assert "6 ml/kg" in answered(pipeline, "What tidal volume is recommended in ARDS?")


@pytest.mark.integration
def test_what_to_do_stops_at_another_case_or_storage_advice(tmp_path_factory):
    pipeline = documents_pipeline(tmp_path_factory, {"adrenaline-pen-leaflet.md": (
        "Package leaflet: Adrenapen auto-injector\n\nHow to use Adrenapen\n\n"
        "If you have signs of a severe allergic reaction, inject the pen into the outer thigh and call an ambulance. "
        "If you are pregnant, you should still use the pen. Keep the pen at room temperature.\n")})
    answer = answered(pipeline, "signs of a severe allergic reaction, what should I do?")
    assert "outer thigh" in answer and "pregnant" not in answer and "room temperature" not in answer


@pytest.mark.unit
def test_the_missed_dose_rule_is_read_where_two_overlapping_chunks_hold_the_best_sentence_twice():
    from app.answer.coverage import TermCoverage
    from app.answer.missed_dose import missed_dose_rule
    from app.answer.units import Unit
    from app.records import Chunk, Passage
    text = ("If you forget a tablet, take it as soon as you remember. "
            "If a whole day has passed, carry on the next day. Do not take a double dose to make up for a forgotten tablet.")
    ends = [text.index(" If a whole"), text.index(" Do not"), len(text)]
    spans = [(0, ends[0]), (ends[0] + 1, ends[1]), (ends[1] + 1, ends[2])]

    def units_of(chunk_start: int, chunk_id: str) -> list[Unit]:
        chunk = Chunk(chunk_id, "leaflet.md", "Velnor leaflet", "How to take Velnor", "prose", chunk_start, len(text),
                      text[chunk_start:], text[chunk_start:], chunk_id)
        return [Unit(Passage(chunk, 1.0), s, e, "sentence", text[s:e]) for s, e in spans if s >= chunk_start]

    first, overlap = units_of(0, "a"), units_of(spans[1][0], "b")
    best = overlap[-1]  # the double-dose sentence, as the overlapping chunk holds it
    terms = TermCoverage(2.0, lambda t: 1.0).question_terms("forgot my velnor, can I double up?")
    joined = missed_dose_rule(terms, [best], first + overlap, None, 0.5, lambda u, asked, t: True)
    assert [u.text for u in joined] == [text[s:e] for s, e in spans[:2]]

"""Asked what to do, the answer gives every step of the paragraph that says it; a trial's two counted
groups are read side by side whatever substance names them."""

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

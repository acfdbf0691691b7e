"""Answers over the seed note: facts, abstentions, verbatim citations, the CLI contract."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from app.bench.evaluation import load_cases, run_eval
from app.pipeline import QuestionError
from conftest import DATA, ROOT, SEED

DEV_QA = DATA / "seed_dev_qa.jsonl"


def test_dev_set_every_fact_found_every_unanswerable_abstained_every_citation_verbatim(pipeline):
    report = run_eval(pipeline, load_cases(DEV_QA))
    failures = [(c.id, c.answer, c.missing) for c in report.cases if not c.facts_ok]
    assert not failures
    m = report.metrics()
    assert m["facts_found"] == m["answerable"] == 12
    assert m["abstained_correctly"] == m["unanswerable"] == 5
    assert m["citations"] > 0 and m["citations_valid"] == m["citations"]


def test_paraphrased_questions_are_answered_or_abstained_as_labelled(pipeline):
    """Clinician phrasings (abbreviations, synonyms) and near-miss questions the note does not answer,
    e.g. a hazard ratio for time to CNS progression (the table gives only a P value)."""
    report = run_eval(pipeline, load_cases(DATA / "paraphrase_qa.jsonl"))
    assert [(c.id, c.answer) for c in report.cases if not c.facts_ok] == []
    assert report.metrics()["citations_valid"] == report.metrics()["citations"]


def test_heldout_set_written_blind_stays_at_or_above_its_measured_floor(pipeline):
    """45 questions written independently of the answerer (tests/data/heldout_qa.jsonl). Not all pass:
    this pins what does (26/30 answered with the expected facts, 15/15 abstained) against regressions,
    and every citation must still be verbatim."""
    m = run_eval(pipeline, load_cases(DATA / "heldout_qa.jsonl")).metrics()
    assert m["facts_found"] >= 26 and m["abstained_correctly"] >= 15
    assert m["citations_valid"] == m["citations"]


def test_clinician_worded_dev_split_answers_its_floor_and_never_answers_wrong(pipeline):
    """48 questions in clinicians' words written blind (tests/data/seed_clinician_qa.jsonl); only the dev
    split is asked here. This pins what passes (20/24 facts) and that nothing is answered wrongly:
    every answered question carries its facts and every near miss (8) is declined."""
    cases = load_cases(DATA / "seed_clinician_qa.jsonl", split="dev")
    assert len(cases) == 32
    report = run_eval(pipeline, cases)
    m = report.metrics()
    assert m["facts_found"] >= 20 and m["abstained_correctly"] == m["unanswerable"] == 8
    assert [(c.id, c.answer) for c in report.cases if c.answerable and not c.abstained and not c.facts_ok] == []
    assert m["citations_valid"] == m["citations"]


def test_a_sibling_row_never_stands_in_for_the_row_asked_about(pipeline):
    a = pipeline.ask("What was the hazard ratio for time to CNS progression in ALEX?")
    assert a.abstained, a.answer
    assert "0.40" not in a.answer


def test_table_answer_is_one_sentence_with_both_arms_and_one_marker_its_parts_marked_in_a_verbatim_quote(pipeline):
    a = pipeline.ask("What was the intracranial response rate with alectinib in ALEX patients without prior radiotherapy?")
    assert not a.abstained
    assert a.answer == ("TKI-Naïve, Measurable CNS Mets (ALEX Trial), No Prior XRT: "
                        "IC-ORR 78.6% with Alectinib vs 40.0% with Crizotinib [1]")
    (row,) = a.citations
    text = SEED.read_text(encoding="utf-8")
    assert text[row.start : row.end] == row.quote
    assert [text[s:e] for s, e in row.marks] == ["**TKI-Naïve, Measurable CNS Mets** (ALEX Trial) [4]",
                                                 "78.6% (No Prior XRT)", "40.0% (No Prior XRT)"]


def test_a_qualifier_alone_narrows_every_arm_of_a_row_to_its_value(pipeline):
    """No arm named, only the qualifier the cells split their values by: both arms, each narrowed to the
    value so qualified (the whole row read as "without" had its "prior" values rejected and the answer withheld)."""
    a = pipeline.ask("What was the intracranial response rate in patients without prior radiotherapy in ALEX?")
    assert not a.abstained, a.notice
    assert a.answer.endswith("(ALEX Trial), No Prior XRT: IC-ORR 78.6% with Alectinib vs 40.0% with Crizotinib [1]")
    assert "85.7" not in a.answer and "71.4" not in a.answer


def test_the_notes_central_question_is_answered_with_a_comparison_of_both_arms(pipeline):
    a = pipeline.ask("How well does alectinib work in the brain compared with crizotinib?")
    assert not a.abstained, a.notice
    assert "Alectinib" in a.answer and "Crizotinib" in a.answer and "N/A" not in a.answer, a.answer


@pytest.mark.parametrize("question", ["does alectinib have better CNS efficacy than crizotinib?",
                                      "Is alectinib more effective than crizotinib in the brain?",
                                      "Is alectinib superior to crizotinib for brain mets?"])
def test_the_central_question_asked_as_which_is_better_is_answered_with_a_stated_result(pipeline, question):
    a = pipeline.ask(question)
    assert not a.abstained, a.notice
    assert "Alectinib" in a.answer and "Crizotinib" in a.answer and "N/A" not in a.answer, a.answer


def test_a_two_arm_comparison_comes_from_the_row_with_both_arms_each_value_with_its_qualifier(pipeline):
    """"Crizotinib" in the question names the comparator, not the "Crizotinib-Resistant" row; the cells'
    several values are quoted whole, each with its own qualifier, and pass the verifier."""
    a = pipeline.ask("Alectinib vs crizotinib intracranial response?")
    assert not a.abstained, a.notice
    for value in ("85.7% (Prior XRT) 78.6% (No Prior XRT)", "71.4% (Prior XRT) 40.0% (No Prior XRT)"):
        assert value in a.answer, a.answer


def test_a_hazard_ratio_row_names_its_reference_arm_beside_the_value(pipeline):
    """Columns that are arms by themselves ("<drug> (CNS Mets)"): the asked arm's value, then the other
    arm's short verdict ("(Reference)"), which says what the ratio compares against."""
    a = pipeline.ask("HR for PFS in ALEX pts with brain mets?")
    assert "HR: 0.40 with Alectinib (CNS Mets) vs (Reference) with Crizotinib (CNS Mets)" in a.answer, a.answer


def test_every_number_in_an_answer_is_in_its_cited_quotes(pipeline):
    import re

    for case in load_cases(DEV_QA):
        a = pipeline.ask(case.q)
        quotes = " ".join(c.quote for c in a.citations)
        numbers = re.findall(r"\d+(?:[.,]\d+)*%?", re.sub(r"\[\d+\]", "", a.answer))
        assert all(n in quotes for n in numbers), (case.q, a.answer)


@pytest.mark.parametrize("identifier, expected", [
    ("NCT02075840", "NCT02075840"),
    ("897383-62-9", "897383-62-9"),
    ("S547916", "S547916"),
    ("NP28761", "NP28761"),
])
@pytest.mark.unit
def test_exact_identifiers_are_findable(pipeline, identifier, expected):
    top = pipeline.retriever.search(identifier, top_k=3)
    assert any(expected in p.chunk.text for p in top)
    assert pipeline.index.lexical().search(identifier, 1)[0][0] in {p.chunk.id for p in top}


def test_the_hybrid_retriever_is_a_langchain_retriever(pipeline):
    docs = pipeline.retriever.invoke("What is the CAS number of the compound?")
    assert docs and all(d.page_content == d.metadata["passage"].chunk.text for d in docs)
    assert any("897383-62-9" in d.page_content for d in docs)
    assert {"source", "section", "start", "end"} <= set(docs[0].metadata)


@pytest.mark.parametrize("question", [
    "What was the systemic objective response rate with alectinib?",  # the table gives the intracranial one
    "What was the hazard ratio for death with alectinib?",  # only the PFS hazard ratio is given
    "What was the IC-ORR with alectinib in patients with leptomeningeal disease?",  # no such row
    "How many patients were in the ALEX trial?",  # "every 8 weeks" and "P < 0.0001" are not counts of patients
    "What was the IC-ORR with alectinib without prior radiotherapy in crizotinib-resistant patients?",  # not split by XRT
    "What is the overall survival benefit of alectinib?",
    "How common is hepatotoxicity with alectinib?",  # a rate question is not answered by any percentage
    "What proportion of ALEX patients were Asian?",
])
@pytest.mark.unit
def test_near_miss_questions_abstain_instead_of_answering_a_neighbouring_value(pipeline, question):
    a = pipeline.ask(question)
    assert a.abstained, a.answer


def test_boilerplate_is_never_cited(pipeline):
    for q in ("How do I request a quote?", "What is the phone number for technical support?",
              "What is the price of alectinib?"):
        a = pipeline.ask(q)
        assert a.abstained, (q, a.answer)
        assert "smolecule.com" not in a.answer


def test_abstention_has_no_citations_but_offers_related_passages(pipeline):
    a = pipeline.ask("What is the half-life of alectinib?")
    assert a.abstained and a.citations == []
    assert a.answer == "The indexed documents do not cover this question."
    assert a.related


@pytest.mark.unit
@pytest.mark.parametrize("bad", ["", "   \n\t ", "?!?!", "\x00\x01\x02", "x" * 5000])
def test_bad_questions_get_a_clear_message(pipeline, bad):
    with pytest.raises(QuestionError) as exc:
        pipeline.ask(bad)
    assert str(exc.value)


def test_cli_ask_json_one_object_per_question_sharing_one_pipeline(pipeline):
    env = {**os.environ, "CDS_CORPUS_DIR": str(pipeline.settings.corpus_dir),
           "CDS_INDEX_DIR": str(pipeline.settings.index_dir)}
    out = subprocess.run(
        [sys.executable, "-m", "app", "ask", "--json",
         "What is the PFS hazard ratio of alectinib vs crizotinib in patients with baseline CNS metastases?",
         "What is the price of alectinib?", ""],
        capture_output=True, text=True, env=env, cwd=ROOT, timeout=300,
    )
    assert out.returncode == 2, out.stderr  # the empty question is reported, the others answered
    lines = [json.loads(line) for line in out.stdout.splitlines()]
    assert len(lines) == 3
    first, second, third = lines
    assert set(first) == {"question", "answer", "abstained", "citations", "timings_ms",
                          "mode", "interpreted_as", "sentences", "related", "caveats", "notice"}
    assert "0.40" in first["answer"] and not first["abstained"]
    cit = first["citations"][0]
    assert set(cit) == {"n", "source", "title", "section", "quote", "start", "end", "score", "marks"}
    text = Path(cit["source"]).read_text(encoding="utf-8")
    assert text[cit["start"] : cit["end"]] == cit["quote"]
    assert all(cit["start"] <= s < e <= cit["end"] for s, e in cit["marks"])  # the row's parts read
    assert second["abstained"] and second["citations"] == []
    assert "error" in third and "question" in third["error"].lower()


def test_cli_eval_prints_the_figures(pipeline):
    env = {**os.environ, "CDS_CORPUS_DIR": str(pipeline.settings.corpus_dir),
           "CDS_INDEX_DIR": str(pipeline.settings.index_dir)}
    out = subprocess.run([sys.executable, "-m", "app", "eval", str(DEV_QA)],
                         capture_output=True, text=True, env=env, cwd=ROOT, timeout=300)
    assert out.returncode == 0, out.stderr
    for label in ("Facts found", "Abstained right", "Citations verbatim", "Latency p50"):
        assert label in out.stdout
    assert "12/12" in out.stdout and "5/5" in out.stdout

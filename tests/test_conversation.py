"""Follow-up questions resolve against the conversation, offline."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from app.answer.conversation import resolve
from app.bench.evaluation import load_cases, run_eval

ROOT = Path(__file__).resolve().parents[1]
CONVERSATIONS = Path(__file__).parent / "data" / "conversation_qa.jsonl"

ORR = "What was the IC-ORR with alectinib in ALEX patients without prior radiotherapy?"
HR = "What is the PFS hazard ratio of alectinib vs crizotinib in patients with baseline CNS metastases?"


@pytest.mark.parametrize("history, follow_up, expected", [
    ([ORR], "And with crizotinib?", "What was the IC-ORR with crizotinib in ALEX patients without prior radiotherapy?"),
    ([ORR], "What about J-ALEX?", "What was the IC-ORR with alectinib in J-ALEX patients without prior radiotherapy?"),
    ([ORR], "And with prior radiotherapy?", "What was the IC-ORR with alectinib in ALEX patients with prior radiotherapy?"),
    ([ORR], "And the PFS?", "What was the PFS with alectinib in ALEX patients without prior radiotherapy?"),
    ([HR], "What was its confidence interval?",
     "What was the confidence interval of the PFS hazard ratio of alectinib vs crizotinib in patients with baseline CNS metastases?"),
    ([HR], "And in patients without baseline CNS metastases?",
     "What is the PFS hazard ratio of alectinib vs crizotinib in patients without baseline CNS metastases?"),
    (["How many patients were enrolled in the ALEX trial?"], "Which drugs were compared in that trial?",
     "Which drugs were compared in the ALEX trial?"),
    (["Is alectinib a P-gp substrate?"], "How does it cross the blood-brain barrier?",
     "How does alectinib cross the blood-brain barrier?"),
    (["What was the IC-ORR with alectinib in ALEX patients with prior radiotherapy?"], "And without?",
     "What was the IC-ORR with alectinib in ALEX patients without prior radiotherapy?"),
    (["How many patients were in the 2025 real-world study?"], "In which country was that study done?",
     "In which country was the 2025 real-world study done?"),
    (["In which country was the 2025 real-world study done?"], "How many sites did it use?",
     "How many sites did the 2025 real-world study use?"),
])
@pytest.mark.unit
def test_follow_ups_become_stand_alone_questions(history, follow_up, expected):
    assert resolve(follow_up, history) == expected


@pytest.mark.unit
def test_a_new_question_is_left_alone():
    q = "What is the mechanism of alectinib CNS penetration?"
    assert resolve(q, [ORR]) == q
    assert resolve("And with crizotinib?", []) == "And with crizotinib?"  # nothing to refer back to


def test_multi_turn_cases_pass_offline(pipeline):
    report = run_eval(pipeline, load_cases(CONVERSATIONS))
    failed = [(c.id, c.question, c.interpreted_as, c.answer[:120]) for c in report.cases if not c.facts_ok]
    assert not failed, failed
    m = report.metrics()
    assert m["citation_validity"] == 1.0 and m["numeric_fidelity_shown"] == 1.0


def test_cli_conversation_carries_the_subject(pipeline):
    env = {**os.environ, "CDS_CORPUS_DIR": str(pipeline.settings.corpus_dir),
           "CDS_INDEX_DIR": str(pipeline.settings.index_dir)}
    out = subprocess.run(
        [sys.executable, "-m", "app", "ask", "--json", "--conversation",
         "What was the intracranial response rate with alectinib in ALEX patients without prior radiotherapy?",
         "And with crizotinib?"],
        capture_output=True, text=True, env=env, cwd=ROOT, timeout=300,
    )
    assert out.returncode == 0, out.stderr
    first, second = (json.loads(line) for line in out.stdout.splitlines())
    assert "78.6%" in first["answer"]
    assert second["question"] == "And with crizotinib?"
    assert "crizotinib" in second["interpreted_as"] and "alectinib" not in second["interpreted_as"]
    assert "IC-ORR 40.0% with Crizotinib" in second["answer"], second["answer"]  # the arm asked about leads


def test_without_conversation_questions_stay_independent(pipeline):
    a = pipeline.ask("And with crizotinib?")
    assert a.interpreted_as == "And with crizotinib?"


def test_a_misspelt_question_is_read_and_shown_as_the_documents_word(pipeline):
    a = pipeline.ask("guidline level of recommendation for alectinib in leptomeningeal disease?")
    assert a.interpreted_as == "guideline level of recommendation for alectinib in leptomeningeal disease?"
    assert "Level III" in a.answer, a.answer

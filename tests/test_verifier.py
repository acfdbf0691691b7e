"""The verifier places every number: a value that exists in the cited passage but belongs to another
measure, endpoint, arm or qualifier is caught, and so is a statement the passage makes the other way
round. Drafts are checked against the seed note's real passages."""

from __future__ import annotations

from dataclasses import replace

import pytest

from app.verify.verifier import Evidence, Verifier, cited_statements, split_sentences


@pytest.fixture(scope="module")
def evidence(pipeline):
    """Every passage of the seed note, numbered."""
    store = pipeline.index.docstore
    records, _ = pipeline.index.with_units(list(store.chunks(store.chunk_ids()).values()))
    return {i + 1: Evidence(c) for i, c in enumerate(records.values())}


def cite(evidence, needle: str) -> int:
    return next(n for n, ev in evidence.items() if needle in ev.chunk.text)


CORRECT = [
    ("78.6%", "In ALEX, alectinib achieved an IC-ORR of 78.6% in patients without prior radiotherapy [{n}]."),
    ("78.6%", "With prior radiotherapy, the IC-ORR with alectinib was 85.7% [{n}]."),
    ("HR: 0.40", "The PFS hazard ratio for alectinib versus crizotinib in patients with baseline CNS metastases "
                 "was 0.40 (95% CI 0.25–0.64) [{n}]."),
    ("Time to CNS Progression", "Time to CNS progression was significantly longer with alectinib (P < 0.0001) [{n}]."),
    ("efflux pump", "Alectinib is not a substrate for the P-gp efflux pump [{n}]."),
    ("30-40%", "Up to 30-40% of patients have CNS metastases at diagnosis, rising to 50-60% after "
               "first-generation inhibitors [{n}]."),
    ("NCT02075840", "ALEX is registered as NCT02075840 [{n}]."),
    ("all eight patients", "All 8 patients with LM had their CNS symptoms relieved after alectinib [{n}]."),
    # A multi-value cell quoted whole: each value goes with its own qualifier, not its neighbour's.
    ("78.6%", "IC-ORR with alectinib: 85.7% (Prior XRT) 78.6% (No Prior XRT) [{n}]."),
    # A row read with both arms side by side, as the answerer writes it.
    ("78.6%", "ALEX, No Prior XRT: IC-ORR 78.6% with Alectinib vs 40.0% with Crizotinib [{n}]."),
]

WRONG = [
    ("HR: 0.40", "The PFS hazard ratio was 0.25 [{n}].", "confidence interval"),
    ("Time to CNS Progression", "Time to CNS progression favoured alectinib (P = 0.0001) [{n}].", "< 0.0001"),
    ("HR: 0.40", "The PFS hazard ratio was 0.40 in patients without baseline CNS metastases [{n}].", "without"),
    ("HR: 0.40", "The hazard ratio for time to CNS progression was 0.40 [{n}].", "PFS"),
    ("efflux pump", "Alectinib is a substrate for the P-gp efflux pump [{n}].", "opposite"),
    ("Time to CNS Progression", "Time to CNS progression was not significantly different between alectinib "
                                "and crizotinib [{n}].", "opposite"),
    ("30-40%", "Up to 30-40% of patients have CNS metastases after treatment with first-generation inhibitors [{n}].", "50"),
    ("78.6%", "Alectinib reached 85.7% without prior radiotherapy [{n}]. 78.6% responded with prior radiotherapy [{n}].", "xrt"),
    ("RECIST v1.1", "Responses were assessed with RECIST v1.2 [{n}].", "v1.2"),
    ("78.6%", "IC-ORR with alectinib: 78.6% (Prior XRT) 85.7% (No Prior XRT) [{n}].", "xrt"),
    # Both arms in one sentence, their values swapped: each value is checked against its own side.
    ("78.6%", "ALEX, No Prior XRT: IC-ORR 40.0% with Alectinib vs 78.6% with Crizotinib [{n}].", "crizotinib"),
    ("78.6%", "ALEX, No Prior XRT: IC-ORR 78.6% with Alectinib vs 71.4% with Crizotinib [{n}].", "xrt"),
]


@pytest.mark.unit
@pytest.mark.parametrize("needle, draft", CORRECT)
def test_correct_sentences_pass(evidence, needle, draft):
    findings = Verifier(threshold=0.5).check(split_sentences(draft.format(n=cite(evidence, needle))), evidence)
    assert all(f.supported for f in findings), [(f.sentence.body, f.issues) for f in findings]


@pytest.mark.unit
@pytest.mark.parametrize("needle, draft, reason", WRONG)
def test_misplaced_numbers_and_reversed_statements_are_caught(evidence, needle, draft, reason):
    findings = Verifier(threshold=0.5).check(split_sentences(draft.format(n=cite(evidence, needle))), evidence)
    assert all(not f.supported for f in findings), [(f.sentence.body, f.issues) for f in findings]
    assert any(reason.lower() in " ".join(f.issues).lower() for f in findings), [f.issues for f in findings]


def test_a_lone_marker_states_nothing(evidence):
    (f,) = Verifier().check(split_sentences("[1]"), evidence)
    assert not f.supported and f.issues == ["states nothing"]


@pytest.mark.unit
@pytest.mark.parametrize("claim, passage, opposite", [
    # The second clause says the opposite of what the passage says of pregnant women.
    ("The drug should not be used in children; the drug can be used in pregnant women.",
     "The drug should not be used in children or in pregnant women.", True),
    ("The drug can be used in pregnant women.", "The drug should not be used in pregnant women.", True),
    ("Aspirin is recommended for primary prevention.", "Aspirin is not routinely recommended for primary prevention.", True),
    # A row label's own negation ("not severe") qualifies every cell of the row; it contradicts none.
    ("Women with chorioamnionitis: use a cephalosporin active against group B streptococcus plus metronidazole.",
     "Penicillin allergy that is not severe\tWomen with chorioamnionitis: use a cephalosporin active against group B "
     "streptococcus plus metronidazole", False),
    # A cell saying two things: its negated second clause does not oppose its first.
    ("Korvastatin: Recommendation: Use the lowest effective dose; do not exceed korvastatin 20 mg daily.",
     "Korvastatin\tUse the lowest effective dose; do not exceed korvastatin 20 mg daily.", False),
    ("Korvastatin: Recommendation: Use the usual dose.",
     "Korvastatin\tDo not use the usual dose; halve it.", True),
])
def test_a_clause_is_opposed_only_by_a_negation_of_its_own_words(claim, passage, opposite):
    from app.records import Cell, Chunk

    if "\t" in passage:
        label, cell = passage.split("\t")
        chunk = Chunk(id="r", source="s", title="t", section="", kind="table_row", start=0, end=len(passage),
                      text=passage, search_text=passage, content_hash="",
                      cells=(Cell("Allergy", 0, len(label)), Cell("Advice", len(label) + 1, len(passage))))
    else:
        chunk = Chunk(id="p", source="s", title="t", section="", kind="prose", start=0, end=len(passage), text=passage,
                      search_text=passage, content_hash="", units=((0, len(passage)),))
    assert bool(Verifier._opposite(claim, [chunk])) == opposite


@pytest.mark.unit
def test_a_quoted_statement_with_a_stop_inside_is_checked_whole_with_its_citation():
    answer = ("Treat with 1mg/kg twice daily (NB porcine origin. See section 14 for alternatives) [2]. "
              "Lower doses if CrCl <30 [3].")
    statements = cited_statements(answer)
    assert [s.cited for s in statements] == [[2], [3]]
    assert statements[0].body.startswith("Treat with 1mg/kg") and "See section 14" in statements[0].body
    # A generated answer's sentences are still read one by one: an uncited one stays uncited.
    assert [s.cited for s in split_sentences(answer)] == [[], [2], [3]]


def _row(label: str, cells: list[tuple[str, str]]):
    from app.records import Cell, Chunk

    text, spans = label, [Cell("Adverse reaction", 0, len(label))]
    for header, value in cells:
        text += "\t"
        spans.append(Cell(header, len(text), len(text) + len(value)))
        text += value
    return Chunk(id="r", source="s", title="t", section="", kind="table_row", start=0, end=len(text), text=text,
                 search_text=text, content_hash="", cells=tuple(spans))


def _prose(passage: str):
    from app.records import Chunk

    return Chunk(id="p", source="s", title="t", section="", kind="prose", start=0, end=len(passage), text=passage,
                 search_text=passage, content_hash="", units=((0, len(passage)),))


# (An arm is a column naming a drug the lexicon knows or an arm word: "DrugA" is neither, "Treatment A" is.)
ARMS = [("Treatment A 100 mg N=600 n (%)", "22 (14.3)"), ("Treatment A 200 mg N=590 n (%)", "86 (14.5)"),
        ("Placebo N=342 n (%)", "7 (2.1)")]


@pytest.mark.unit
@pytest.mark.parametrize("answer", [
    "Nausea: 86 (14.5) with Treatment A 200 mg vs 7 (2.1) with placebo [1]",
    "Nausea: Treatment A 200 mg N=590 n (%): 86 (14.5); Placebo N=342 n (%): 7 (2.1) [1]",
    "Nausea occurred in 22 (14.3) with Treatment A 100 mg and 86 (14.5) with Treatment A 200 mg [1]",
])
def test_a_column_headers_dose_and_group_size_are_stated_of_that_columns_value(answer):
    finding = Verifier(threshold=0.3).check(cited_statements(answer), {1: Evidence(_row("Nausea", ARMS))})[0]
    assert finding.supported, finding.issues


@pytest.mark.unit
@pytest.mark.parametrize("answer, moved", [
    ("Nausea: 86 (14.5) with Treatment A 100 mg vs 7 (2.1) with placebo [1]", "100"),  # the 200 mg column's value
    ("Nausea: 22 (14.3) with Treatment A 200 mg [1]", "200"),
    ("Nausea occurred in 86 (14.5) with Treatment A 100 mg and 22 (14.3) with Treatment A 200 mg [1]", "100"),  # swapped
    ("Nausea with Treatment A 100 mg and 200 mg: 86 (14.5) [1]", "100"),  # a dose no value is given for
    ("Nausea: Treatment A 300 mg: 86 (14.5) [1]", "300"),  # in no header
    ("Nausea: 200 (14.5%) with Treatment A 200 mg [1]", "200"),  # the dose read as a count
    ("Nausea occurred in 590 patients (14.5%) on Treatment A 200 mg [1]", "590"),  # the group size as the events
    ("Nausea: 86 (14.5) with Treatment A 200 mg vs 22 (14.3) with placebo [1]", "100 mg"),  # 100 mg's value as placebo's
    ("Nausea: 86 (14.5) with Treatment A 200 mg; 7 (2.1) with Treatment A 200 mg given once [1]", "200"),
])
def test_a_header_number_beside_another_columns_value_is_not_stated(answer, moved):
    finding = Verifier(threshold=0.3).check(cited_statements(answer), {1: Evidence(_row("Nausea", ARMS))})[0]
    assert not finding.supported and any(moved in issue for issue in finding.issues), finding.issues


PERIODS = [("Week 4 DrugA", "12%"), ("Week 4 Placebo", "5%"), ("Week 16 DrugA", "30%"), ("Week 16 Placebo", "10%")]


@pytest.mark.unit
@pytest.mark.parametrize("answer, supported", [
    ("Response at Week 16: 30% with DrugA vs 10% with placebo [1]", True),
    ("Response at Week 16: 30% with DrugA vs 5% with placebo [1]", False),  # the 5% is Week 4's
    ("Response: 30% with DrugA at Week 16 vs 16% with placebo [1]", False),  # 16% stated nowhere
    ("Response at week 4: 30% with DrugA [1]", False),
])
def test_a_period_in_the_column_headers_is_stated_only_of_its_own_values(answer, supported):
    finding = Verifier(threshold=0.3).check(cited_statements(answer), {1: Evidence(_row("Response", PERIODS))})[0]
    assert finding.supported == supported, finding.issues


GRADES = [("Treatment A: any grade", "58%"), ("Treatment A: grade ≥ 3", "21%"), ("Placebo: any grade", "9%"),
          ("Placebo: grade ≥ 3", "1%")]


@pytest.mark.unit
@pytest.mark.parametrize("answer, supported", [
    ("Hyperglycaemia: Treatment A: any grade: 58%; Treatment A: grade ≥ 3: 21%; Placebo: grade ≥ 3: 1% [1]", True),
    ("Hyperglycaemia: Treatment A: grade ≥ 3: 21% [1]", True),
    ("Hyperglycaemia: Treatment A: grade ≥ 3: 58% [1]", False),  # the any-grade value under the bound
    ("Hyperglycaemia: Treatment A: grade ≥ 4: 21% [1]", False),  # a bound no header has
])
def test_a_bound_in_the_column_headers_is_stated_only_of_its_own_values(answer, supported):
    finding = Verifier(threshold=0.3).check(cited_statements(answer), {1: Evidence(_row("Hyperglycaemia", GRADES))})[0]
    assert finding.supported == supported, finding.issues


@pytest.mark.unit
def test_a_bound_is_part_of_what_its_header_number_says():
    row = _row("Nausea", [("Treatment A: grade 3", "8%"), ("Treatment A: grade ≥ 3", "21%")])
    assert _supported("Nausea: Treatment A: grade ≥ 3: 21% [1]", row)
    assert not _supported("Nausea: Treatment A: grade ≥ 3: 8% [1]", row)
    assert not _supported("Nausea: Treatment A: grade 3: 21% [1]", row)


def _supported(answer: str, *rows) -> bool:
    """Whether the verifier keeps `answer`, citing `rows` as [1], [2], ..."""
    evidence = {i + 1: Evidence(row) for i, row in enumerate(rows)}
    return Verifier(threshold=0.3).check(cited_statements(answer), evidence)[0].supported


@pytest.mark.unit
def test_a_header_range_is_not_a_time_point_inside_it():
    row = _row("Response", [("Weeks 0-12 DrugA (N=1,204)", "30%"), ("Weeks 12-24 DrugA (N=1,180)", "41%")])
    assert _supported("Response over weeks 0-12: 30% with DrugA [1]", row)
    assert not _supported("Response from week 12: 30% with DrugA [1]", row)


@pytest.mark.unit
def test_two_cited_rows_cannot_vouch_for_each_others_header_numbers():
    nausea = _row("Nausea", [("Treatment A 100 mg", "14.3%"), ("Treatment A 200 mg", "14.5%")])
    vomiting = replace(_row("Vomiting", [("Treatment A 100 mg", "14.5%"), ("Treatment A 200 mg", "9.0%")]), id="v")
    assert not _supported("Vomiting: 14.5% with Treatment A 200 mg [1][2]", nausea, vomiting)


@pytest.mark.unit
@pytest.mark.parametrize("answer", [
    "Response at day 28: 28% with Treatment A [1]",  # day 14's value beside day 28
    "Nausea: 7 (14.5%) with Treatment A 5 mg [1]",  # one arm's count with the other's rate
    "Nausea: 14.5% with Treatment A 5 mcg [1]",  # the dose in another unit
    "Nausea: Treatment A 5 (14.5%) vs placebo 7 (2.1%) [1]",  # the dose read as the count
])
def test_a_value_under_another_columns_period_dose_or_count_is_rejected(answer):
    rows = {"Response": [("Day 28 Treatment A", "30%"), ("Day 14 Treatment A", "28%"), ("Day 28 Placebo", "14%")],
            "Nausea": [("Treatment A 5 mg n (%)", "86 (14.5)"), ("Placebo n (%)", "7 (2.1)")]}
    label = answer.split(":")[0].split(" at ")[0]
    assert not _supported(answer, _row(label, rows[label]))


@pytest.mark.unit
def test_a_dose_named_beside_a_count_another_column_shares_is_still_the_dose():
    row = _row("Nausea", [("Treatment A 2.5 mg n (%)", "12 (2.0)"), ("Treatment A 5 mg n (%)", "20 (3.3)"),
                          ("Placebo n (%)", "5 (1.5)")])
    assert _supported("Nausea: 20 (3.3%) with Treatment A 5 mg [1]", row)
    assert not _supported("Nausea: 12 (2.0%) with Treatment A 5 mg [1]", row)


@pytest.mark.unit
def test_a_number_of_the_row_label_is_no_arms_value():
    row = _row("All patients (within 6 weeks)", [("Treatment A", "31/335 (9.3%)"), ("Comparator", "21/349 (6%)")])
    assert _supported("All patients (within 6 weeks): 31/335 (9.3%) with Treatment A vs 21/349 (6%) with Comparator [1]", row)


@pytest.mark.unit
@pytest.mark.parametrize("answer, supported", [
    # No header number used: left to the verifier's other checks, whatever the layout.
    ("Nausea, Treatment A vs placebo: 14.5% vs 2.1% [1]", True),
    ("Nausea: 14.5% of patients on Treatment A compared to 2.1% on placebo [1]", True),
    # The label's own number is no arm's value, but a count another arm has is.
    ("Grade 3 nausea: 1 (0.2%) with Treatment A 200 mg [1]", True),
    ("Grade 3 nausea: 3 (0.2%) with Treatment A 200 mg [1]", False),
    ("Grade 3 nausea: 1 (0.2%) with Treatment A 200 µg [1]", False),  # another unit
])
def test_header_checks_apply_to_claims_using_a_header_number(answer, supported):
    rows = {"Nausea": [("Treatment A 200 mg N=590 n (%)", "86 (14.5)"), ("Placebo N=342 n (%)", "7 (2.1)")],
            "Grade 3 nausea": [("Treatment A 200 mg n (%)", "1 (0.2)"), ("Placebo n (%)", "3 (0.9)")]}
    label = answer.split(":")[0].split(",")[0]
    assert _supported(answer, _row(label, rows[label])) == supported


@pytest.mark.unit
def test_a_header_number_without_a_word_beside_it_is_never_tied():
    row = _row("Nausea", [("Treatment A 10 mg (120)", "30 (14.5)"), ("Placebo (118)", "7 (2.1)")])
    assert not _supported("Nausea: 120 (14.5%) with Treatment A 10 mg [1]", row)


@pytest.mark.unit
@pytest.mark.parametrize("answer, supported", [
    ("Bleeding: Hazard ratio (95% CI): 0.47 (0.34 to 0.65) [1]", True),
    ("Bleeding: Hazard ratio (90% CI): 0.47 (0.34 to 0.65) [1]", False),  # another confidence level
    ("Bleeding: 51 (0.4) with Treatment A (95% CI) [1]", False),  # the level beside another column's value
])
def test_a_confidence_level_in_a_header_is_stated_of_its_own_column(answer, supported):
    row = _row("Bleeding", [("Treatment A n (%)", "51 (0.4)"), ("Placebo n (%)", "109 (0.8)"),
                            ("Hazard ratio (95% CI)", "0.47 (0.34 to 0.65)")])
    assert _supported(answer, row) == supported


@pytest.mark.unit
@pytest.mark.parametrize("answer, supported", [
    ("Nausea: 14.5% with Treatment A 200 mg vs 2.1% with placebo [1]", True),
    ("Nausea: 86 (14.5%) with Treatment A 200 mg [1]", True),
    ("Nausea occurred in 86% of patients on Treatment A 200 mg [1]", False),  # the count, given as a share
    ("Nausea: 7% with placebo [1]", False),
])
def test_a_count_is_not_given_as_a_percentage(answer, supported):
    row = _row("Nausea", [("Treatment A 200 mg N=590 n (%)", "86 (14.5)"), ("Placebo N=342 n (%)", "7 (2.1)")])
    assert _supported(answer, row) == supported


@pytest.mark.unit
@pytest.mark.parametrize("passage, answer, supported", [
    ("Headache was reported by 40 patients (12%).", "Headache: 40% of patients [1]", False),
    ("Headache was reported by 40 patients (12%).", "Headache was reported by 40 patients (12%) [1]", True),
    ("Of the 40 patients enrolled, 40% reported headache.", "40% reported headache [1]", True),  # a share there too
    ("Headache: 40 (n=310).", "Headache in 40% [1]", True),  # the source does not say what 40 is
])
def test_a_percentage_in_prose_must_be_one_there_not_a_count(passage, answer, supported):
    assert _supported(answer, _prose(passage)) == supported


@pytest.mark.unit
def test_a_value_in_a_percentage_column_is_a_percentage():
    row = _row("Nausea", [("Treatment A (%)", "14"), ("Placebo n", "14")])
    assert _supported("Nausea: 14% with Treatment A [1]", row)


@pytest.mark.unit
@pytest.mark.parametrize("answer, supported", [
    ("Nausea occurred in 14.5% and 2.1% with Treatment A and placebo, respectively [1]", True),
    ("With placebo and Treatment A, nausea occurred in 2.1% and 14.5%, respectively [1]", True),
    ("Nausea occurred in 2.1% and 14.5% with Treatment A and placebo, respectively [1]", False),
    ("With placebo and Treatment A, nausea occurred in 14.5% and 2.1%, respectively [1]", False),
    # The arms are read where the list names them: after "respectively", or after the values.
    ("Nausea occurred in 14.5% and 2.1%, respectively, in the Treatment A and placebo groups [1]", True),
    ("Nausea occurred in 2.1% and 14.5%, respectively, in the Treatment A and placebo groups [1]", False),
    ("Compared with placebo, nausea occurred in 14.5% and 2.1% with Treatment A and placebo, respectively [1]", True),
])
def test_respectively_pairs_values_with_arms_in_the_order_listed(answer, supported):
    row = _row("Nausea", [("Treatment A 10 mg", "14.5%"), ("Placebo", "2.1%")])
    assert _supported(answer, row) == supported


@pytest.mark.unit
@pytest.mark.parametrize("answer, supported", [
    ("Give 500 mg twice daily for 7 days [1]", True),
    ("Give 500 mg bd for 7 days [1]", True),  # the same interval, spelled otherwise
    ("Give 500 mg once daily for 7 days [1]", False),  # the same numbers, another dose
    ("Give 500 mg three times daily for 7 days [1]", False),
])
def test_a_dosing_interval_must_be_the_one_the_passage_gives(answer, supported):
    assert _supported(answer, _prose("The recommended dose is 500 mg twice daily for 7 days.")) == supported


@pytest.mark.unit
@pytest.mark.parametrize("header, cell, answer, supported", [
    # A strength in the header is a percentage the row states ("5% cream"), whatever its counts.
    ("Treatment A 5% cream (N=240) n (%)", "5 (2.1)", "Site pain: 5 (2.1) with Treatment A 5% cream [1]", True),
    ("Treatment A 1% cream n (%)", "86 (14.5)", "Site pain: 86% with Treatment A [1]", False),
    ("Treatment A No. (%)", "86 (14.5)", "Site pain: 86% with Treatment A [1]", False),
    ("Treatment A % (n)", "14.5 (86)", "Site pain: 14.5% with Treatment A [1]", True),
    ("Treatment A % (n)", "14.5 (86)", "Site pain: 86% with Treatment A [1]", False),
    ("Treatment A Number (%)", "86 (14.5)", "Site pain: 86% with Treatment A [1]", False),
])
def test_a_columns_header_says_which_of_its_numbers_are_counts(header, cell, answer, supported):
    assert _supported(answer, _row("Site pain", [(header, cell), ("Placebo n (%)", "3 (1.2)")])) == supported


@pytest.mark.unit
@pytest.mark.parametrize("answer, supported", [("Give 500 mg twice daily for 7 days [1]", True),
                                               ("Give 500 mg once daily for 7 days [1]", False)])
def test_an_interval_broken_over_a_line_or_hyphenated_is_still_that_interval(answer, supported):
    assert _supported(answer, _prose("The recommended dose is 500 mg twice\ndaily for 7 days; in children 10 mg/kg three‑times‑daily.")) == supported


@pytest.mark.unit
@pytest.mark.parametrize("passage, answer, supported", [
    ("Give 500 mg once daily.", "Give 500 mg two times daily [1]", False),
    ("Apply twice daily; in overdose (OD) seek advice.", "Apply once daily [1]", False),  # "OD" is no interval
    ("Give 500 mg two times a day.", "Give 500 mg twice daily [1]", True),
    ("Give 10 mg once or twice daily.", "Give 10 mg once daily [1]", True),
])
def test_a_dosing_interval_is_read_in_the_spellings_prescriptions_use(passage, answer, supported):
    assert _supported(answer, _prose(passage)) == supported


@pytest.mark.unit
def test_an_interval_word_in_a_title_is_no_interval_the_passage_gives():
    from dataclasses import replace

    chunk = replace(_prose("Give 500 mg three times daily for 7 days."), title="Daily Practice Guidelines")
    assert not _supported("Give 500 mg once daily for 7 days [1]", chunk)

"""Claim checking for every answer, whoever wrote it.

An answer is split into sentences. Each sentence must cite at least one retrieved passage; every
number, percentage, ratio, interval, p-value, dose or identifier in it must appear in a passage it
cites; and the passages it cites must support what it says (a lexical score over the sentence's
terms, synonyms counted, blended with the embedding similarity of the sentence and the passage's
best statement). A sentence failing any of these is removed from the answer and reported with the
reason; when nothing survives the answer abstains. A confident wrong number therefore cannot reach
the reader, whatever the generator.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable

import numpy as np

from app.ingest.chunking import clean_statement
from app.verify.claims import (claim_like_facts, clauses, misattributed, numbers_with_spans, passage_clauses, passage_facts,
                                word_numbers)
from app.verify.claims import terms as _terms
from app.verify.headers import header_check
from app.verify.measures import measure_issues
from app.text.lexical import concept_groups, normalize, tokenize
from app.records import Chunk, Citation, SentenceCheck

MARKER = re.compile(r"\s*\[(\d+(?:\s*[,;–-]\s*\d+)*)\]")
_ABBREVIATIONS = r"(?:vs|e\.g|i\.e|et al|approx|no|fig|ref|dr|cat|incl|resp)\."


@dataclass
class Evidence:
    """What one retrieved passage offers as support: its text with headings, and its statement vectors."""

    chunk: Chunk
    vectors: np.ndarray | None = None  # one row per answer unit, normalised

    @property
    def text(self) -> str:
        """The passage with its headings: what its words are judged on."""
        c = self.chunk
        headers = " ".join(cell.header for cell in c.cells)
        return " ".join(x for x in (c.title, c.section, c.table, c.lead, headers, c.text) if x)

    @property
    def stated(self) -> str:
        """What the passage itself states: numbers are taken from here only ("Table 2" is no 2%)."""
        return " ".join(x for x in (self.chunk.lead, self.chunk.text) if x)


@dataclass
class Sentence:
    text: str  # as written, markers included
    body: str  # without markers
    cited: list[int]  # passage numbers, as written


@dataclass
class Finding:
    sentence: Sentence
    supported: bool
    support: float
    issues: list[str] = field(default_factory=list)
    citation_support: dict[int, float] = field(default_factory=dict)
    numbers: list[str] = field(default_factory=list)
    numbers_found: list[str] = field(default_factory=list)
    dropped: list[int] = field(default_factory=list)  # citations removed as not supporting the sentence

    def check(self, renumber: Callable[[int], int] = lambda n: n, text: str | None = None) -> SentenceCheck:
        return SentenceCheck(
            text=self.sentence.text if text is None else text,
            citations=[renumber(n) for n in self.sentence.cited],
            supported=self.supported, support=round(self.support, 3), issues=list(self.issues),
            citation_support=[round(self.citation_support.get(n, 0.0), 3) for n in self.sentence.cited],
            numbers=len(self.numbers),
            numbers_supported=len(self.numbers_found),
            citations_removed=len(self.dropped),
        )


_NEGATIONS = re.compile(r"\b(?:not|no|never|without|neither|nor|cannot|non)\b|n't\b", re.I)


def _negated(text: str) -> bool:
    return bool(_NEGATIONS.search(text))


def _negated_terms(text: str) -> set[str]:
    """The words each negation of a text negates, up to four and not past punctuation, auxiliaries
    skipped: "prior radiotherapy" in "no prior radiotherapy", "routinely recommended" in "not routinely
    recommended", "severe" in "not severe; …"."""
    return set().union(set(), *(_terms(m.group(1)) for m in re.finditer(
        r"(?:\b(?:not|no|never|without|neither|nor|cannot|non)\b|n't\b)[\s-]+"
        r"(?:(?:be|been|being|have|has|had|do|does|did|a|an|the|any)\s+)*((?:[\w-]+[ \t]+){0,3}[\w-]+)", text, re.I)))


def _drop_markers(text: str, drop: set[int]) -> str:
    def sub(m: re.Match) -> str:
        keep = [n for n in _sentence(m.group(0)).cited if n not in drop]
        lead = m.group(0)[: len(m.group(0)) - len(m.group(0).lstrip())]
        return lead + "".join(f"[{n}]" for n in keep) if keep else ""
    return MARKER.sub(sub, text)


def split_sentences(text: str) -> list[Sentence]:
    """Sentences of an answer, each keeping the markers that follow it ("... 62.5%. [2]" included)."""
    out: list[Sentence] = []
    protected = re.sub(_ABBREVIATIONS, lambda m: m.group(0).replace(".", "\x00"), text, flags=re.I)
    # A cited sentence ends at its marker and stop, whatever starts the next ("... [1]. • Patients").
    pieces = re.split(r"(?<=[.!?])\s+(?=[A-Z0-9(\"'*\[])|(?<=\][.!?])\s+|\n+", protected)
    for piece in pieces:
        piece = piece.replace("\x00", ".").strip()
        if not piece:
            continue
        # Markers that open a piece belong to the sentence before it.
        lead = re.match(r"^(?:\[\d+(?:\s*[,;–-]\s*\d+)*\]\s*)+", piece)
        if lead and out:
            prev = out[-1]
            out[-1] = _sentence(prev.text + " " + lead.group(0).strip())
            piece = piece[lead.end():].strip()
            if not piece:
                continue
        out.append(_sentence(piece))
    return out


def cited_statements(text: str) -> list[Sentence]:
    """The statements of a composed answer, each ending at its marker: a quote that holds a stop of its
    own ("(NB ... origin. Please see ...) [2]") is one statement, not an uncited sentence and a cited one."""
    out: list[Sentence] = []
    pending: list[str] = []
    for sentence in split_sentences(text):
        pending.append(sentence.text)
        if sentence.cited:
            out.append(_sentence(" ".join(pending)))
            pending = []
    return out + ([_sentence(" ".join(pending))] if pending else [])


def _sentence(text: str) -> Sentence:
    cited: list[int] = []
    for m in MARKER.finditer(text):
        for part in re.split(r"\s*[,;]\s*", m.group(1)):
            if re.fullmatch(r"\d+\s*[–-]\s*\d+", part):
                a, b = (int(x) for x in re.split(r"\s*[–-]\s*", part))
                cited.extend(range(a, b + 1) if 0 < b - a < 10 else (a, b))
            else:
                cited.append(int(part))
    body = " ".join(MARKER.sub("", text).split())
    return Sentence(text=text, body=body, cited=list(dict.fromkeys(cited)))


def numbers_in(text: str) -> set[str]:
    """The numbers and identifiers a text states, as comparable values ("eight" counts as 8)."""
    return {v for v, _, _ in numbers_with_spans(text)} | word_numbers(text)


def claim_numbers(text: str) -> list[str]:
    """The numbers a sentence asserts, in order."""
    return list(dict.fromkeys(v for v, _, _ in numbers_with_spans(text)))


def lexical_support(claim: str, evidence: str) -> float:
    """Share of the claim's content terms the evidence states (a synonym counts)."""
    want = _terms(claim)
    if not want:
        return 1.0
    have = _terms(evidence)
    groups = set(concept_groups(evidence))
    claim_groups = set(concept_groups(claim))
    hit = 0
    for tok in want:
        if tok in have:
            hit += 1
        elif claim_groups & groups and any(tok in set(tokenize(_group_text(g))) for g in claim_groups & groups):
            hit += 1
    return hit / len(want)


def _group_text(g: int) -> str:
    from app.lexicon.medterms import SYNONYM_GROUPS

    return " ".join(SYNONYM_GROUPS[g])


class Verifier:
    """Checks sentences against the passages they cite. `embed` maps texts to normalised vectors
    (None: lexical support only)."""

    def __init__(self, threshold: float = 0.5, embed: Callable[[list[str]], np.ndarray] | None = None,
                 semantic_weight: float = 0.4):
        self.threshold = threshold
        self.embed = embed
        self.semantic_weight = semantic_weight if embed is not None else 0.0
        self._fact_cache: dict[str, list] = {}

    def _facts(self, chunk: Chunk) -> list:
        key = f"{chunk.id}:{chunk.content_hash}:{len(chunk.units)}"
        if key not in self._fact_cache:
            if len(self._fact_cache) > 4096:
                self._fact_cache.clear()
            self._fact_cache[key] = passage_facts(chunk)
        return self._fact_cache[key]

    @staticmethod
    def _opposite(claim: str, chunks: list[Chunk]) -> str:
        """A clause without numbers that the passage states with the opposite polarity: "drug A is
        a P-gp substrate" against "drug A is not a substrate for the P-gp efflux pump"."""
        for cs, ce in clauses(claim):
            clause = claim[cs:ce]
            want = _terms(clause)
            if len(want) < 3 or claim_numbers(clause):
                continue
            # A passage may state both sides ("patients requiring X: 10 days; not requiring X: 5 days"):
            # it says the opposite only when the opposite clause matches the claim better than any
            # clause of the claim's own polarity.
            polarity = _negated(clause)
            best, best_overlap, same_overlap = "", 0.0, 0.0
            for c in chunks:
                for piece in passage_clauses(c):
                    overlap = len(want & _terms(piece)) / len(want)
                    # A piece negating none of the clause's words ("<row label: no prior X> <header>
                    # <value>" against the clause "<row label>") qualifies it: it has the clause's polarity.
                    negated = _negated(piece) and (polarity or bool(_negated_terms(piece) & want))
                    if negated == polarity:
                        same_overlap = max(same_overlap, overlap)
                    elif overlap > best_overlap:
                        best, best_overlap = piece, overlap
            if best_overlap >= 0.6 and best_overlap > same_overlap:
                return f"the passage says the opposite: “{' '.join(clean_statement(best).split())[:120]}”"
        return ""

    def check(self, sentences: list[Sentence], evidence: dict[int, Evidence]) -> list[Finding]:
        vectors = None
        if self.embed is not None and sentences:
            vectors = self.embed([s.body for s in sentences])
        return [self._check_one(s, evidence, None if vectors is None else vectors[i]) for i, s in enumerate(sentences)]

    def _check_one(self, s: Sentence, evidence: dict[int, Evidence], vector) -> Finding:
        issues: list[str] = []
        if not s.cited:
            return Finding(s, False, 0.0, ["cites no passage"])
        unknown = [n for n in s.cited if n not in evidence]
        if unknown:
            issues.append("cites " + ", ".join(f"[{n}]" for n in unknown) + ", which no retrieved passage has")
        cited = [n for n in s.cited if n in evidence]
        if not cited:
            return Finding(s, False, 0.0, issues)

        per = {n: self._support(s.body, evidence[n], vector) for n in cited}
        numbers = claim_numbers(s.body)
        if not numbers and not _terms(s.body):
            return Finding(s, False, 0.0, ["states nothing"])
        cited, dropped = self._needed(s, cited, per, numbers, evidence, vector)
        issues_dropped = [f"citation {', '.join(f'[{n}]' for n in dropped)} removed: its passage does not support the sentence"
                          ] if dropped else []
        joint_text = " ".join(evidence[n].text for n in cited)
        joint = self._joint(s, cited, per, joint_text, evidence, vector)

        # Every cited row says where its values belong; its header numbers count only when it is cited alone.
        checked = [header_check(s.body, evidence[n].chunk) for n in cited]
        tied = checked[0][0] if len(cited) == 1 else set()
        stated = set().union(*(numbers_in(evidence[n].stated) for n in cited)) | tied
        issues += [why for _, misplaced in checked for why in misplaced] + measure_issues(s.body, [evidence[n].chunk for n in cited])
        missing = [x for x in numbers if x not in stated]
        found = [x for x in numbers if x in stated]
        if missing:
            elsewhere = [n for n, ev in evidence.items() if n not in cited and all(x in numbers_in(ev.stated) for x in missing)]
            where = f" (passage {', '.join(f'[{n}]' for n in elsewhere[:3])} states it)" if elsewhere else ""
            issues.append(f"{', '.join(missing)} not in the cited passage{'s' if len(cited) > 1 else ''}{where}")
        # A number that is there must also be about what the sentence says it is about.
        slots = [f for n in cited for f in self._facts(evidence[n].chunk)]
        for fact in claim_like_facts(s.body, 0, ("claim",), ""):
            if fact.value in stated and fact.value not in missing:
                why = misattributed(fact, slots, set(numbers))
                if why:
                    issues.append(why)
                    found = [x for x in found if x != fact.value]
        flipped = self._opposite(s.body, [evidence[n].chunk for n in cited])
        if flipped:
            issues.append(flipped)
        if joint < self.threshold:
            issues.append(f"the cited passage{'s do' if len(cited) > 1 else ' does'} not support it "
                          f"(support {joint:.2f} < {self.threshold:.2f})")
        supported = not issues
        if supported and dropped:
            s = Sentence(text=_drop_markers(s.text, set(dropped)), body=s.body, cited=cited)
        return Finding(s, supported, joint, issues + (issues_dropped if supported else []), per, numbers, found,
                       dropped if supported else [])

    def _joint(self, s: Sentence, cited: list[int], per: dict[int, float], joint_text: str, evidence, vector) -> float:
        if len(cited) == 1:
            return per[cited[0]]
        return max(max(per[n] for n in cited), self._support(
            s.body, Evidence(evidence[cited[0]].chunk), vector, text=joint_text, vectors=[evidence[n].vectors for n in cited]))

    def _needed(self, s: Sentence, cited: list[int], per: dict[int, float], numbers: list[str], evidence, vector):
        """Citations the sentence needs: those whose passage supports it alone, or states a number
        no other cited passage states. The rest are removed when the sentence holds without them
        (each citation must point to a passage that supports the sentence)."""
        if len(cited) < 2:
            return cited, []
        nums = {n: numbers_in(evidence[n].stated) & set(numbers) for n in cited}
        needed = [n for n in cited if per[n] >= self.threshold
                  or nums[n] - set().union(*(nums[m] for m in cited if m != n))]
        if not needed or len(needed) == len(cited):
            return cited, []
        if set(numbers) - set().union(*(nums[n] for n in needed)):
            return cited, []  # the dropped ones carry a number after all
        joint = self._joint(s, needed, per, " ".join(evidence[n].text for n in needed), evidence, vector)
        if joint < self.threshold:
            return cited, []
        return needed, [n for n in cited if n not in needed]

    def _support(self, claim: str, ev: Evidence, vector, text: str | None = None, vectors=None) -> float:
        lex = lexical_support(claim, text if text is not None else ev.text)
        if vector is None or not self.semantic_weight:
            return lex
        mats = [v for v in (vectors if vectors is not None else [ev.vectors]) if v is not None and len(v)]
        if not mats:
            return lex
        sem = max(0.0, float(np.max(np.vstack(mats).astype(np.float32) @ np.asarray(vector, dtype=np.float32))))
        return (1 - self.semantic_weight) * lex + self.semantic_weight * sem



def _is_abstention(body: str, abstention: str) -> bool:
    norm = lambda t: re.sub(r"[^a-z ]", "", normalize(t)).split()  # noqa: E731
    return norm(body) == norm(abstention)


class Composer:
    """Builds a verified answer from sentences as they arrive (whole answers or a token stream):
    each sentence is checked, kept ones get their markers renumbered in order of first use, and
    each citation quotes the exact statement of the passage that backs the sentence."""

    def __init__(self, verifier: Verifier, evidence: dict[int, Evidence],
                 cite: Callable[[Finding, int], Citation], abstention: str):
        self.verifier = verifier
        self.evidence = evidence
        self.cite = cite
        self.abstention = abstention
        self.citations: list = []
        self.checks: list[SentenceCheck] = []
        self.kept: list[str] = []
        self._numbers: dict[tuple[str, int, int], int] = {}

    def add(self, sentences: list[Sentence]) -> list[str]:
        """Verify `sentences`; return the texts to show (renumbered), in order."""
        todo = []
        for s in sentences:
            if not _is_abstention(s.body, self.abstention):  # abstaining is decided on what survives
                todo.append(s)
        shown = []
        for f in self.verifier.check(todo, self.evidence):
            if not f.supported:
                # Its markers are the draft's passage numbers, which mean nothing in the answer.
                check = f.check()
                check.citations, check.citation_support = [], []
                self.checks.append(check)
                continue
            mapping = {}
            for n in f.sentence.cited:
                c = self.cite(f, n)
                key = (c.source, c.start, c.end)
                if key not in self._numbers:
                    self._numbers[key] = len(self.citations) + 1
                    c.n = self._numbers[key]
                    self.citations.append(c)
                mapping[n] = self._numbers[key]
            text = _renumber(f.sentence.text, mapping)
            self.checks.append(f.check(lambda n: mapping.get(n, n), text))
            self.kept.append(text)
            shown.append(text)
        return shown

    @property
    def text(self) -> str:
        return " ".join(self.kept)


def _renumber(text: str, mapping: dict[int, int]) -> str:
    def sub(m: re.Match) -> str:
        nums = [mapping[n] for n in _sentence(m.group(0)).cited if n in mapping]
        return m.group(0)[: len(m.group(0)) - len(m.group(0).lstrip())] + "".join(f"[{n}]" for n in dict.fromkeys(nums))
    return MARKER.sub(sub, text)

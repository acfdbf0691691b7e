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

from app.chunking import clean_statement
from app.lexical import concept_groups, normalize, tokenize
from app.records import Chunk, Citation, SentenceCheck

MARKER = re.compile(r"\s*\[(\d+(?:\s*[,;–-]\s*\d+)*)\]")
_DOC_REF = re.compile(r"\[\d+(?:\s*[,–-]\s*\d+)*\]")
# Identifiers keep letters and digits together: NCT02075840, CH5424802, ASCEND-4, S547916.
_IDENTIFIER = re.compile(r"\b(?:[A-Za-z]{1,10}-?\d[\w-]*|\d+[A-Za-z]+\d[\w-]*)\b")
_NUMBER = re.compile(r"(?<![\w.])[-−]?\d+(?:,\d{3})*(?:\.\d+)?|(?<![\w.])\.\d+")
_WORD_NUMBERS = {w: str(i) for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
    "sixteen seventeen eighteen nineteen twenty".split())}
_ABBREVIATIONS = r"(?:vs|e\.g|i\.e|et al|approx|no|fig|ref|dr|cat|incl|resp)\."
# Words that carry no claim: a sentence is not "supported" by matching these.
_FILLER = set(tokenize(
    "the a an of in on for with by to from and or as at is are was were be been that this these those "
    "it its their they which who also both than compared patients patient study studies trial data "
    "showed shown reported report demonstrated results result found observed according document "
    "documents passage passages indexed",
    keep_stopwords=True,
))


@dataclass
class Evidence:
    """What one retrieved passage offers as support: its text with headings, and its statement vectors."""

    chunk: Chunk
    vectors: np.ndarray | None = None  # one row per answer unit, normalised

    @property
    def text(self) -> str:
        c = self.chunk
        headers = " ".join(cell.header for cell in c.cells)
        return " ".join(x for x in (c.title, c.section, c.table, c.lead, headers, c.text) if x)


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
            supported=self.supported,
            support=round(self.support, 3),
            issues=list(self.issues),
            citation_support=[round(self.citation_support.get(n, 0.0), 3) for n in self.sentence.cited],
            numbers=len(self.numbers),
            numbers_supported=len(self.numbers_found),
            citations_removed=len(self.dropped),
        )


def _drop_markers(text: str, drop: set[int]) -> str:
    def sub(m: re.Match) -> str:
        keep = [n for n in _sentence(m.group(0)).cited if n not in drop]
        lead = m.group(0)[: len(m.group(0)) - len(m.group(0).lstrip())]
        return lead + "".join(f"[{n}]" for n in keep) if keep else ""
    return MARKER.sub(sub, text)


def split_sentences(text: str) -> list[Sentence]:
    """Sentences of an answer, each keeping the markers that follow it ("... 78.6%. [2]" included)."""
    out: list[Sentence] = []
    protected = re.sub(_ABBREVIATIONS, lambda m: m.group(0).replace(".", "\x00"), text, flags=re.I)
    pieces = re.split(r"(?<=[.!?])\s+(?=[A-Z(\"'*\[])|\n+", protected)
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
    """Canonical forms of the numbers and identifiers a text states (reference markers excluded)."""
    text = _DOC_REF.sub(" ", text)
    found = {m.group(0).lower() for m in _IDENTIFIER.finditer(text) if re.search(r"[a-z]", m.group(0), re.I)}
    for m in _NUMBER.finditer(_IDENTIFIER.sub(" ", text)):
        raw = m.group(0).replace(",", "").replace("−", "-")
        try:
            value = float(raw)
        except ValueError:
            continue
        found.add(f"{value:g}")
    for word in re.findall(r"[a-z]+", normalize(text)):
        if word in _WORD_NUMBERS:
            found.add(_WORD_NUMBERS[word])
    return found


def claim_numbers(text: str) -> list[str]:
    """The numbers a sentence asserts, in order (word numbers aside: "two trials" is checked loosely)."""
    text = _DOC_REF.sub(" ", text)
    out = [m.group(0).lower() for m in _IDENTIFIER.finditer(text) if re.search(r"[a-z]", m.group(0), re.I)]
    for m in _NUMBER.finditer(_IDENTIFIER.sub(" ", text)):
        raw = m.group(0).replace(",", "").replace("−", "-")
        try:
            out.append(f"{float(raw):g}")
        except ValueError:
            continue
    return list(dict.fromkeys(out))


def _terms(text: str) -> set[str]:
    return {t for t in tokenize(text) if t not in _FILLER and not re.fullmatch(r"[\d.,%-]+", t)}


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
    from app.medterms import SYNONYM_GROUPS

    return " ".join(SYNONYM_GROUPS[g])


class Verifier:
    """Checks sentences against the passages they cite. `embed` maps texts to normalised vectors
    (None: lexical support only)."""

    def __init__(self, threshold: float = 0.5, embed: Callable[[list[str]], np.ndarray] | None = None,
                 semantic_weight: float = 0.4):
        self.threshold = threshold
        self.embed = embed
        self.semantic_weight = semantic_weight if embed is not None else 0.0

    def check(self, sentences: list[Sentence], evidence: dict[int, Evidence]) -> list[Finding]:
        vectors = None
        if self.embed is not None and sentences:
            vectors = self.embed([s.body for s in sentences])
        return [self._check_one(s, evidence, None if vectors is None else vectors[i]) for i, s in enumerate(sentences)]

    def check_text(self, text: str, evidence: dict[int, Evidence]) -> list[Finding]:
        return self.check(split_sentences(text), evidence)

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
        cited, dropped = self._needed(s, cited, per, numbers, evidence, vector)
        if dropped:
            issues_dropped = [f"citation {', '.join(f'[{n}]' for n in dropped)} removed: its passage does not support the sentence"]
        else:
            issues_dropped = []
        joint_text = " ".join(evidence[n].text for n in cited)
        joint = self._joint(s, cited, per, joint_text, evidence, vector)

        stated = numbers_in(joint_text)
        missing = [x for x in numbers if x not in stated]
        found = [x for x in numbers if x in stated]
        if missing:
            elsewhere = [n for n, ev in evidence.items() if n not in cited and all(x in numbers_in(ev.text) for x in missing)]
            where = f" (passage {', '.join(f'[{n}]' for n in elsewhere[:3])} states it)" if elsewhere else ""
            issues.append(f"{', '.join(missing)} not in the cited passage{'s' if len(cited) > 1 else ''}{where}")
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
        nums = {n: numbers_in(evidence[n].text) & set(numbers) for n in cited}
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


def statement_text(text: str) -> str:
    """A sentence as a reader would check it: markdown and reference markers removed."""
    return clean_statement(MARKER.sub("", text))


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
        self.said_abstention = False
        self._numbers: dict[tuple[str, int, int], int] = {}

    def add(self, sentences: list[Sentence]) -> list[str]:
        """Verify `sentences`; return the texts to show (renumbered), in order."""
        todo = []
        for s in sentences:
            if _is_abstention(s.body, self.abstention):
                self.said_abstention = True
            else:
                todo.append(s)
        shown = []
        for f in self.verifier.check(todo, self.evidence):
            if not f.supported:
                self.checks.append(f.check())
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


def best_quote(chunk: Chunk, finding: Finding) -> Citation:
    """The statement of `chunk` that best backs a sentence: the one stating most of its numbers,
    then most of its terms. The quote is the document's own characters at those offsets."""
    claim = finding.sentence.body
    wanted = set(claim_numbers(claim))
    spans = list(chunk.units) or [(chunk.start, chunk.end)]

    def score(span: tuple[int, int]) -> tuple[int, float]:
        text = chunk.text[span[0] - chunk.start : span[1] - chunk.start]
        return len(wanted & numbers_in(text)), lexical_support(claim, text)

    start, end = max(spans, key=score)
    return Citation(
        n=0, source=chunk.source, title=chunk.title, section=chunk.section,
        quote=chunk.text[start - chunk.start : end - chunk.start], start=start, end=end,
        score=round(max(finding.citation_support.values(), default=finding.support), 4),
        chunk_id=chunk.id, context=chunk.text, context_start=chunk.start,
    )

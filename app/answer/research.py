"""Other research in a paper's Discussion: a sentence reporting what earlier or other studies found gives
someone else's result, not the paper's own."""

from __future__ import annotations

import re
from collections.abc import Callable

from app.answer.titles import own_trials, shorthand_studies, trials_named
from app.answer.units import Unit
from app.lexicon.medterms import ASKS_OTHER_RESEARCH, OTHER_RESEARCH, OTHER_RESEARCH_SECTIONS, OWN_RESEARCH

# The paper's own result or finding: a percent, a decimal, a verb of finding.
_OWN_FINDING = re.compile(r"\d+(?:\.\d+)?\s*%|\d\.\d|\b(?:found|find|finds|showed|shows|demonstrated|observed|confirmed|reduced|increased|"
                          r"improved|lowered)\b", re.I)


def reports_other_research(unit: Unit, question: str, document: Callable[[], str | None] = lambda: None) -> bool:
    """A paper's Discussion reporting what earlier or other research found ("In previous
    research, X occurred in 6% ...", "<Name> et al. reported ...") gives someone else's result, not the
    paper's own; it answers only a question about earlier research. A sentence setting the paper's own
    figure beside theirs ("in the present study sample (24%) compared with other studies") reports its own."""
    asked = set(shorthand_studies(question))
    if asked and {n for n in shorthand_studies(unit.text) if "-" in n} - asked and not any(n in unit.text for n in asked):
        return True  # asked about one trial by name, a sentence naming only another ("<NAME>-3") reports that one
    if (_own_finding(unit.text) or ASKS_OTHER_RESEARCH.search(question)
            or not any(OTHER_RESEARCH_SECTIONS.search(h) for h in unit.chunk.section.split(" > "))):
        return False
    # So does one naming another trial ("In the <NAME>-HF trial of <drug> ..."), unless the question names it;
    # the paper's own is named by its title, its opening or most often (a title rarely gives its shorthand).
    if any(name in unit.text for name in asked) or _authors_asked(unit.text, question):
        return False
    named = set(trials_named(unit.text))
    return bool(OTHER_RESEARCH.search(unit.text)) or bool(named and named - own_trials(unit.chunk.title, document() or ""))


def _own_finding(text: str) -> bool:
    """The sentence speaks of the paper's own research with a result or a finding of its own before another's
    is named: "Our results are lower than those of an earlier trial by <Name> and colleagues, in which 69% ..."
    gives only the other trial's figure; "Our trial found ..., as did an earlier trial" its own finding."""
    own, other = OWN_RESEARCH.search(text), OTHER_RESEARCH.search(text)
    return bool(own) and not (other and own.start() < other.start() and not _OWN_FINDING.search(text[own.start():other.start()]))


def _authors_asked(text: str, question: str) -> bool:
    """The question names an author the sentence cites ("what did <Name> and colleagues report?" of "... by
    <Name> and colleagues ..."): it asks about that research."""
    cited = re.findall(r"\b(?:by|of)\s+([A-Z][\w'-]+)\s+(?:and\s+(?:colleagues|co-?workers)|et\s+al)", text) + re.findall(r"\b([A-Z][\w'-]+)\s+et\s+al", text)
    return any(re.search(rf"\b{re.escape(name)}\b", question, re.I) for name in cited)

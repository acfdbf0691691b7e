"""A question's contracted or glued negations written out ("hadnt" -> "had not", "nondiabetic" ->
"non-diabetic"), so that a negated question reads as one."""

from __future__ import annotations

import re

from wordfreq import zipf_frequency


# A negation contracted ("hadn't") or typed without its apostrophe ("hadnt", "doesnt"); "can't" and
# "won't" only with it ("cant" and "wont" are words).
_NOT_CONTRACTED = re.compile(r"\b(had|did|do|does|is|was|were|have|has|are|should|would|could|must|need)n['’]?t\b"
                             r"|\b(ca|wo)n['’]t\b", re.I)


def uncontracted(question: str) -> str:
    """The question with each contracted negation written out ("hadnt had" -> "had not had") and each
    glued one apart ("nondiabetic" -> "non-diabetic"), so a negated question reads as one. One that opens
    the question ("Isn't it contraindicated?") asks whether it is: it is read without the negation."""
    def written_out(m: re.Match) -> str:
        verb = m.group(1) or ("can" if m.group(2).lower() == "ca" else "will")
        # ("havent used it for a week", "wasnt sure if ..." open a statement whose "I" is left out, a verb or
        # an adjective after the auxiliary: the negation stays. "Can't pregnant women take it?" asks.)
        after = _NEXT_WORD.match(question, m.end())
        stated = bool(after) and (after.group(1).lower() in _STATED_AFTER or re.fullmatch(r"[a-z]{2,}ed", after.group(1).lower()))
        asks = not question[: m.start()].strip(" \t\"'(") and not stated
        return verb if asks else f"{verb} not"

    return _GLUED_NON.sub(_non_apart, _NOT_CONTRACTED.sub(written_out, question))


# The word after an auxiliary that opens a statement ("havent used", "didnt take", "wasnt sure"), not a question.
_NEXT_WORD = re.compile(r"\s+([\w-]+)")
_STATED_AFTER = frozenset("been had got taken given done seen eaten forgotten gone sure able take use have get eat feel know think "
                          "need want work help remember notice start stop realise realize mean like manage go".split())


# "Nondiabetic", "nonsmokers": a negation typed onto the word it negates, written apart ("non-diabetic")
# where the word is common and the glued form rare (wordfreq): "nonsense", "nonetheless" stay words.
_GLUED_NON = re.compile(r"\b(non)([a-z]{5,})\b", re.I)


def _non_apart(m: re.Match) -> str:
    word = m.group(0).lower()
    return f"{m.group(1)}-{m.group(2)}" if zipf_frequency(word[3:], "en") >= 3.0 > zipf_frequency(word, "en") + 0.5 else m.group(0)

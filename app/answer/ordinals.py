"""Things counted in order: asked about the second trimester, a passage that names only the first
trimester is about other patients; asked about the third dose, one naming only the first dose is about
another dose. A passage naming none of them is not judged here."""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache
from types import MappingProxyType

from app.answer.units import Unit
from app.lexicon.medterms import ORDINAL_NOUNS, ORDINAL_WORDS, ORDINALS_IN_TIME
from app.text.lexical import normalize

_WORD = "|".join(sorted(map(re.escape, ORDINAL_WORDS), key=len, reverse=True))
# "first trimester", "second-dose", and a list or span of them: "first and second trimesters",
# "second to third trimester".
_COUNTED = re.compile(rf"(?:\b(after|beyond|from|since|before|until|till|up\s+to|through|by)\s+(?:the\s+)?)?"
                      rf"(?<![\d][\s-])\b((?:{_WORD})(?:\s*(?:,|/|and|or|to|-)\s*(?:{_WORD}))*)[\s-]+({'|'.join(map(re.escape, ORDINAL_NOUNS))})s?\b")
_LAST = 9  # "after the first trimester" names each later one
_ONE = re.compile(rf"\b(?:{_WORD})\b|\bto\b")


@lru_cache(maxsize=2048)  # (read-only: a mapping proxy, as the cached value is shared)
def ordinals(text: str) -> Mapping[str, frozenset[int]]:
    """Each counted noun of a text with the places it names: {"trimester": {1, 2}}."""
    out: dict[str, set[int]] = {}
    for m in _COUNTED.finditer(normalize(text)):
        bound, words = m.group(1), _ONE.findall(m.group(2))
        places: set[int] = set()
        for k, word in enumerate(words):
            if word == "to" and 0 < k < len(words) - 1:  # a span: "first to third" names the second too
                places |= set(range(ORDINAL_WORDS[words[k - 1]], ORDINAL_WORDS[words[k + 1]] + 1))
            elif word != "to":
                places.add(ORDINAL_WORDS[word])
        # "After the first trimester" names the later ones too, "until the second dose" those before it: a bound
        # adds the places it reaches and keeps the one named ("after the first dose" may say what the first is).
        if bound and m.group(3) in ORDINALS_IN_TIME:
            low, high = min(places), max(places)
            places |= set(range(low, _LAST + 1) if bound in ("after", "beyond", "from", "since") else range(1, high + 1))
        out.setdefault(m.group(3), set()).update(places)
    return MappingProxyType({noun: frozenset(places) for noun, places in out.items()})


def other_ordinal(unit: Unit, asked: Mapping[str, frozenset[int]]) -> bool:
    """Whether the unit (with its headings) names the asked noun only at other places than the question."""
    if not asked:
        return False
    stated = ordinals(f"{unit.context} {unit.chunk.section}")
    return any(noun in stated and not stated[noun] & places for noun, places in asked.items())

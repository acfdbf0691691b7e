"""Loader of untrusted.json: patterns of instruction-like text, and the units and words the conflicting-value
check reads quantities with. Data, so that detection follows new phrasings without code changes."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

LEXICON = Path(__file__).with_name("untrusted.json")


@lru_cache(maxsize=1)
def untrusted_lexicon() -> dict:
    return json.loads(LEXICON.read_text(encoding="utf-8"))

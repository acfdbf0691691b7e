"""A question typed as a social-media post ("#RWE 2022 study, #<drug> as 1st line 👉 brain response? #<Community>"):
a hashtag whose words the indexed documents use, or a drug, a term the lexicon knows ("#CKD") or a figure
("#eGFR30"), is read as those words ("#ALKpositive" -> "ALK positive"); any other names a community or a mood
("#MedTwitter", "#transparency"), not a term to find."""

from __future__ import annotations

import re
from typing import Container

from app.text.lexical import concept_groups, drugs_in, tokenize

_HASHTAG = re.compile(r"(?<![\w&/])#([A-Za-z][\w-]*)")
# Pictographs, flags and their joiners ("🧠", "🇨🇳", "👉"): a post's tone, no word to find.
_EMOJI = re.compile("[\U0001F000-\U0001FAFF\u2705\u274C\uFE0F\u200D]+")
# A tag's words in camel case ("BrainMets", "RWEData") or after shorthand in capitals ("ALKpositive").
_SPLITS = (re.compile(r"(?<=[a-z])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])"), re.compile(r"(?<=[a-z])(?=[A-Z])|(?<=[A-Z]{2})(?=[a-z]{3,})"))


def read_post(message: str, used: Container[str]) -> str:
    """The message with each hashtag read as its words, or left out where the documents (`used`, by stem)
    never use them and it names no drug, lexicon term or figure; without its emoji."""
    def word(m: re.Match) -> str:
        for said in (m.group(1), *(split.sub(" ", m.group(1)) for split in _SPLITS)):
            said = said.replace("_", " ")
            toks = tokenize(said)
            if drugs_in(said) or concept_groups(said) or re.search(r"\d", said) or toks and all(t in used for t in toks):
                return said
        return ""

    if "#" not in message and not _EMOJI.search(message):
        return message
    read = _EMOJI.sub(" ", _HASHTAG.sub(word, message))
    return re.sub(r"[ \t]{2,}", " ", read).strip()

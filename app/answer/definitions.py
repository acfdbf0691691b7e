"""Whether a sentence says what a term asked about means: "what counts as X?", "how was X defined?" is
answered by a sentence with a defining word, a colon or a value beside the term, not by one that only uses it."""

from __future__ import annotations

import re

from app.answer.units import Unit
from app.ingest.chunking import clean_statement
from app.lexicon.medterms import ASKS_DEFINITION, DEFINITION_CUES, DEFINITION_NEXT
from app.text.lexical import normalize, tokenize


def does_not_define(unit: Unit, question: str) -> bool:
    """Asked what counts as something ("which patients counted as high risk?", "how was X defined?"),
    a sentence that only uses the term ("among patients at high risk, the drug halved relapses")
    does not say; one with a defining word beside the term does ("patients at high risk were those
    with two prior relapses", "X was defined as ..."). "How many were counted as responders?" asks
    for a count, not a definition."""
    asked = ASKS_DEFINITION.search(question)
    if not asked or re.search(r"\bhow many\b|\bnumber of\b", question, re.I):
        return False
    between = re.match(r"how\s+(?:is|are|was|were)\s+(.+?)\s+defined\b", asked.group(0), re.I)
    # The term ends where the setting it is asked in starts: "counts as hyponatraemia in pregnancy"
    # defines hyponatraemia (a definition may say "during pregnancy"); "time to progression" is one term.
    asked_of = _SETTING.split(between.group(1) if between else question[asked.end():], maxsplit=1)[0]
    # ("what counts as moderate vs severe": two grades asked, each its own term.)
    asked_of = _ALTERNATIVES.split(asked_of, maxsplit=1)[0]
    whole = [stem for _, stem in _content_stems(asked_of)]
    term = whole[:2]
    if not term:
        return False
    words = re.findall(r"\w+|[:(]", normalize(clean_statement(unit.text)))
    content = _content_stems(" ".join(words))
    for k in range(len(content) - len(term) + 1):
        if [stem for _, stem in content[k:k + len(term)]] == term:
            end = content[k + len(term) - 1][0] + 1
            # (The rest of a longer term, where the text goes on with all of it, and a defining word after
            # it: "treatment resistant <disease> is when ...".)
            n = len(term)
            while n < len(whole) and k + n < len(content) and content[k + n][1] == whole[n]:
                n += 1
            whole_end = content[k + n - 1][0] + 1
            # (A word, not a bracket: "<drug class>, (aOR ..." reads on without its comma.)
            if len(term) < n == len(whole) and words[whole_end:whole_end + 1] and words[whole_end].isalpha() \
                    and words[whole_end] in DEFINITION_NEXT:
                return False
            # A colon after the term opens its definition ("Term (T): time from ..."); one before it
            # is a label the term answers ("death: term, (OR: 2.7)"), one before a number a value's.
            colon = any(words[i] == ":" and i + 1 < len(words) and not words[i + 1][0].isdigit()
                        for i in range(end, min(end + 8, len(words))))
            back = 12 if "respectively" in words[end:end + 3] else 4  # ("used to rate X as A, B and C, respectively")
            # Asked for a score's cut-offs, a score right after the term sets it ("Moderate = 7-12"); a rate after
            # it ("Major bleeding 2.1% per year") is a result, not what counts as the term.
            scored = words[end:end + 1] and words[end][0].isdigit() and bool(_ASKS_SCORE.search(question))
            if (colon or any(_is_cue(w) for w in words[max(0, content[k][0] - back): end + 8])
                    or words[end:end + 1] and words[end] in DEFINITION_NEXT or scored):
                return False
    return True


# A question about a score's bands ("<score> cut offs", "what score counts as severe?").
_ASKS_SCORE = re.compile(r"\b(?:cut[- ]?offs?|thresholds?|scores?|points?|bands?)\b", re.I)
# Between two terms asked for at once ("moderate vs severe", "mild or moderate").
_ALTERNATIVES = re.compile(r"\s+(?:vs\.?|versus|or|and)\s+|\s*/\s*", re.I)
# Where a defined term ends and the setting it is asked in starts.
_SETTING = re.compile(r"\b(?:in|during|among|for|with|at|after|before|on|when)\b", re.I)


def _is_cue(word: str) -> bool:
    return any(word == cue or len(cue) >= 5 and word.startswith(cue) for cue in DEFINITION_CUES)


def _content_stems(text: str) -> list[tuple[int, str]]:
    """(position among the text's words, stem) of each word that is not a stop word."""
    words = re.findall(r"\w+|[:(]", normalize(text))
    return [(i, stems[0]) for i, w in enumerate(words) if (stems := tokenize(w))]

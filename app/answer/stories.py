"""Where a question tells who the patient is before (or after) what it asks: "my pt has <disease> with
<finding>, does <drug> help?", "62F, <disease>, <finding> - is <drug> better?", "55M, switched <drug>
after <event>. <ask>?". The story's words say which patients are meant, not what is asked
(app/answer/coverage.py weighs them so)."""

from __future__ import annotations

import re

from app.lexicon.medterms import AGE_NOTED, ASKER_WORK, ASKS_DOSING, is_drug_name
from app.text.asks import about_patient, asking, gives_reading, long_message, sentences, shorthand_in
from app.text.lexical import tokenize

# "My pt has ...", "pts who had ...", "once pts are on ...": the people a story is about.
PEOPLE = (r"(?:pts?|patients?|she|he|i|they|we|you|child(?:ren)?|bab(?:y|ies)|wom[ae]n|m[ae]n|mothers?|mums?|moms?|parents?|someone|people|persons?|participants?|subjects?"
          r"|dad|father|sons?|daughters?|husband|wife|partner|brother|sister|uncle|aunt(?:ie)?|grand(?:ma|pa|mother|father|dad|son|daughter)|nan|friend|caller|relatives?)")
# "My pt has <disease> with <finding>, does <drug> help ...?", "62F, <disease>, <finding> - is <drug> ...?":
# the story before the ask.
_STORY = re.compile(rf"^\s*(?:(?:[\w+-]+\s+){{0,3}}?{PEOPLE}\s+(?:[\w+-]+\s+)?(?:has|have|had|with|is|are|was|on|w/)\s|{AGE_NOTED})"
                    r"[^?]*?(?:,|\s[-–—]+)\s*(?=(?:does|do|did|is|are|can|could|should|would|will|what|which|how|any|ok)\b)", re.I)
# "55M, <disease>, switched <drug> after <event>. <ask>?": a sentence about the patient, then the ask.
# (Typed in a chat box, the ask may end without its "?".)
_STORY_SENTENCE = re.compile(rf"^\s*(?:{AGE_NOTED}|(?:(?:my|our|a|an)\s+)?{PEOPLE}\b)[^?]*?[.;]\s+(?=[^.;?!]+\??\s*$)", re.I)
# "<ask>? my uncle was only just diagnosed": a sentence about someone close to the asker, after the ask.
_STORY_TAIL = re.compile(rf"\?+\s*(?:(?:my|our|his|her|their)\s+{PEOPLE}\b[^?]*)$", re.I)
# "<ask> for an adult inpatient with <condition>?": the story after the ask.
_STORY_AFTER = re.compile(rf"\b(?:for|in)\s+an?\s+(?:[\w+-]+\s+){{0,2}}?(?:{PEOPLE}|adult|inpatient|outpatient)\s+(?:with|who\s+(?:has|had))\s"
                          r"[^?,;]*\?\s*$", re.I)


def story_words(question: str, tokens: list[str]) -> set[str]:
    """The question's terms (`tokens`) that only its story says."""
    # (A drug the patient is on is no story word: it changes the answer. An ask of one term, "ok to use
    # <drug>?", leaves the question in the story.)
    # (After a dosing ask, "with <condition>" is the dose's indication; after another ask, "is it
    # contraindicated in a patient with asthma?", it is what is asked.)
    after = _STORY_AFTER.search(question)
    said = (_STORY.match(question) or _STORY_SENTENCE.match(question) or _STORY_TAIL.search(question)
            or after and ASKS_DOSING.search(question[:after.start()]) and after)
    if not said:
        return set()
    story = set(tokenize(said.group(0))) - set(tokenize(question[:said.start()] + " " + question[said.end():]))
    story = {t for t in story if not is_drug_name(t)}
    return story if len([t for t in tokens if t not in story]) >= 2 else set()


def told_words(question: str, tokens: list[str], written: str = "") -> set[str]:
    """The terms (`tokens`) only the sentences of a long message that ask nothing, tell of no patient and give
    no reading say ("The journal wants us to justify the claim."): why the asker asks, not what. Whether the
    message is long is judged as `written`, before its frames were taken out. (A sentence
    with a reading, "eGFR has dropped to 28.", is one to answer for; "the word limit is 3,000" is not.)"""
    said = [s for s in sentences(question) if re.search(r"[^\W\d_]", s)]  # (what a frame left of one, ", ,", is none)
    told = [s for s in said if not asking(s) and not about_patient(s) and not gives_reading(s)]
    # (Two sentences of any length will do where what is told names the asker's work, "Stakeholder demo tomorrow.",
    # "the journal wants us to justify a claim": the message was read without its asides, "I'll deal with the
    # word count tonight.". Otherwise the message must be long as written: "I want the exact quote, word for
    # word, not a summary" is said, though it asks nothing to find.)
    work = bool(told) and all(ASKER_WORK.search(s) for s in told)
    if not (len(said) >= 2 if work else long_message(sentences(written) if written else said)) or not told or len(told) == len(said):
        return set()
    # (Shorthand in capitals, "Presenting ORBIT at journal club", names what is asked about.)
    words = set(tokenize(" ".join(told))) - {t for s in said if s not in told for t in tokenize(s)} - set(tokenize(" ".join(shorthand_in(question))))
    words = {t for t in words if not is_drug_name(t)}
    return words if len([t for t in tokens if t not in words]) >= 2 else set()


def told_apart(question: str, tokens: list[str], story: set[str], heard: set[str], written: str = "") -> tuple[list[str], set[str]]:
    """The terms and story words once what the asker tells of why they ask is set apart (`told_words`): its
    words no document uses (`heard` holds those some does) are none to find; the others tell, as a story
    does, what the asker has in mind."""
    told = told_words(question, tokens, written) - story
    tokens = [t for t in tokens if t not in told or t in heard]
    return tokens, story | (told & heard)


# When the story happened ("forgot it yesterday", "missed it this morning"): a day the asker lives, which no
# document names. "At night" and "should I take it this morning?" are times a document gives, and stay.
_TOLD_WHEN = re.compile(r"\b(?:yesterday|tomorrow)\s+(?:morning|afternoon|evening)\b|\blast\s+night\b|\byesterday\b|\btoday\b|"
                        r"\btonight\b|\btomorrow\b", re.I)
_THIS_PART_OF_DAY = re.compile(r"\bthis\s+(?:morning|afternoon|evening)\b", re.I)
_MISSED = re.compile(r"\b(?:forgot|forgotten|forget|missed|remembered)\b", re.I)


def untold(question: str) -> str:
    """The question without when its story happened."""
    question = _TOLD_WHEN.sub(" ", question)
    return _THIS_PART_OF_DAY.sub(" ", question) if _MISSED.search(question) else question

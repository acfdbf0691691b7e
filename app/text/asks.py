"""What a message asks: where a question's second ask starts ("X, and how Y?", "X? Y?", "X, and <a short
ask>?", "when is A and B?"), which of its sentences ask, and which are said around the ask ("The fridge is
broken.") and name nothing to find."""

from __future__ import annotations

import re
from typing import Container

from app.lexicon.medterms import LAB_NAMES
from app.text.lexical import common_stems, drugs_in, tokenize
from app.text.segmenter import segmenter

# "..., and how far can I extend?", "... and what was the dose?": a second question joined to the first.
_SECOND_ASK = re.compile(r"(?:,\s*|\s+)and\s+((?:how|what|which|when|where|who|why|at what|for how)\b.*)$", re.I)
# "PCC dose? is there an antidote?": a question after another; "the dose, and max for a pt under 65kg?": a
# short ask after a comma and "and".
_NEXT_QUESTION = re.compile(r"\?\s+([^?]*?\w[^?]*\?|(?:please|pls|(?:i|we)\s+(?:also\s+)?(?:need|want)|(?:i|we)(?:'d|\s+would)\s+(?:also\s+)?like)\b[^?]*)\s*$", re.I)
_AND_MORE = re.compile(r",\s*and\s+((?:[^\s.?!]+\s+){0,7}?[^\s.?!]+?)\s*\??\s*$", re.I)
# "When is the anomaly scan and the fetal echo?": one wh-word asking of two things, the second a bare
# noun phrase at the end.
_SECOND_THING = re.compile(r"^\s*(?:\S+\s+){0,4}?(?:when|what|which|where)\b.*?\s+and\s+((?:the\s+|a\s+|an\s+)?"
                           r"[a-z][\w-]*(?:\s+[a-z][\w-]*){0,2})\s*\??\s*$", re.I)


def ask_after(text: str) -> re.Match | None:
    """The second ask of a question that has one: group 1 is its text, and the first ask ends where it starts."""
    return _SECOND_ASK.search(text) or _NEXT_QUESTION.search(text) or _AND_MORE.search(text) or _SECOND_THING.search(text)


# A sentence that asks: ends with "?", or opens with a request or a question word.
_ASKS = re.compile(r"\?['\"’”)]*\s*$|^\W*(?:please|pls|can|could|would|will|do|does|did|is|are|was|were|should|what|which|who|whom|whose|"
                   r"when|where|why|how|give|tell|list|confirm|check|explain|summari[sz]e|compare|quote|need|(?:i|we)\s+(?:need|want)|"
                   r"(?:i|we)(?:'d|\s+would)\s+like|looking\s+for)\b"
                   # (asked in reported speech: "the director will ask how often ...", "she wants to know whether ...")
                   r"|\b(?:asks?|asked|asking|wonder(?:s|ed|ing)?|(?:want|wants|wanted|needs?)\s+to\s+know|(?:will|may|might|would)\s+ask)\s+"
                   r"(?:me\s+|us\s+)?(?:how|what|which|whether|if|when|why|who)\b", re.I)
# Whom the care is for ("her falls", "the man in front of me"), a patient's age ("84 yo"), the asker as the
# patient ("I'm on <drug> for <condition>", "my GP wants to start me on <drug>").
_PATIENT = re.compile(r"\b(?:pts?|patients?|she|he|her|his|hers|him|wom[ae]n|m[ae]n|child(?:ren)?|bab(?:y|ies)|mum|mom|mother|dad|"
                      r"father|husband|wife|partner|son|daughter|grand\w+|\d{1,3}\s*(?:yo|y/?o|years?\s+old|-year-old))\b"
                      r"|\b(?:i'?m|i\s+am|i'?ve\s+been|i\s+have\s+been)\s+(?:on|taking|using|prescribed)\b|\bi\s+(?:take|took|use|have|had)\b"
                      r"|\b(?:start|put|switch|give|gave|prescrib)\w*\s+me\b|\bmy\s+(?:gp|doctor|gastro\w*|consultant|specialist|nurse|"
                      r"kidneys?|liver|heart|blood|skin|chest|eyes?|joints?|gout|diabetes|asthma|pain)\b", re.I)
# Shorthand in capitals ("CBG 9.6", "on a <SHORTHAND>"): clinical words the lexicon may lack.
_CAPITALS = re.compile(r"\b[A-Z][A-Z0-9]+\b")
# Any figure: a reading, a weight, an amount, a claim to check.
_FIGURE = re.compile(r"\d")
# Figures no clinician reads as the patient's: an ordinal ("starts on the 14th"), a time of day, a year, a date,
# a count in thousands with no unit ("the word limit is 3,000"), a number naming a thing ("reviewer 2", "ward 7").
_NOT_READINGS = re.compile(r"\d+(?:st|nd|rd|th)\b|\b\d{1,2}(?::\d{2})?\s*(?:am|pm)\b|\b\d{1,2}:\d{2}\b|\b(?:19|20)\d{2}\b|"
                           r"\b\d{1,2}/\d{1,2}/\d{2,4}\b|\b\d{1,3}(?:,\d{3})+\b(?![.,]?\d|\s*(?:%|/|(?:mg|mcg|µg|g|kg|ml|l|units?|iu|cells|copies)\b))|"
                           r"\b(?:reviewer|version|ward|bed|room|bay|page|slide|item|question|extension|ext|floor|chapter|section|"
                           r"appendix|step|part|no\.?|number|ref)\s*#?\d+\b", re.I)
LAB_NAMED = re.compile(r"(?<![\w+])(?:" + "|".join(re.escape(name) for name in LAB_NAMES) + r")(?![\w+])", re.I)


# A message this long, of this many sentences, says things around its ask ("Morning all."); a short one
# ("Breastfeeding at the moment. Can I take <drug>?") says only what the ask needs.
LONG_MESSAGE_WORDS, LONG_MESSAGE_SENTENCES = 40, 3


def long_message(said: list[str], least: int = LONG_MESSAGE_SENTENCES) -> bool:
    """The sentences (`sentences`) make a long message: `least` sentences or more, of LONG_MESSAGE_WORDS in all."""
    return len(said) >= least and sum(len(s.split()) for s in said) >= LONG_MESSAGE_WORDS


def sentences(message: str) -> list[str]:
    """The message's sentences (pysbd: "Dr. Smith asked me." is one)."""
    return [span.sent.strip() for span in segmenter().segment(message) if span.sent.strip()]


def asking(sentence: str) -> bool:
    """The sentence asks: it ends with "?" or opens with a request or a question word."""
    return bool(_ASKS.search(sentence))


def about_patient(sentence: str) -> bool:
    """The sentence tells of a patient: whom the care is for, or an age."""
    return bool(_PATIENT.search(sentence))


def has_figure(sentence: str) -> bool:
    """The sentence gives a figure: a reading, a weight, an amount, a claim to check."""
    return bool(_FIGURE.search(sentence))


def gives_reading(sentence: str) -> bool:
    """The sentence gives a figure a clinician reads ("Na 128", "took 20 tablets", "eGFR has dropped to 28"):
    any figure but a date, a time, a count of words or a thing's number (`_NOT_READINGS`); any beside a lab's name."""
    return bool(_FIGURE.search(_NOT_READINGS.sub(" ", sentence)) or _FIGURE.search(sentence) and LAB_NAMED.search(sentence))


def shorthand_in(text: str) -> list[str]:
    """The words written in capitals (a lab's or a regimen's shorthand, a trial's name): shorthand a lexicon may lack."""
    return _CAPITALS.findall(text)


def asides(message: str, used: Container[str]) -> list[str]:
    """The sentences of a message that ask nothing, tell of no patient and name nothing the documents speak
    of ("The fridge is being replaced on Tuesday.", "I'll deal with the word count tonight."): said around
    the ask, they are no terms to find. The documents speak of a word they use (`used`, by stem), a drug, a
    figure ("I wrote 0.47 in my notes" is a claim to check); a word no everyday English uses or shorthand in
    capitals may be one. Only a long message (`long_message`), one of whose sentences asks, has any."""
    return _asides(sentences(message), used)


def _asides(said: list[str], used: Container[str]) -> list[str]:
    if not long_message(said) or not any(asking(s) for s in said):
        return []
    return [s for s in said if says_nothing_asked(s, used)]


def says_nothing_asked(sentence: str, used: Container[str]) -> bool:
    """The sentence asks nothing, tells of no patient and names nothing the documents speak of (`asides`)."""
    spoken_of = any(t in used or t not in common_stems() for t in tokenize(sentence)) or bool(drugs_in(sentence)) or has_figure(sentence)
    return not (asking(sentence) or about_patient(sentence) or _CAPITALS.search(sentence) or spoken_of)


def without_asides(message: str, used: Container[str]) -> str:
    """The message without its asides (`asides`), its other sentences as written."""
    said = sentences(message)
    left = _asides(said, used)
    return " ".join(sentence for sentence in said if sentence not in left) if left else message

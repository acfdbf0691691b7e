"""Numbers said rather than written, as a dictated question has them: "zero point one six" is 0.16,
"seventy eight point six percent" 78.6 percent, "twenty twenty two" the year 2022. A number of one word
("six months", "three times a day") stays as written: the rest of the system reads those words already,
and a lone "one" is as often a pronoun as a number."""

from __future__ import annotations

import re

from text_to_num import alpha2digit

_WORDS = ("zero|oh|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|"
          "seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand|point")
# Two or more number words in a row ("and" joins them only inside one: "two thousand and twenty two").
_SPOKEN = re.compile(rf"\b(?:{_WORDS})(?:[\s-]+(?:and\s+)?(?:{_WORDS}))+\b", re.I)
# A year said as two pairs: "nineteen ninety nine" -> "19 99", "twenty twenty two" -> "20 22".
_YEAR_PAIRS = re.compile(r"^(19|20) ([1-9]\d)$")


def _digits(m: re.Match) -> str:
    said, before, after = m.group(0), m.string[:m.start()], m.string[m.end():]
    if said.split()[0].lower() == "point" or said.split()[-1].lower() == "point" or _AT_ONE_POINT.search(before + said.split()[0]):
        return said
    written = alpha2digit(said, "en")
    year = _YEAR_PAIRS.match(written)
    if year and not _UNIT_AFTER.match(after):
        return f"{year[1]}{year[2]}"
    # One number or none: "two fifty mg" (2 50?), "one point oh five", "one and two" stay as said.
    return written if re.fullmatch(r"\d+(?:\.\d+)?", written) else said


# "At one point two doses were given" is no 1.2; "twenty thirty mg" no year.
_AT_ONE_POINT = re.compile(r"\bat\s+one$", re.I)
_UNIT_AFTER = re.compile(r"\s*(?:mg|mcg|micrograms?|g|grams?|ml|kg|%|percent|per\s?cent|units?|mmol|patients|people|points?)\b", re.I)


def spoken_numbers(question: str) -> str:
    """The question with each number said in two or more words written in digits."""
    return _SPOKEN.sub(_digits, question)

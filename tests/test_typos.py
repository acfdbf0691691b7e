"""A misspelt word of a question is read as the word the indexed documents use; a known word, an
acronym, a word the documents lack and a misspelling two corpus words fit equally are left as written."""

import pytest

from app.text.typos import TypoReader

pytestmark = pytest.mark.unit

# A corpus vocabulary as the BM25 index holds it: search tokens and how many chunks use each.
CORPUS = {"guidelin": 12, "progress": 30, "retrospect": 4, "crizotinib": 9, "recommend": 8,
          "dose": 40, "steadi": 3, "studi": 9, "valganciclovir": 2, "hypokalemia": 5}


@pytest.fixture(scope="module")
def reader():
    return TypoReader(CORPUS)


@pytest.mark.parametrize("asked, read", [
    ("guidline level of rec?", "guideline level of rec?"),                  # a letter left out
    ("time to CNS progresion?", "time to CNS progression?"),
    ("was it retrospecitve?", "was it retrospective?"),                     # two neighbours swapped, one dropped
    ("crizotnib dose?", "crizotinib dose?"),                                # a drug the dictionary names
    ("Guidline says?", "Guideline says?"),                                  # capitalised as written
])
def test_a_misspelt_word_is_read_as_the_corpus_word_meant(reader, asked, read):
    assert reader.correct(asked) == read


@pytest.mark.parametrize("asked", [
    "what does the guideline say?",   # spelt right
    "GUIDLINE level?",                # capitals: an acronym, not a typo
    "zelvarox dose?",                 # nothing the corpus uses is near it
    "stedy state?",                   # "steady" and "study" fit it equally
    "pre-guidline dose?",             # part of a hyphenated word
    "treatmnt dose?",                 # "treatment" is near, but the corpus never uses it
    "valaciclovir dose?",             # a drug the corpus lacks is not another drug it names
    "hyperkalaemia treatment?",       # a prefix sets the meaning: not the corpus's "hypokalaemia"
])
def test_anything_else_is_left_as_written(reader, asked):
    assert reader.correct(asked) == asked

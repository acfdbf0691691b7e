"""A drug's other name in a question (a clinician's shorthand, a brand, a dictionary synonym) is read as
the drug the indexed documents name; ordinary words and ambiguous shorthand are left as written."""

import pytest

from app.text.shorthand import DrugShorthand

pytestmark = pytest.mark.unit

# A corpus vocabulary as the BM25 index holds it: search tokens and how many chunks use each.
CORPUS = {"gentamicin": 40, "benzylpenicillin": 12, "remifentanil": 30, "remind": 1, "paracetamol": 5,
          "pregnanc": 20, "pregabalin": 2, "codein": 3, "trough": 9, "dose": 80, "amoxicillin": 4, "amlodipin": 3}


@pytest.fixture(scope="module")
def shorthand():
    return DrugShorthand(CORPUS)


@pytest.mark.parametrize("asked, read", [
    ("target gent trough in newborns", "target gentamicin trough in newborns"),
    ("benpen dose for early-onset sepsis", "benzylpenicillin dose for early-onset sepsis"),
    ("remi PCA bolus?", "remifentanil PCA bolus?"),
    ("Tylenol dose in adults", "paracetamol dose in adults"),  # a brand the dictionary knows
])
def test_a_drugs_shorthand_or_brand_is_read_as_the_drug_the_documents_name(shorthand, asked, read):
    assert shorthand.spell_out(asked) == read


@pytest.mark.parametrize("asked", [
    "gepotidacin in preg?",      # "pregnancy" is the corpus's commoner word that starts so, and a lexicon term
    "what is the code for it?",  # a common English word ("codeine" starts so)
    "GENT levels?",              # capitals: an acronym, not shorthand
    "aml dose?",                 # three letters say too little
])
def test_ordinary_words_acronyms_and_short_fragments_stay_as_written(shorthand, asked):
    assert shorthand.spell_out(asked) == asked


def test_a_shorthand_two_drugs_of_the_corpus_fit_is_left_as_written():
    both = DrugShorthand({"cefuroxime": 3, "cefotaxim": 3})
    assert both.spell_out("cef dose?") == "cef dose?"  # three letters: never read
    assert both.spell_out("cefo dose?") == "cefotaxime dose?"
    assert DrugShorthand({"cefuroxim": 3, "cefotaxim": 3}).spell_out("cefx dose?") == "cefx dose?"


def test_a_word_the_corpus_uses_is_never_rewritten():
    assert DrugShorthand({"gent": 2, "gentamicin": 40}).spell_out("gent dose") == "gent dose"


def test_a_corpus_without_that_drug_leaves_the_question_alone():
    assert DrugShorthand({"dose": 3, "trough": 2}).spell_out("target gent trough") == "target gent trough"

"""A clinician's shorthand for a drug in a question is read as the drug the indexed documents name; ordinary words, parts of hyphenated names and shorthand that could mean another
drug are left as written."""

import pytest

from app.text.shorthand import DrugShorthand

pytestmark = pytest.mark.unit

# A corpus vocabulary as the BM25 index holds it: search tokens and how many chunks use each.
CORPUS = {"gentamicin": 40, "benzylpenicillin": 12, "remifentanil": 30, "remind": 1, "paracetamol": 5,
          "pregnanc": 20, "pregabalin": 2, "codein": 3, "trough": 9, "dose": 80, "amoxicillin": 4, "amlodipin": 3,
          "doxycyclin": 6, "metoclopramid": 4, "levodopa": 2}


@pytest.fixture(scope="module")
def shorthand():
    return DrugShorthand(CORPUS)


@pytest.mark.parametrize("asked, read", [
    ("target gent trough in newborns", "target gentamicin trough in newborns"),
    ("benpen dose for early-onset sepsis", "benzylpenicillin dose for early-onset sepsis"),
    ("doxy in pregnancy?", "doxycycline in pregnancy?"),
])
def test_a_drugs_shorthand_is_read_as_the_drug_the_documents_name(shorthand, asked, read):
    assert shorthand.spell_out(asked) == read


@pytest.mark.parametrize("asked", [
    "gepotidacin in preg?",      # "pregnancy" is the corpus's commoner word that starts so, and a lexicon term
    "what is the code for it?",  # a common English word ("codeine" starts so)
    "GENT levels?",              # capitals: an acronym, not shorthand
    "aml dose?",                 # three letters say too little
    "remi PCA bolus?",           # remifentanil here, but Remicade (infliximab) is written about more
    "meto dose?",                # metoclopramide here, but metoprolol as likely
    "co-amox dose?",             # part of a hyphenated name
    "L-dopa dose?",
    "cortisol level?",           # a dictionary synonym of hydrocortisone, not shorthand for it
])
def test_ordinary_words_acronyms_and_short_fragments_stay_as_written(shorthand, asked):
    assert shorthand.spell_out(asked) == asked


def test_a_shorthand_two_drugs_of_the_corpus_fit_is_left_as_written():
    both = DrugShorthand({"doxycyclin": 3, "doxylamin": 3})
    assert both.spell_out("doxy dose?") == "doxy dose?"
    assert DrugShorthand({"doxycyclin": 3}).spell_out("doxy dose?") == "doxycycline dose?"


def test_a_commoner_corpus_word_that_starts_so_keeps_the_word():
    assert DrugShorthand({"gentamicin": 3, "gentle": 10}).spell_out("gent dose") == "gent dose"


def test_a_word_the_corpus_uses_is_never_rewritten():
    assert DrugShorthand({"gent": 2, "gentamicin": 40}).spell_out("gent dose") == "gent dose"


def test_a_corpus_without_that_drug_leaves_the_question_alone():
    assert DrugShorthand({"dose": 3, "trough": 2}).spell_out("target gent trough") == "target gent trough"


@pytest.mark.parametrize("asked, read", [
    ("para vs codeine for pain?", "paracetamol vs codeine for pain?"),   # "para" is a word, but set against a drug
    ("switching doxy->amox?", "switching doxycycline->amoxicillin?"),   # an arrow is no hyphen
])
def test_a_common_word_set_against_a_drug_is_read_as_shorthand(shorthand, asked, read):
    assert shorthand.spell_out(asked) == read
    assert shorthand.spell_out("para dose?") == "para dose?"


def test_a_name_like_shorthand_is_read_as_the_drug_when_the_question_names_another_drug():
    # "diaz" is a surname (Zipf 3.6), so alone it stays; in a question naming another medicine it is shorthand.
    reader = DrugShorthand({"diazepam": 12, "lorazepam": 9, "agit": 3})
    assert reader.spell_out("agitated on loraz, ok to add diaz?") == "agitated on lorazepam, ok to add diazepam?"
    assert reader.spell_out("diaz dose?") == "diaz dose?"
    # Not a word of a common phrase, nor beside a class only.
    phrases = DrugShorthand({"verapamil": 12, "lorazepam": 9, "diazepam": 5})
    assert phrases.spell_out("lorazepam and aloe vera together?") == "lorazepam and aloe vera together?"
    assert phrases.spell_out("on statins, ok to add diaz?") == "on statins, ok to add diaz?"


def test_a_shorthand_after_post_or_pre_is_read_as_the_drug():
    reader = DrugShorthand({"lorazepam": 9, "sedat": 4})
    assert reader.spell_out("sedation post-loraz?") == "sedation post-lorazepam?"
    assert reader.spell_out("sedation pre-loraz?") == "sedation pre-lorazepam?"

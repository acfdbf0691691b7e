"""Rebuild app/lexicon/data/drug_words.txt and drug_generics.tsv: the one-word drug names of the
drug-named-entity-recognition package's dictionary (MIT licence, Fast Data Science; names from DrugBank
open data, MeSH and Wikipedia), and for each name that is a brand or a variant spelling, the generic
name it resolves to (so a question about the generic is answered from a label that says the brand).

Reading the package's own pickle takes ~8 s at start-up on this machine; the plain word list it yields
loads in milliseconds, so the app ships the list and this script reproduces it:

    pip install 'drug-named-entity-recognition==2.0.*'
    python scripts/build_drug_words.py
"""

from __future__ import annotations

import bz2
import importlib.metadata
import importlib.resources
import pickle
from pathlib import Path

DATA = Path(__file__).resolve().parents[1] / "app" / "lexicon" / "data"
OUT = DATA / "drug_words.txt"
GENERICS = DATA / "drug_generics.tsv"
# Words that are a salt, an ion or a plain English word rather than a drug a question names.
NOT_DRUGS = {
    "sulfate", "sulphate", "sodium", "potassium", "chloride", "hydrochloride", "acetate", "citrate", "phosphate",
    "calcium", "magnesium", "iron", "zinc", "water", "oxygen", "salt", "glucose", "saline", "alcohol", "ethanol",
    "vitamin", "protein", "insulin", "hormone", "sugar", "air", "gas", "gold", "silver", "copper", "carbon",
    "nitrogen", "hydrogen", "iodine", "lithium", "ferritin", "albumin", "blood", "plasma", "serum", "urea",
    "excipient", "excipients",
}


def main() -> None:
    path = importlib.resources.files("drug_named_entity_recognition") / "drug_ner_dictionary.pkl.bz2"
    with bz2.open(path, "rb") as f:
        data = pickle.load(f)
    from bm25s.stopwords import STOPWORDS_EN

    words = sorted(
        w for w in data["drug_variant_to_canonical"]
        if w.isalpha() and w.isascii() and len(w) >= 5 and w not in NOT_DRUGS and w not in STOPWORDS_EN
    )
    version = importlib.metadata.version("drug-named-entity-recognition")
    OUT.write_text(f"# one-word drug names from drug-named-entity-recognition {version} (scripts/build_drug_words.py)\n"
                   + "\n".join(words) + "\n", encoding="utf-8")
    variants = data["drug_variant_to_canonical"]
    generics = sorted((w, variants[w][0].lower()) for w in words
                      if len(variants[w]) == 1 and variants[w][0].lower() != w)
    GENERICS.write_text(f"# brand or variant -> generic, from drug-named-entity-recognition {version} (scripts/build_drug_words.py)\n"
                        + "".join(f"{w}\t{g}\n" for w, g in generics), encoding="utf-8")
    print(f"{len(words)} names -> {OUT}; {len(generics)} brands/variants -> {GENERICS}")


if __name__ == "__main__":
    main()

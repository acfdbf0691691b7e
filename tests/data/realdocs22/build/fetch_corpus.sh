#!/bin/sh
# Rebuild realdocs22/corpus/ from bare git mirrors of the source repositories.
# Usage: fetch_corpus.sh <test-epi-composition.git> <BLUEmed.git> <evidence-inference.git> <rlhf.git> <clint-llm.github.io.git>
# (each argument is a git directory, e.g. from `git clone --bare`: joofio/test-epi-composition,
# Khoa-BOB/BLUEmed, jayded/evidence-inference, Mithesh2004/rlhf, clint-llm/clint-llm.github.io).
# Run from tests/data/realdocs22/.
# The two leaflets are rendered with realdocs4's build/fsh2html.py and the two papers with
# realdocs4's build/jats2html.py (both unchanged, by path); the three Markdown files are original bytes.
set -e
J=$1; K=$2; E=$3; R=$4; C=$5
TMP=${TMPDIR:-/tmp}
mkdir -p corpus
git --git-dir="$J" show "30071000397f07be7eb838b251e754ce37c9d504:input/fsh/examples/xeplion.fsh" > "$TMP/xeplion.fsh"
python3 ../realdocs4/build/fsh2html.py "$TMP/xeplion.fsh" corpus/eu-xeplion-paliperidone-palmitate-injection-patient-leaflet.html
git --git-dir="$J" show "30071000397f07be7eb838b251e754ce37c9d504:input/fsh/examples/abilify.fsh" > "$TMP/abilify.fsh"
python3 ../realdocs4/build/fsh2html.py "$TMP/abilify.fsh" corpus/eu-abilify-maintena-aripiprazole-injection-patient-leaflet.html
git --git-dir="$K" show "222bf31d87b9e08ffb94ddc647adb699667440fa:data/drug_supplement/clozapine-oral-route.md" > corpus/mayo-clinic-clozapine-oral-route-drug-page.md
git --git-dir="$R" show "b26a87e07782e77a16240cac558a7bea67f02aa5:vectorStore/output/Psychotic Disorders.md" > corpus/icmr-stw-psychosis-standard-treatment-workflow.md
git --git-dir="$C" show "ad908407d186a94fd61f79e8293d5cab0463dbb6:db/documents/d/c/1/dc1b49aec0aa9e08b059341a493c100c.md" > corpus/statpearls-schizophrenia-review.md
git --git-dir="$E" show "b9831b6c59b52ac2d277f757d413ececf0949a8d:annotations/xml_files/PMC4717319.nxml" > "$TMP/PMC4717319.nxml"
python3 ../realdocs4/build/jats2html.py "$TMP/PMC4717319.nxml" corpus/jpsychopharmacol-2016-tandon-lurasidone-randomized-withdrawal-trial.html
git --git-dir="$E" show "b9831b6c59b52ac2d277f757d413ececf0949a8d:annotations/xml_files/PMC4598102.nxml" > "$TMP/PMC4598102.nxml"
python3 ../realdocs4/build/jats2html.py "$TMP/PMC4598102.nxml" corpus/plosone-2015-zhao-adjunctive-aripiprazole-risperidone-hyperprolactinemia-trial.html
sha256sum corpus/*

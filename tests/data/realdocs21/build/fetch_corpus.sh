#!/bin/sh
# Rebuild realdocs21/corpus/ from bare git mirrors of the source repositories.
# Usage: fetch_corpus.sh <test-epi-composition.git> <BLUEmed.git> <evidence-inference.git> <rlhf.git> <clint-llm.github.io.git>
# (each argument is a git directory, e.g. from `git clone --bare`: joofio/test-epi-composition,
# Khoa-BOB/BLUEmed, jayded/evidence-inference, Mithesh2004/rlhf, clint-llm/clint-llm.github.io).
# Run from tests/data/realdocs21/.
# The two leaflets are rendered with realdocs4's build/fsh2html.py and the two papers with
# realdocs4's build/jats2html.py (both unchanged, by path); the three Markdown files are original bytes.
set -e
J=$1; K=$2; E=$3; R=$4; C=$5
TMP=${TMPDIR:-/tmp}
mkdir -p corpus
git --git-dir="$J" show "30071000397f07be7eb838b251e754ce37c9d504:input/fsh/examples/ebixa.fsh" > "$TMP/ebixa.fsh"
python3 ../realdocs4/build/fsh2html.py "$TMP/ebixa.fsh" corpus/eu-ebixa-memantine-10mg-patient-leaflet.html
git --git-dir="$J" show "30071000397f07be7eb838b251e754ce37c9d504:input/fsh/examples/exelon.fsh" > "$TMP/exelon.fsh"
python3 ../realdocs4/build/fsh2html.py "$TMP/exelon.fsh" corpus/eu-exelon-rivastigmine-capsules-patient-leaflet.html
git --git-dir="$K" show "222bf31d87b9e08ffb94ddc647adb699667440fa:data/drug_supplement/donepezil-oral-route.md" > corpus/mayo-clinic-donepezil-oral-route-drug-page.md
git --git-dir="$R" show "b26a87e07782e77a16240cac558a7bea67f02aa5:vectorStore/output/Dementia.md" > corpus/icmr-stw-dementia-standard-treatment-workflow-2019.md
git --git-dir="$C" show "ad908407d186a94fd61f79e8293d5cab0463dbb6:db/documents/c/f/0/cf04f26376a022fb4ff1c9a858d92201.md" > corpus/statpearls-alzheimer-disease-review.md
git --git-dir="$E" show "b9831b6c59b52ac2d277f757d413ececf0949a8d:annotations/xml_files/PMC3680656.nxml" > "$TMP/PMC3680656.nxml"
python3 ../realdocs4/build/jats2html.py "$TMP/PMC3680656.nxml" corpus/cnsdrugs-2013-grossberg-memantine-er-28mg-add-on-trial.html
git --git-dir="$E" show "b9831b6c59b52ac2d277f757d413ececf0949a8d:annotations/xml_files/PMC3199893.nxml" > "$TMP/PMC3199893.nxml"
python3 ../realdocs4/build/jats2html.py "$TMP/PMC3199893.nxml" corpus/dgcdextra-2011-farlow-rivastigmine-patch-capsule-vascular-risk-analysis.html
sha256sum corpus/*

#!/bin/sh
# Rebuild realdocs14/corpus/ from bare git mirrors of the source repositories.
# Usage: fetch_corpus.sh <clerky.git> <joofio-test-epi-composition.git> <evidence-inference.git>
# (each argument is a git directory, e.g. from `git clone --bare`). Run from tests/data/realdocs14/.
# The three trial HTML files are rendered with realdocs4's build/jats2html.py and the Ryeqo leaflet with
# realdocs4's build/fsh2html.py (both unchanged, by path); the two PDFs are original bytes.
set -e
C=$1; J=$2; E=$3
TMP=${TMPDIR:-/tmp}
mkdir -p corpus
git --git-dir="$C" show "e25c7fd06dfa5acdf8f35bb8201fe3c3b6003735:guidance/NICE Guidance - 2024 - Endometriosis.pdf" > corpus/nice-ng73-endometriosis-diagnosis-and-management-2024.pdf
git --git-dir="$C" show "e25c7fd06dfa5acdf8f35bb8201fe3c3b6003735:guidance/ESHRE Guideline - 2022 - Endometriosis.pdf" > corpus/eshre-2022-endometriosis-guideline.pdf
git --git-dir="$J" show "30071000397f07be7eb838b251e754ce37c9d504:input/fsh/examples/ryeqo.fsh" > "$TMP/ryeqo.fsh"
python3 ../realdocs4/build/fsh2html.py "$TMP/ryeqo.fsh" corpus/ema-ryeqo-relugolix-estradiol-norethisterone-package-leaflet.html
git --git-dir="$E" show "b9831b6c59b52ac2d277f757d413ececf0949a8d:annotations/xml_files/PMC2517154.nxml" > "$TMP/PMC2517154.nxml"
python3 ../realdocs4/build/jats2html.py "$TMP/PMC2517154.nxml" corpus/humreprod-2008-infliximab-deep-endometriosis-pain-rct.html
git --git-dir="$E" show "b9831b6c59b52ac2d277f757d413ececf0949a8d:annotations/xml_files/PMC4836241.nxml" > "$TMP/PMC4836241.nxml"
python3 ../realdocs4/build/jats2html.py "$TMP/PMC4836241.nxml" corpus/chinmedj-2015-kuntai-capsule-gnrh-agonist-add-back-endometriosis-rct.html
git --git-dir="$E" show "b9831b6c59b52ac2d277f757d413ececf0949a8d:annotations/xml_files/PMC5686687.nxml" > "$TMP/PMC5686687.nxml"
python3 ../realdocs4/build/jats2html.py "$TMP/PMC5686687.nxml" corpus/jendocsoc-2017-resveratrol-adjuvant-endometriosis-pain-rct.html
sha256sum corpus/*

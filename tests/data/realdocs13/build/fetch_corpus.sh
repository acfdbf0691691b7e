#!/bin/sh
# Rebuild realdocs13/corpus/ from bare git mirrors of the source repositories.
# Usage: fetch_corpus.sh <inbavel11-DRUG-RAG---GEN-AI-DRUG-CHATBOT.git> <clerky.git> <joofio-test-epi-composition.git> <evidence-inference.git>
# (each argument is a git directory, e.g. from `git clone --bare`). Run from tests/data/realdocs13/.
# The three trial/review HTML files are rendered with realdocs4's build/jats2html.py and the Duavive leaflet with
# realdocs4's build/fsh2html.py (both unchanged, by path); the three PDFs are original bytes.
set -e
I=$1; C=$2; J=$3; E=$4
TMP=${TMPDIR:-/tmp}
mkdir -p corpus
git --git-dir="$I" show "318eaf3c55068f90543eea46ff1607ffc04ff8a1:Backend/myenv/pdf/alora_pi.pdf" > corpus/alora-estradiol-transdermal-system-fda-prescribing-information.pdf
git --git-dir="$C" show "e25c7fd06dfa5acdf8f35bb8201fe3c3b6003735:guidance/NICE - 2024 - Menopause.pdf" > corpus/nice-ng23-menopause-identification-and-management-2024.pdf
git --git-dir="$C" show "e25c7fd06dfa5acdf8f35bb8201fe3c3b6003735:guidance/BMS - 2024 - Management of unscheduled bleeding on HRT.pdf" > corpus/bms-2024-unscheduled-bleeding-on-hrt-guideline.pdf
git --git-dir="$J" show "30071000397f07be7eb838b251e754ce37c9d504:input/fsh/examples/duavive.fsh" > "$TMP/duavive.fsh"
python3 ../realdocs4/build/fsh2html.py "$TMP/duavive.fsh" corpus/ema-duavive-conjugated-oestrogens-bazedoxifene-package-leaflet.html
git --git-dir="$E" show "b9831b6c59b52ac2d277f757d413ececf0949a8d:annotations/xml_files/PMC5771895.nxml" > "$TMP/PMC5771895.nxml"
python3 ../realdocs4/build/jats2html.py "$TMP/PMC5771895.nxml" corpus/menopause-2018-keeps-oral-vs-transdermal-hormone-therapy-sleep-rct.html
git --git-dir="$E" show "b9831b6c59b52ac2d277f757d413ececf0949a8d:annotations/xml_files/PMC3743641.nxml" > "$TMP/PMC3743641.nxml"
python3 ../realdocs4/build/jats2html.py "$TMP/PMC3743641.nxml" corpus/ijwh-2013-bazedoxifene-conjugated-estrogens-osteoporosis-menopause-review.html
git --git-dir="$E" show "b9831b6c59b52ac2d277f757d413ececf0949a8d:annotations/xml_files/PMC4709811.nxml" > "$TMP/PMC4709811.nxml"
python3 ../realdocs4/build/jats2html.py "$TMP/PMC4709811.nxml" corpus/ijcbnm-2016-hyaluronic-acid-vs-conjugated-estrogen-vaginal-cream-atrophy-rct.html
sha256sum corpus/*

#!/bin/sh
# Rebuild realdocs15/corpus/ from bare git mirrors of the source repositories.
# Usage: fetch_corpus.sh <clerky.git> <joofio-test-epi-composition.git> <evidence-inference.git>
# (each argument is a git directory, e.g. from `git clone --bare`). Run from tests/data/realdocs15/.
# The two leaflets are rendered with realdocs4's build/fsh2html.py and the three papers with
# realdocs4's build/jats2html.py (both unchanged, by path); the two PDFs are original bytes.
set -e
C=$1; J=$2; E=$3
TMP=${TMPDIR:-/tmp}
mkdir -p corpus
git --git-dir="$C" show "e25c7fd06dfa5acdf8f35bb8201fe3c3b6003735:guidance/BJOG - 2016 -  Management of Bladder Pain Syndrome.pdf" > corpus/rcog-gtg70-bladder-pain-syndrome-2016.pdf
git --git-dir="$C" show "e25c7fd06dfa5acdf8f35bb8201fe3c3b6003735:guidance/GP020 Urogynaecology Specialist  Nurse-Led Clinic (1).pdf" > corpus/bsuh-gp020-urogynaecology-specialist-nurse-led-clinics-protocol.pdf
git --git-dir="$J" show "30071000397f07be7eb838b251e754ce37c9d504:input/fsh/examples/betmiga.fsh" > "$TMP/betmiga.fsh"
python3 ../realdocs4/build/fsh2html.py "$TMP/betmiga.fsh" corpus/ema-betmiga-mirabegron-package-leaflet.html
git --git-dir="$J" show "30071000397f07be7eb838b251e754ce37c9d504:input/fsh/examples/elmiron.fsh" > "$TMP/elmiron.fsh"
python3 ../realdocs4/build/fsh2html.py "$TMP/elmiron.fsh" corpus/ema-elmiron-pentosan-polysulfate-package-leaflet.html
git --git-dir="$E" show "b9831b6c59b52ac2d277f757d413ececf0949a8d:annotations/xml_files/PMC3752932.nxml" > "$TMP/PMC3752932.nxml"
python3 ../realdocs4/build/jats2html.py "$TMP/PMC3752932.nxml" corpus/ijcp-2013-mirabegron-overactive-bladder-pooled-phase3-analysis.html
git --git-dir="$E" show "b9831b6c59b52ac2d277f757d413ececf0949a8d:annotations/xml_files/PMC4621723.nxml" > "$TMP/PMC4621723.nxml"
python3 ../realdocs4/build/jats2html.py "$TMP/PMC4621723.nxml" corpus/saudimedj-2015-solifenacin-vs-fesoterodine-overactive-bladder-rct.html
git --git-dir="$E" show "b9831b6c59b52ac2d277f757d413ececf0949a8d:annotations/xml_files/PMC3321403.nxml" > "$TMP/PMC3321403.nxml"
python3 ../realdocs4/build/jats2html.py "$TMP/PMC3321403.nxml" corpus/inj-2012-resiniferatoxin-hydrodistention-bladder-pain-syndrome-rct.html
sha256sum corpus/*

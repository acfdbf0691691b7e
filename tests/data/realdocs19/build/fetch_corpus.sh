#!/bin/sh
# Rebuild realdocs19/corpus/ from bare git mirrors of the source repositories.
# Usage: fetch_corpus.sh <test-epi-composition.git> <BLUEmed.git> <evidence-inference.git>
# (each argument is a git directory, e.g. from `git clone --bare`). Run from tests/data/realdocs19/.
# The two leaflets are rendered with realdocs4's build/fsh2html.py and the four papers with
# realdocs4's build/jats2html.py (both unchanged, by path); the Markdown page is original bytes.
set -e
J=$1; K=$2; E=$3
TMP=${TMPDIR:-/tmp}
mkdir -p corpus
git --git-dir="$J" show "30071000397f07be7eb838b251e754ce37c9d504:input/fsh/examples/mirapexin.fsh" > "$TMP/mirapexin.fsh"
python3 ../realdocs4/build/fsh2html.py "$TMP/mirapexin.fsh" corpus/eu-mirapexin-pramipexole-patient-leaflet.html
git --git-dir="$J" show "30071000397f07be7eb838b251e754ce37c9d504:input/fsh/examples/rasagiline.fsh" > "$TMP/rasagiline.fsh"
python3 ../realdocs4/build/fsh2html.py "$TMP/rasagiline.fsh" corpus/eu-rasagiline-ratiopharm-patient-leaflet.html
git --git-dir="$K" show "222bf31d87b9e08ffb94ddc647adb699667440fa:data/drug_supplement/carbidopa-and-levodopa-oral-route.md" > corpus/mayo-clinic-carbidopa-levodopa-oral-route-drug-page.md
git --git-dir="$E" show "b9831b6c59b52ac2d277f757d413ececf0949a8d:annotations/xml_files/PMC3714436.nxml" > "$TMP/PMC3714436.nxml"
python3 ../realdocs4/build/jats2html.py "$TMP/PMC3714436.nxml" corpus/lancetneurol-2013-schapira-proud-pramipexole-delayed-start-trial.html
git --git-dir="$E" show "b9831b6c59b52ac2d277f757d413ececf0949a8d:annotations/xml_files/PMC4128609.nxml" > "$TMP/PMC4128609.nxml"
python3 ../realdocs4/build/jats2html.py "$TMP/PMC4128609.nxml" corpus/translneurodegener-2014-wang-pramipexole-er-vs-ir-trial.html
git --git-dir="$E" show "b9831b6c59b52ac2d277f757d413ececf0949a8d:annotations/xml_files/PMC4676931.nxml" > "$TMP/PMC4676931.nxml"
python3 ../realdocs4/build/jats2html.py "$TMP/PMC4676931.nxml" corpus/eurjneurol-2015-barone-accordo-rasagiline-depression-trial.html
git --git-dir="$E" show "b9831b6c59b52ac2d277f757d413ececf0949a8d:annotations/xml_files/PMC5865491.nxml" > "$TMP/PMC5865491.nxml"
python3 ../realdocs4/build/jats2html.py "$TMP/PMC5865491.nxml" corpus/clinneuropharmacol-2018-lewitt-er-carbidopa-levodopa-concomitant-meds.html
sha256sum corpus/*

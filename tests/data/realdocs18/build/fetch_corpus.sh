#!/bin/sh
# Rebuild realdocs18/corpus/ from bare git mirrors of the source repositories.
# Usage: fetch_corpus.sh <test-epi-composition.git> <BLUEmed.git> <evidence-inference.git> <data-etl.git>
# (each argument is a git directory, e.g. from `git clone --bare`). Run from tests/data/realdocs18/.
# The leaflet is rendered with realdocs4's build/fsh2html.py and the three papers with
# realdocs4's build/jats2html.py (both unchanged, by path); the Markdown page and the PDF are original bytes.
set -e
J=$1; K=$2; E=$3; D=$4
TMP=${TMPDIR:-/tmp}
mkdir -p corpus
git --git-dir="$D" show "88ce0ed303b42f068f47024b8607d0eef53b1af1:pdfdocs/Focused_Update_on_Heart_Failure_2023.pdf" > corpus/esc-2023-focused-update-heart-failure-guideline.pdf
git --git-dir="$J" show "30071000397f07be7eb838b251e754ce37c9d504:input/fsh/examples/entresto.fsh" > "$TMP/entresto.fsh"
python3 ../realdocs4/build/fsh2html.py "$TMP/entresto.fsh" corpus/eu-entresto-sacubitril-valsartan-patient-leaflet.html
git --git-dir="$K" show "222bf31d87b9e08ffb94ddc647adb699667440fa:data/drug_supplement/digoxin-oral-route.md" > corpus/mayo-clinic-digoxin-oral-route-drug-page.md
git --git-dir="$E" show "b9831b6c59b52ac2d277f757d413ececf0949a8d:annotations/xml_files/PMC2291328.nxml" > "$TMP/PMC2291328.nxml"
python3 ../realdocs4/build/jats2html.py "$TMP/PMC2291328.nxml" corpus/vhrm-2007-degroote-bisoprolol-chronic-heart-failure-review.html
git --git-dir="$E" show "b9831b6c59b52ac2d277f757d413ececf0949a8d:annotations/xml_files/PMC4872285.nxml" > "$TMP/PMC4872285.nxml"
python3 ../realdocs4/build/jats2html.py "$TMP/PMC4872285.nxml" corpus/eurheartj-2016-fitchett-empa-reg-outcome-heart-failure-outcomes.html
git --git-dir="$E" show "b9831b6c59b52ac2d277f757d413ececf0949a8d:annotations/xml_files/PMC3332247.nxml" > "$TMP/PMC3332247.nxml"
python3 ../realdocs4/build/jats2html.py "$TMP/PMC3332247.nxml" corpus/bmjopen-2012-flory-digoxin-women-heart-failure-cohort.html
sha256sum corpus/*

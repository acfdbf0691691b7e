#!/bin/sh
# Rebuild realdocs17/corpus/ from bare git mirrors of the source repositories.
# Usage: fetch_corpus.sh <test-epi-composition.git> <BLUEmed.git> <evidence-inference.git>
# (each argument is a git directory, e.g. from `git clone --bare`). Run from tests/data/realdocs17/.
# The two leaflets are rendered with realdocs4's build/fsh2html.py and the three papers with
# realdocs4's build/jats2html.py (both unchanged, by path); the Markdown page is original bytes.
set -e
J=$1; K=$2; E=$3
TMP=${TMPDIR:-/tmp}
mkdir -p corpus
git --git-dir="$J" show "30071000397f07be7eb838b251e754ce37c9d504:input/fsh/examples/daxas.fsh" > "$TMP/daxas.fsh"
python3 ../realdocs4/build/fsh2html.py "$TMP/daxas.fsh" corpus/eu-daxas-roflumilast-patient-leaflet.html
git --git-dir="$J" show "30071000397f07be7eb838b251e754ce37c9d504:input/fsh/examples/trelegy.fsh" > "$TMP/trelegy.fsh"
python3 ../realdocs4/build/fsh2html.py "$TMP/trelegy.fsh" corpus/eu-trelegy-ellipta-patient-leaflet.html
git --git-dir="$K" show "222bf31d87b9e08ffb94ddc647adb699667440fa:data/drug_supplement/tiotropium-inhalation-route.md" > corpus/mayo-clinic-tiotropium-inhalation-route-drug-page.md
git --git-dir="$E" show "b9831b6c59b52ac2d277f757d413ececf0949a8d:annotations/xml_files/PMC1913915.nxml" > "$TMP/PMC1913915.nxml"
python3 ../realdocs4/build/jats2html.py "$TMP/PMC1913915.nxml" corpus/respres-2007-freeman-tiotropium-spruce-primary-care-rct.html
git --git-dir="$E" show "b9831b6c59b52ac2d277f757d413ececf0949a8d:annotations/xml_files/PMC5702366.nxml" > "$TMP/PMC5702366.nxml"
python3 ../realdocs4/build/jats2html.py "$TMP/PMC5702366.nxml" corpus/advther-2017-feldman-umec-vi-vs-tio-olo-crossover-rct.html
git --git-dir="$E" show "b9831b6c59b52ac2d277f757d413ececf0949a8d:annotations/xml_files/PMC5029935.nxml" > "$TMP/PMC5029935.nxml"
python3 ../realdocs4/build/jats2html.py "$TMP/PMC5029935.nxml" corpus/plosone-2016-ahmadi-ltot-24-vs-15-h-cohort.html
sha256sum corpus/*

#!/bin/sh
# Rebuild realdocs16/corpus/ from bare git mirrors of the source repositories.
# Usage: fetch_corpus.sh <clerky.git> <gravitate-health.git> <BLUEmed.git> <evidence-inference.git>
# (each argument is a git directory, e.g. from `git clone --bare`). Run from tests/data/realdocs16/.
# The Motilium leaflet is rendered with realdocs4's build/fsh2html.py and the four papers with
# realdocs4's build/jats2html.py (both unchanged, by path); the PDF and the Markdown page are original bytes.
set -e
C=$1; H=$2; K=$3; E=$4
TMP=${TMPDIR:-/tmp}
mkdir -p corpus
git --git-dir="$C" show "e25c7fd06dfa5acdf8f35bb8201fe3c3b6003735:guidance/073.pdf" > corpus/sath-nvp-hyperemesis-gravidarum-guideline-2024.pdf
git --git-dir="$H" show "456c7574c400af6c8582e53345f7c9ba71c9d724:input/fsh/examples/rawEPI/domperidone-ema-automatic/composition-en-c08df9bb5fb44242a6291b1eee5d09ad.fsh" > "$TMP/motilium-pil.fsh"
python3 ../realdocs4/build/fsh2html.py "$TMP/motilium-pil.fsh" corpus/uk-motilium-domperidone-10mg-patient-leaflet.html
git --git-dir="$K" show "222bf31d87b9e08ffb94ddc647adb699667440fa:data/drug_supplement/doxylamine-and-pyridoxine-oral-route.md" > corpus/mayo-clinic-doxylamine-pyridoxine-oral-route-drug-page.md
git --git-dir="$E" show "b9831b6c59b52ac2d277f757d413ececf0949a8d:annotations/xml_files/PMC5771578.nxml" > "$TMP/PMC5771578.nxml"
python3 ../realdocs4/build/jats2html.py "$TMP/PMC5771578.nxml" corpus/plosone-2018-persaud-doxylamine-pyridoxine-nvp-rct-reanalysis.html
git --git-dir="$E" show "b9831b6c59b52ac2d277f757d413ececf0949a8d:annotations/xml_files/PMC4228518.nxml" > "$TMP/PMC4228518.nxml"
python3 ../realdocs4/build/jats2html.py "$TMP/PMC4228518.nxml" corpus/nms-2014-saberi-ginger-vs-placebo-nvp-rct.html
git --git-dir="$E" show "b9831b6c59b52ac2d277f757d413ececf0949a8d:annotations/xml_files/PMC3929824.nxml" > "$TMP/PMC3929824.nxml"
python3 ../realdocs4/build/jats2html.py "$TMP/PMC3929824.nxml" corpus/ircmj-2013-saberi-acupressure-vs-ginger-nvp-rct.html
git --git-dir="$E" show "b9831b6c59b52ac2d277f757d413ececf0949a8d:annotations/xml_files/PMC4649576.nxml" > "$TMP/PMC4649576.nxml"
python3 ../realdocs4/build/jats2html.py "$TMP/PMC4649576.nxml" corpus/ayu-2014-firouzbakht-ginger-vs-vitamin-b6-nvp-rct.html
sha256sum corpus/*

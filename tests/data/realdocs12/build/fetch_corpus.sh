#!/bin/sh
# Rebuild realdocs12/corpus/ from bare git mirrors of the source repositories.
# Usage: fetch_corpus.sh <hl7-eu-gravitate-health.git> <clerky.git> <evidence-inference.git> <tiptopjaw-web-content-extraction-benchmark.git>
# (each argument is a git directory, e.g. from `git clone --bare`). Run from tests/data/realdocs12/.
# The two trial HTML files are rendered with realdocs4's build/jats2html.py (unchanged, by path); the other four files are
# original bytes (the web page gunzipped).
set -e
G=$1; C=$2; E=$3; T=$4
TMP=${TMPDIR:-/tmp}
mkdir -p corpus
git --git-dir="$G" show "456c7574c400af6c8582e53345f7c9ba71c9d724:source-data/epi/flucelvax-tetra-epar-product-information_en.pdf" > corpus/flucelvax-tetra-influenza-vaccine-ema-product-information-smpc-pil.pdf
git --git-dir="$G" show "456c7574c400af6c8582e53345f7c9ba71c9d724:source-data/epi/pil.10637.pdf" > corpus/amoxicillin-250mg-500mg-capsules-uk-patient-leaflet.pdf
git --git-dir="$C" show "e25c7fd06dfa5acdf8f35bb8201fe3c3b6003735:guidance/MP008 Infections in Pregnancy.pdf" > corpus/bsuh-mp008-infections-in-pregnancy-protocol.pdf
git --git-dir="$E" show "b9831b6c59b52ac2d277f757d413ececf0949a8d:annotations/xml_files/PMC3656551.nxml" > "$TMP/PMC3656551.nxml"
python3 ../realdocs4/build/jats2html.py "$TMP/PMC3656551.nxml" corpus/jpids-2012-full-vs-half-dose-influenza-vaccine-children-6-35-months-rct.html
git --git-dir="$E" show "b9831b6c59b52ac2d277f757d413ececf0949a8d:annotations/xml_files/PMC5745479.nxml" > "$TMP/PMC5745479.nxml"
python3 ../realdocs4/build/jats2html.py "$TMP/PMC5745479.nxml" corpus/antibiotics-2017-grace-amoxicillin-adverse-effects-lrti-rct-subgroup-analysis.html
git --git-dir="$T" show "977613a3a90de65c9ed5e1db251eeede7b9d9714:release/html/0348.html.gz" | gunzip > corpus/nccih-meditation-and-mindfulness-effectiveness-and-safety-page-with-site-chrome.html
sha256sum corpus/*

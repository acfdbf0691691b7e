#!/bin/sh
# Rebuild realdocs11/corpus/ from bare git mirrors of the source repositories.
# Usage: fetch_corpus.sh <DRUG-RAG---GEN-AI-DRUG-CHATBOT.git> <clerky.git> <evidence-inference.git> <tiptopjaw-web-content-extraction-benchmark.git> <OHDSI-StudyProtocols.git>
# (each argument is a git directory, e.g. from `git clone --bare`). Run from tests/data/realdocs11/.
# The trial HTML is rendered with realdocs4's build/jats2html.py (unchanged, by path); the other four files are original bytes
# (the web page gunzipped).
set -e
D=$1; C=$2; E=$3; T=$4; O=$5
TMP=${TMPDIR:-/tmp}
mkdir -p corpus
git --git-dir="$D" show "318eaf3c55068f90543eea46ff1607ffc04ff8a1:Backend/myenv/pdf/opzelura-prescribing-information.pdf" > corpus/opzelura-ruxolitinib-cream-fda-prescribing-information.pdf
git --git-dir="$C" show "e25c7fd06dfa5acdf8f35bb8201fe3c3b6003735:guidance/MP011 Obesity In Pregnancy.pdf" > corpus/uhsussex-mp011-obesity-in-pregnancy-protocol.pdf
git --git-dir="$E" show "b9831b6c59b52ac2d277f757d413ececf0949a8d:annotations/xml_files/PMC2871176.nxml" > "$TMP/PMC2871176.nxml"
python3 ../realdocs4/build/jats2html.py "$TMP/PMC2871176.nxml" corpus/diabetmed-2009-lead1-su-liraglutide-vs-rosiglitazone-add-on-to-glimepiride-rct.html
git --git-dir="$T" show "977613a3a90de65c9ed5e1db251eeede7b9d9714:release/html/0065.html.gz" | gunzip > corpus/oma-2025-top-weight-loss-medications-page-with-site-chrome.html
git --git-dir="$O" show "8de0454c6be4c120ba97d7376907d651327573a4:DrugsInPeds/extras/OHDSI Drug Utilization in Children Protocol.docx" > corpus/ohdsi-2017-drug-utilization-in-children-asia-study-protocol.docx
sha256sum corpus/*

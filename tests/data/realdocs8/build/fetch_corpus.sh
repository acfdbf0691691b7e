#!/bin/sh
# Rebuild realdocs8/corpus/ from bare git mirrors of the source repositories.
# Usage: fetch_corpus.sh <clerky.git> <inbavel11-DRUG-RAG.git> <evidence-inference.git> <test-epi-composition.git>
# (each argument is a git directory, e.g. from `git clone --bare`). Run from tests/data/realdocs8/.
# The two HTML files are rendered with realdocs4's build/jats2html.py and build/fsh2html.py.
set -e
C=$1; I=$2; E=$3; J=$4
TMP=${TMPDIR:-/tmp}
mkdir -p corpus
git --git-dir="$C" show "e25c7fd06dfa5acdf8f35bb8201fe3c3b6003735:guidance/GP010 Termination of Pregnancy.pdf" > corpus/bsuh-termination-of-pregnancy-under-14-weeks-protocol.pdf
git --git-dir="$C" show "e25c7fd06dfa5acdf8f35bb8201fe3c3b6003735:guidance/CG1195 ANTI D guideline.pdf" > corpus/uhsussex-fetal-rhd-screening-anti-d-prophylaxis-guideline.pdf
git --git-dir="$I" show "318eaf3c55068f90543eea46ff1607ffc04ff8a1:Backend/myenv/pdf/Sotyktu.pdf" > corpus/sotyktu-deucravacitinib-fda-prescribing-information.pdf
git --git-dir="$E" show "b9831b6c59b52ac2d277f757d413ececf0949a8d:annotations/xml_files/PMC3681386.nxml" > "$TMP/PMC3681386.nxml"
python3 ../realdocs4/build/jats2html.py "$TMP/PMC3681386.nxml" corpus/critcare-2012-giglio-oral-nystatin-prophylaxis-icu-rct.html
git --git-dir="$J" show "30071000397f07be7eb838b251e754ce37c9d504:input/fsh/examples/xofluza.fsh" > "$TMP/xofluza.fsh"
python3 ../realdocs4/build/fsh2html.py "$TMP/xofluza.fsh" corpus/ema-xofluza-baloxavir-package-leaflet.html
sha256sum corpus/*

#!/bin/sh
# Rebuild realdocs5/corpus/ from bare git mirrors of the source repositories.
# Usage: fetch_corpus.sh <clerky.git> <inbavel11-DRUG-RAG.git> <allofplos.git> <test-epi-composition.git>
# (each argument is a git directory, e.g. from `git clone --bare`). Run from tests/data/realdocs5/.
set -e
C=$1; I=$2; P=$3; J=$4
mkdir -p corpus
git --git-dir="$I" show 318eaf3c55068f90543eea46ff1607ffc04ff8a1:"Backend/myenv/pdf/dalvance_pi.pdf" > corpus/dalvance-dalbavancin-fda-prescribing-information.pdf
git --git-dir="$C" show e25c7fd06dfa5acdf8f35bb8201fe3c3b6003735:"guidance/CG13026 Epilepsy Management in Pregnancy.pdf" > corpus/uhsussex-epilepsy-in-pregnancy-guideline.pdf
git --git-dir="$C" show e25c7fd06dfa5acdf8f35bb8201fe3c3b6003735:"guidance/FSRH - 2023 - Emergency Cotraception.pdf" > corpus/fsrh-2023-emergency-contraception-guideline.pdf
git --git-dir="$J" show 30071000397f07be7eb838b251e754ce37c9d504:input/fsh/examples/aimovig.fsh > /tmp/aimovig.fsh
python3 ../realdocs4/build/fsh2html.py /tmp/aimovig.fsh corpus/ema-aimovig-erenumab-package-leaflet.html
git --git-dir="$P" show 07fdeed848b2816a7fbf7da6418ef6e2076e1960:allofplos/starter_corpus/journal.pmed.1001418.xml > /tmp/journal.pmed.1001418.xml
python3 ../realdocs4/build/jats2html.py /tmp/journal.pmed.1001418.xml corpus/plosmed-2013-johnson-art-life-expectancy-south-africa-cohort.html
sha256sum corpus/*

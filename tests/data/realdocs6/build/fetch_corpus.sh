#!/bin/sh
# Rebuild realdocs6/corpus/ from bare git mirrors of the source repositories.
# Usage: fetch_corpus.sh <clerky.git> <inbavel11-DRUG-RAG.git> <article-extraction-benchmark.git> <CERMINE.git> <sciencebeam-judge.git>
# (each argument is a git directory, e.g. from `git clone --bare`). Run from tests/data/realdocs6/.
set -e
C=$1; I=$2; S=$3; E=$4; J=$5
mkdir -p corpus
git --git-dir="$C" show "e25c7fd06dfa5acdf8f35bb8201fe3c3b6003735:guidance/CG1127 Neonatal Abstinence Scoring.pdf" > corpus/uhsussex-neonatal-abstinence-syndrome-guideline.pdf
git --git-dir="$I" show "318eaf3c55068f90543eea46ff1607ffc04ff8a1:Backend/myenv/pdf/Cinbinqo.pdf" > corpus/cibinqo-abrocitinib-fda-prescribing-information.pdf
git --git-dir="$S" show "4a3bc979f76c0df73cb95fe272e2fc1b96f9f010:html/e593d7fe88f9f5cd6587ac172be2db6055d40b6f071023f97ab1ce373534261e.html.gz" | gunzip > corpus/healthline-2019-binge-eating-tips-page-with-site-chrome.html
git --git-dir="$E" show "6a253f28fec8ddc5f6eb98d514951c55954f5878:cermine-impl/src/test/resources/pl/edu/icm/cermine/test5.pdf" > corpus/pgmj-2010-huang-h-pylori-eradication-iron-deficiency-anaemia-meta-analysis.pdf
git --git-dir="$J" show "9eb8281d23c1e66b8537f3bbba4d0d7876627be9:example-data/pmc-sample-1943-cc-by-subset/Acta_Anaesthesiol_Scand_2011_Jan_55(1)_39-45/aas0055-0039.nxml" > /tmp/aas0055-0039.nxml
python3 ../realdocs4/build/jats2html.py /tmp/aas0055-0039.nxml corpus/actaanaesthesiol-2011-broman-phosphate-dialysis-solution-crrt-study.html
sha256sum corpus/*

#!/bin/sh
# Rebuild realdocs7/corpus/ from bare git mirrors of the source repositories.
# Usage: fetch_corpus.sh <clerky.git> <inbavel11-DRUG-RAG.git> <evidence-inference.git> <gravitate-health.git> <OHDSI-StudyProtocols.git>
# (each argument is a git directory, e.g. from `git clone --bare`). Run from tests/data/realdocs7/.
set -e
C=$1; I=$2; E=$3; G=$4; O=$5
mkdir -p corpus
git --git-dir="$C" show "e25c7fd06dfa5acdf8f35bb8201fe3c3b6003735:guidance/Hyponatraemia in Labour guideline.pdf" > corpus/uhsussex-hyponatraemia-in-labour-guideline.pdf
git --git-dir="$I" show "318eaf3c55068f90543eea46ff1607ffc04ff8a1:Backend/myenv/pdf/PRILOSEC.pdf" > corpus/prilosec-omeprazole-fda-prescribing-information.pdf
git --git-dir="$E" show "b9831b6c59b52ac2d277f757d413ececf0949a8d:annotations/xml_files/PMC1891439.nxml" > /tmp/PMC1891439.nxml
python3 ../realdocs4/build/jats2html.py /tmp/PMC1891439.nxml corpus/plosone-2007-pandit-gatifloxacin-vs-cefixime-enteric-fever-rct.html
git --git-dir="$G" show "456c7574c400af6c8582e53345f7c9ba71c9d724:input/fsh/examples/rawEPI/tegretol-ema-automatic/composition-en-ac2bb08bb4cc3f51f8c4e3513034c019.fsh" > /tmp/tegretol-composition-en.fsh
python3 ../realdocs4/build/fsh2html.py /tmp/tegretol-composition-en.fsh corpus/ema-tegretol-carbamazepine-package-leaflet.html
git --git-dir="$O" show "8de0454c6be4c120ba97d7376907d651327573a4:KeppraAngioedema/extras/KeppraandAngioedemaRiskStudyProtocolv0.5.docx" > corpus/ohdsi-2016-levetiracetam-angioedema-study-protocol.docx
sha256sum corpus/*

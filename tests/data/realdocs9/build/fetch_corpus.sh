#!/bin/sh
# Rebuild realdocs9/corpus/ from bare git mirrors of the source repositories.
# Usage: fetch_corpus.sh <inbavel11-DRUG-RAG.git> <clerky.git> <evidence-inference.git> <test-epi-composition.git> <OHDSI-StudyProtocols.git>
# (each argument is a git directory, e.g. from `git clone --bare`). Run from tests/data/realdocs9/.
# The two HTML files are rendered with realdocs4's build/jats2html.py and build/fsh2html.py.
set -e
I=$1; C=$2; E=$3; J=$4; O=$5
TMP=${TMPDIR:-/tmp}
mkdir -p corpus
git --git-dir="$I" show "318eaf3c55068f90543eea46ff1607ffc04ff8a1:Backend/myenv/pdf/Augtyro.pdf" > corpus/augtyro-repotrectinib-fda-prescribing-information.pdf
git --git-dir="$C" show "e25c7fd06dfa5acdf8f35bb8201fe3c3b6003735:guidance/UHS Intrahepatic Cholestasis(ICP) protocol.pdf" > corpus/uhsussex-intrahepatic-cholestasis-of-pregnancy-protocol.pdf
git --git-dir="$E" show "b9831b6c59b52ac2d277f757d413ececf0949a8d:annotations/xml_files/PMC3672764.nxml" > "$TMP/PMC3672764.nxml"
python3 ../realdocs4/build/jats2html.py "$TMP/PMC3672764.nxml" corpus/arthritisrestherapy-2013-rilonacept-vs-indomethacin-acute-gout-rct.html
git --git-dir="$J" show "30071000397f07be7eb838b251e754ce37c9d504:input/fsh/examples/arava.fsh" > "$TMP/arava.fsh"
python3 ../realdocs4/build/fsh2html.py "$TMP/arava.fsh" corpus/ema-arava-leflunomide-package-leaflet.html
git --git-dir="$O" show "8de0454c6be4c120ba97d7376907d651327573a4:CelecoxibVsNsNSAIDs/documents/OHDSI Protocol Celecoxib vs nsNSAIDS.docx" > corpus/ohdsi-celecoxib-vs-nsnsaids-study-protocol.docx
sha256sum corpus/*

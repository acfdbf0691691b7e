#!/bin/sh
# Rebuild realdocs10/corpus/ from bare git mirrors of the source repositories.
# Usage: fetch_corpus.sh <gravitate-health.git> <clerky.git> <evidence-inference.git> <tiptopjaw-web-content-extraction-benchmark.git> <OHDSI-StudyProtocols.git>
# (each argument is a git directory, e.g. from `git clone --bare`). Run from tests/data/realdocs10/.
# The SmPC HTML is rendered with build/fshsmpc2html.py; the trial HTML with realdocs4's build/jats2html.py.
set -e
H=$1; C=$2; E=$3; T=$4; O=$5
TMP=${TMPDIR:-/tmp}
mkdir -p corpus
git --git-dir="$H" show "456c7574c400af6c8582e53345f7c9ba71c9d724:input/fsh/examples/instances/d86a2475-98e1-40b6-847b-7b0b1497e5fc.fsh" > "$TMP/methotrexate-smpc.fsh"
python3 build/fshsmpc2html.py "$TMP/methotrexate-smpc.fsh" corpus/uk-methotrexate-2.5mg-tablets-smpc.html
git --git-dir="$C" show "e25c7fd06dfa5acdf8f35bb8201fe3c3b6003735:guidance/NICE - 2024 - Suspected Sepsis.pdf" > corpus/nice-ng51-suspected-sepsis-2024.pdf
git --git-dir="$E" show "b9831b6c59b52ac2d277f757d413ececf0949a8d:annotations/xml_files/PMC3170595.nxml" > "$TMP/PMC3170595.nxml"
python3 ../realdocs4/build/jats2html.py "$TMP/PMC3170595.nxml" corpus/bmcneurol-2011-methotrexate-vs-azathioprine-myasthenia-gravis-rct.html
git --git-dir="$T" show "977613a3a90de65c9ed5e1db251eeede7b9d9714:release/html/0064.html.gz" | gunzip > corpus/fda-2025-unapproved-glp1-weight-loss-drugs-page-with-site-chrome.html
git --git-dir="$O" show "8de0454c6be4c120ba97d7376907d651327573a4:UkaTkaSafetyEffectiveness/documents/OHDSI Oxford PLE Protocol 30dec2018.docx" > corpus/ohdsi-2018-uka-vs-tka-knee-replacement-study-protocol.docx
sha256sum corpus/*

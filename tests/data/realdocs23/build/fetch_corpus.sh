#!/bin/sh
# Rebuild realdocs23/corpus/ from bare git mirrors of the source repositories.
# Usage: fetch_corpus.sh <test-epi-composition.git> <BLUEmed.git> <evidence-inference.git> <rlhf.git> <clint-llm.github.io.git> <StudyProtocols.git>
# (each argument is a git directory, e.g. from `git clone --bare`: joofio/test-epi-composition,
# Khoa-BOB/BLUEmed, jayded/evidence-inference, Mithesh2004/rlhf, clint-llm/clint-llm.github.io,
# OHDSI/StudyProtocols).
# Run from tests/data/realdocs23/.
# The two leaflets are rendered with realdocs4's build/fsh2html.py and the paper with
# realdocs4's build/jats2html.py (both unchanged, by path); the three Markdown files and the
# Word .docx are original bytes (the .docx is taken from the commit that added it; it was
# deleted from the repository later).
set -e
J=$1; K=$2; E=$3; R=$4; C=$5; O=$6
TMP=${TMPDIR:-/tmp}
mkdir -p corpus
git --git-dir="$J" show "30071000397f07be7eb838b251e754ce37c9d504:input/fsh/examples/prolia.fsh" > "$TMP/prolia.fsh"
python3 ../realdocs4/build/fsh2html.py "$TMP/prolia.fsh" corpus/eu-prolia-denosumab-60mg-injection-patient-leaflet.html
git --git-dir="$J" show "30071000397f07be7eb838b251e754ce37c9d504:input/fsh/examples/aclasta.fsh" > "$TMP/aclasta.fsh"
python3 ../realdocs4/build/fsh2html.py "$TMP/aclasta.fsh" corpus/eu-aclasta-zoledronic-acid-5mg-infusion-patient-leaflet.html
git --git-dir="$K" show "222bf31d87b9e08ffb94ddc647adb699667440fa:data/drug_supplement/alendronate-oral-route.md" > corpus/mayo-clinic-alendronate-oral-route-drug-page.md
git --git-dir="$R" show "b26a87e07782e77a16240cac558a7bea67f02aa5:vectorStore/output/Fragility Fractures.md" > corpus/icmr-stw-fragility-fractures-standard-treatment-workflow-2022.md
git --git-dir="$C" show "ad908407d186a94fd61f79e8293d5cab0463dbb6:db/documents/0/8/9/08964c3e0340e7a27a45e1bc7b41b502.md" > corpus/statpearls-bisphosphonates-review.md
git --git-dir="$O" show "0ac5449e268f2f33b9d37c3f386700f957b05377:AlendronateVsRaloxifene/extras/alendronate_raloxifene_hip_fracture.docx" > corpus/ohdsi-2017-alendronate-vs-raloxifene-hip-fracture-study-protocol.docx
git --git-dir="$E" show "b9831b6c59b52ac2d277f757d413ececf0949a8d:annotations/xml_files/PMC3215945.nxml" > "$TMP/PMC3215945.nxml"
python3 ../realdocs4/build/jats2html.py "$TMP/PMC3215945.nxml" corpus/prostatecancer-2011-kapoor-zoledronic-acid-bone-density-gnrh-trial.html
sha256sum corpus/*

#!/bin/sh
# Rebuild realdocs20/corpus/ from bare git mirrors of the source repositories.
# Usage: fetch_corpus.sh <test-epi-composition.git> <BLUEmed.git> <evidence-inference.git> <rlhf.git> <clint-llm.github.io.git>
# (each argument is a git directory, e.g. from `git clone --bare`: joofio/test-epi-composition,
# Khoa-BOB/BLUEmed, jayded/evidence-inference, Mithesh2004/rlhf, clint-llm/clint-llm.github.io).
# Run from tests/data/realdocs20/.
# The two leaflets are rendered with realdocs4's build/fsh2html.py and the two papers with
# realdocs4's build/jats2html.py (both unchanged, by path); the three Markdown files are original bytes.
set -e
J=$1; K=$2; E=$3; R=$4; C=$5
TMP=${TMPDIR:-/tmp}
mkdir -p corpus
git --git-dir="$J" show "30071000397f07be7eb838b251e754ce37c9d504:input/fsh/examples/lumigan.fsh" > "$TMP/lumigan.fsh"
python3 ../realdocs4/build/fsh2html.py "$TMP/lumigan.fsh" corpus/eu-lumigan-bimatoprost-0.1mg-patient-leaflet.html
git --git-dir="$J" show "30071000397f07be7eb838b251e754ce37c9d504:input/fsh/examples/simbrinza.fsh" > "$TMP/simbrinza.fsh"
python3 ../realdocs4/build/fsh2html.py "$TMP/simbrinza.fsh" corpus/eu-simbrinza-brinzolamide-brimonidine-patient-leaflet.html
git --git-dir="$K" show "222bf31d87b9e08ffb94ddc647adb699667440fa:data/drug_supplement/latanoprost-ophthalmic-route.md" > corpus/mayo-clinic-latanoprost-ophthalmic-route-drug-page.md
git --git-dir="$R" show "b26a87e07782e77a16240cac558a7bea67f02aa5:vectorStore/output/Glaucoma.md" > corpus/icmr-stw-glaucoma-standard-treatment-workflow-2020.md
git --git-dir="$C" show "ad908407d186a94fd61f79e8293d5cab0463dbb6:db/documents/4/8/b/48b20d5bfcacabdef4904f155bc6a73b.md" > corpus/statpearls-open-angle-glaucoma-review.md
git --git-dir="$E" show "b9831b6c59b52ac2d277f757d413ececf0949a8d:annotations/xml_files/PMC3717762.nxml" > "$TMP/PMC3717762.nxml"
python3 ../realdocs4/build/jats2html.py "$TMP/PMC3717762.nxml" corpus/bjo-2013-day-bimatoprost-pf-vs-lumigan-trial.html
git --git-dir="$E" show "b9831b6c59b52ac2d277f757d413ececf0949a8d:annotations/xml_files/PMC5129854.nxml" > "$TMP/PMC5129854.nxml"
python3 ../realdocs4/build/jats2html.py "$TMP/PMC5129854.nxml" corpus/eye-2016-fechtner-brinzolamide-brimonidine-adjunct-pga-trial.html
sha256sum corpus/*

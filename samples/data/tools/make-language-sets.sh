#!/usr/bin/env bash
# Builds the other word-list language sets that docs/benchmarks.md reports the LanguageId sample on (issue 20), in the
# sample's folder format (<label>.txt, 3,000 words each, made by make-languages.py with the sample's rules). They are
# not shipped: their lists keep their own licences (see each package's copyright file). Needs apt-get and dpkg (Debian
# 12); downloads the packages into a temporary folder and installs nothing.
# Usage: samples/data/tools/make-language-sets.sh OUTPUT_DIR   (writes OUTPUT_DIR/others7, romance6, nordic5, mixed6)
set -euo pipefail
out=${1:?usage: make-language-sets.sh OUTPUT_DIR}
tools=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && apt-get download wcatalan wesperanto wfaroese wgalician-minimos wirish wnorwegian wgaelic wmanx wbulgarian \
    wukrainian wspanish wportuguese witalian wfrench wdanish wswedish >/dev/null)
for deb in "$work"/*.deb; do dpkg -x "$deb" "$work/root"; done
dict="$work/root/usr/share/dict"
build() { python3 "$tools/make-languages.py" "$out/$1" 3000 20261127 "$dict" "$2"; }
build others7 catalan=catalan,esperanto=esperanto,faroese=faroese,galician=galician-minimos,irish=irish,norwegian=bokmaal,scottish-gaelic=gaelic
build romance6 catalan=catalan,french=french,galician=galician-minimos,italian=italian,portuguese=portuguese,spanish=spanish
build nordic5 bokmaal=bokmaal,nynorsk=nynorsk,danish=danish,swedish=swedish,faroese=faroese
build mixed6 bulgarian=bulgarian,ukrainian=ukrainian,irish=irish,scottish-gaelic=gaelic,manx=manx,esperanto=esperanto

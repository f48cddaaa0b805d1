#!/usr/bin/env bash
# Render the first two pages of every built PDF in output/ to PNG (60 dpi) in preview/, for a
# quick look without a PDF viewer, and print the file names.  `make preview` builds first.
set -euo pipefail
cd "$(dirname "$0")/.."

command -v pdftoppm >/dev/null || {
    echo "preview: pdftoppm not found: run scripts/setup.sh (Debian package poppler-utils)" >&2
    exit 1
}
shopt -s nullglob
pdfs=(output/*/*.pdf)
if [ ${#pdfs[@]} -eq 0 ]; then
    echo "preview: no PDF in output/: run 'make build' first" >&2
    exit 1
fi
mkdir -p preview
rm -f preview/*.png  # preview/ is this script's alone (gitignored): no stale pages
for pdf in "${pdfs[@]}"; do
    name=$(basename "$pdf" .pdf)
    pdftoppm -png -r 60 -f 1 -l 2 "$pdf" "preview/$name"
done
for png in preview/*.png; do
    echo "$png"
done

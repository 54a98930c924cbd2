#!/bin/sh
# Rebuilds ../static/yasgui.min.js and yasgui.min.css from the npm registry: YASQE (the SPARQL editor:
# highlighting, autocompletion) and YASR (the result viewer) of YASGUI 4.2.28, pinned in
# package.json/package-lock.json. One IIFE bundle exposing the global `dgkgYasgui`, minified, and one
# stylesheet; the licences of every package installed for them go beside the bundle in
# yasgui.LICENSES.txt. `dgkg serve` serves the three as same-origin static files, so the query page
# needs no CDN and works with the network blocked. Run from anywhere; needs node and npm.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
out="$here/../static"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp "$here/package.json" "$here/package-lock.json" "$here/entry.js" "$work/"
cd "$work"
npm ci --no-audit --no-fund --loglevel=error
# The two prebuilt stylesheets carry old IE hacks (*zoom) that esbuild warns about and keeps as they are.
npx esbuild entry.js --bundle --minify --format=iife --global-name=dgkgYasgui --target=es2019 \
  --legal-comments=none --outfile=bundle.js --log-level=error
{
  printf '/*! YASQE and YASR 4.2.28 (MIT, Triply), bundled by web/vendor/build.sh; licences in yasgui.LICENSES.txt */\n'
  cat bundle.js
} > "$out/yasgui.min.js"
cp bundle.css "$out/yasgui.min.css"
{
  printf 'The query page bundle (yasgui.min.js, yasgui.min.css) is built by web/vendor/build.sh from these npm packages.\n'
  printf 'The prebuilt YASR bundle lists the licence comments of the libraries it contains in its own notice, kept at the end.\n'
  npm ls --omit=dev --all --parseable | tail -n +2 | sort -u | while read -r dir; do
    name=$(node -p "const p=require('$dir/package.json'); p.name + ' ' + p.version + ' (' + (p.license || 'see below') + ')'")
    printf '\n== %s ==\n' "$name"
    for file in "$dir"/LICENSE* "$dir"/LICENCE* "$dir"/license*; do
      [ -f "$file" ] && cat "$file"
    done
  done
  printf '\n== notice of the prebuilt @triply/yasr bundle ==\n'
  cat node_modules/@triply/yasr/build/yasr.min.js.LICENSE.txt
} > "$out/yasgui.LICENSES.txt"
echo "wrote $out/yasgui.min.js ($(wc -c < "$out/yasgui.min.js") bytes), yasgui.min.css, yasgui.LICENSES.txt"

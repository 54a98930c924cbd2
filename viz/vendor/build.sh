#!/bin/sh
# Rebuilds ../static/graph-libs.min.js from the npm registry: sigma.js (WebGL renderer), graphology
# (graph model), ForceAtlas2 and Noverlap (layouts of a view), pinned in package.json/package-lock.json.
# One IIFE bundle, minified, every package's licence in the header; the page inlines it, so the
# explorer works offline from file:// with no CDN. Run from anywhere; needs node and npm.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp "$here/package.json" "$here/package-lock.json" "$here/entry.js" "$work/"
cd "$work"
npm ci --no-audit --no-fund --loglevel=error
npx esbuild entry.js --bundle --minify --format=iife --global-name=dgkgLib --target=es2019 \
  --legal-comments=none --outfile=bundle.js --log-level=warning
out="$here/../static/graph-libs.min.js"
{
  printf '/*! Bundled by viz/vendor/build.sh from the npm packages below. Their licences follow.\n'
  for package in sigma @sigma/utils graphology graphology-layout-forceatlas2 graphology-layout-noverlap graphology-utils events; do
    version=$(node -p "require('./node_modules/$package/package.json').version")
    printf '\n== %s %s ==\n' "$package" "$version"
    sed 's#\*/#* /#g' node_modules/$package/LICENSE*
  done
  printf '*/\n'
  cat bundle.js
} > "$out"
echo "wrote $out ($(wc -c < "$out") bytes)"

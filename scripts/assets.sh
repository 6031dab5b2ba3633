#!/usr/bin/env bash
# Front-end assets of the web app, from the npm registry only (pinned in package.json + package-lock.json).
#
# Why a script: the app serves every asset itself (no CDN, nothing fetched from outside at run
# time), so the DSFR, dsfr-chart and maplibre-gl dist files are copied from node_modules into the
# package (src/vigie_industrie/web/static/vendor/, git-ignored, shipped as package-data).
# Idempotent and quiet: `npm ci` runs only when node_modules does not match the lock file, the copy
# only when the vendor stamp is older than the lock file or this script.
set -euo pipefail
cd "$(dirname "$0")/.."

VENDOR=src/vigie_industrie/web/static/vendor
NM=node_modules

if ! command -v npm >/dev/null 2>&1; then
  if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
    echo "assets: npm absent, installation des paquets Debian nodejs et npm" >&2
    (apt-get install -y --no-install-recommends -qq nodejs npm >/dev/null 2>&1) || {
      apt-get update -qq >/dev/null && apt-get install -y --no-install-recommends -qq nodejs npm >/dev/null; }
  else
    echo "assets: npm est introuvable ; installez Node.js (paquets nodejs et npm) puis relancez make assets" >&2
    exit 1
  fi
fi

# node_modules/.package-lock.json is npm's record of what is installed: equal to the lock file = up to date.
if ! cmp -s package-lock.json "$NM/.package-lock.json" 2>/dev/null \
   && ! node -e 'const a=require("./package-lock.json").packages,b=require("./'"$NM"'/.package-lock.json").packages;
        for (const k of Object.keys(a)) if (k && (!b[k] || b[k].version!==a[k].version)) process.exit(1);' 2>/dev/null; then
  npm ci --no-audit --no-fund --loglevel=error
fi

STAMP="$VENDOR/.stamp"
if [ -f "$STAMP" ] && [ "$STAMP" -nt package-lock.json ] && [ "$STAMP" -nt "$0" ]; then
  exit 0
fi

rm -rf "$VENDOR"
mkdir -p "$VENDOR/dsfr/utility" "$VENDOR/dsfr-chart" "$VENDOR/maplibre-gl"

D="$NM/@gouvfr/dsfr/dist"
cp "$D/dsfr.min.css" "$D/dsfr.module.min.js" "$D/dsfr.nomodule.min.js" "$VENDOR/dsfr/"
cp -r "$D/fonts" "$D/favicon" "$D/icons" "$VENDOR/dsfr/"
cp "$D/utility/utility.min.css" "$VENDOR/dsfr/utility/"   # refers to ../icons/*.svg
cp "$NM/@gouvfr/dsfr/LICENSE.md" "$VENDOR/dsfr/"

C="$NM/@gouvfr/dsfr-chart/dist/DSFRChart"
cp "$C/DSFRChart.js" "$C/DSFRChart.css" "$VENDOR/dsfr-chart/"
cp "$NM/@gouvfr/dsfr-chart/package.json" "$VENDOR/dsfr-chart/package.json"

M="$NM/maplibre-gl/dist"
cp "$M/maplibre-gl.mjs" "$M/maplibre-gl-shared.mjs" "$M/maplibre-gl-worker.mjs" "$M/maplibre-gl.css" "$VENDOR/maplibre-gl/"
cp "$NM/maplibre-gl/LICENSE.txt" "$VENDOR/maplibre-gl/" 2>/dev/null || true

touch "$STAMP"

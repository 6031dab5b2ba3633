#!/usr/bin/env bash
# Headless Chromium for the browser tests (tests/browser), from Debian's packages.
#
#   scripts/chromium.sh          install /usr/bin/chromium when missing (idempotent, quiet)
#
# Playwright for Python drives it with executable_path=/usr/bin/chromium: the browser builds
# Playwright would download (`playwright install`) are never used, so nothing but the Debian
# registry is needed. Exit 0 when chromium is there (or was installed), 1 with one French line
# when it cannot be installed (no root, no apt-get, apt-get failed): the browser tests then
# fail with that same message instead of a traceback.
set -uo pipefail

CHROMIUM="${VIGIE_CHROMIUM:-/usr/bin/chromium}"
log() { echo "chromium.sh: $*" >&2; }

[ -x "$CHROMIUM" ] && exit 0

sudo=""
if [ "$(id -u)" != 0 ]; then
  if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then sudo="sudo -n"; else
    log "Chromium absent ($CHROMIUM) et pas de droits root pour l'installer (apt-get install chromium)."
    exit 1
  fi
fi
command -v apt-get >/dev/null 2>&1 || { log "Chromium absent ($CHROMIUM) et apt-get indisponible."; exit 1; }
log "Chromium absent : installation du paquet Debian (apt-get install chromium)…"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get install -y -q --no-install-recommends chromium fonts-dejavu-core >/dev/null 2>&1 \
  || { $sudo apt-get update -q >/dev/null 2>&1 \
       && $sudo apt-get install -y -q --no-install-recommends chromium fonts-dejavu-core >/dev/null 2>&1; } \
  || { log "installation de Chromium impossible (apt-get install chromium a échoué)."; exit 1; }
[ -x "$CHROMIUM" ] || { log "apt-get a réussi mais $CHROMIUM est introuvable."; exit 1; }

#!/usr/bin/env bash
# Debian packages the fiche renderings need (issue 13), installed only when missing:
#   WeasyPrint's libraries (pango, harfbuzz via pango), fonts (DejaVu, Liberation),
#   poppler-utils (pdftotext, read by the tests), a Java runtime (the HTML validator of the tests),
#   libgomp1 (LightGBM's OpenMP runtime: the alert and eligibility models).
# Idempotent and quiet; as root or with password-less sudo. Without either, it says what is
# missing and exits 0: the renderings that need the missing piece then fail with a clear message.
set -uo pipefail

log() { echo "system-deps.sh: $*" >&2; }

missing=()
ldconfig -p 2>/dev/null | grep -q 'libpango-1.0.so' || missing+=(libpango-1.0-0)
ldconfig -p 2>/dev/null | grep -q 'libpangoft2-1.0.so' || missing+=(libpangoft2-1.0-0)
ldconfig -p 2>/dev/null | grep -q 'libharfbuzz-subset.so' || missing+=(libharfbuzz-subset0)
[ -e /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || missing+=(fonts-dejavu-core)
ls /usr/share/fonts/truetype/liberation*/LiberationSans-Regular.ttf >/dev/null 2>&1 || missing+=(fonts-liberation)
command -v pdftotext >/dev/null 2>&1 || missing+=(poppler-utils)
command -v java >/dev/null 2>&1 || missing+=(default-jre-headless)
ldconfig -p 2>/dev/null | grep -q 'libgomp.so.1' || missing+=(libgomp1)  # LightGBM's OpenMP runtime (alerts, eligibility)

[ ${#missing[@]} -eq 0 ] && exit 0

sudo=""
if [ "$(id -u)" != 0 ]; then
  if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then sudo="sudo -n"; else
    log "paquets Debian manquants (${missing[*]}) : installez-les (apt-get install ${missing[*]})."
    exit 0
  fi
fi
log "installation de ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq >/dev/null 2>&1 || log "apt-get update a échoué"
if ! $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null 2>&1; then
  # one by one: a package unknown on this release must not block the others
  for p in "${missing[@]}"; do
    $sudo apt-get install -y -qq --no-install-recommends "$p" >/dev/null 2>&1 || log "échec de l'installation de $p"
  done
fi
exit 0

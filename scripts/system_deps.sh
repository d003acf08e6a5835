#!/usr/bin/env bash
# System packages the tests and the PDF reports need, installed with apt-get when missing
# (as root on Debian/Ubuntu): Chromium + driver for the browser tests, CJK fonts and
# HarfBuzz's subsetter for WeasyPrint, Pango for WeasyPrint itself, poppler for pdffonts.
set -uo pipefail

wanted=(chromium fonts-noto-cjk fonts-wqy-microhei libharfbuzz-subset0 libpango-1.0-0 libpangoft2-1.0-0 poppler-utils)
missing=()
for pkg in "${wanted[@]}"; do
  dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "[system] installing ${missing[*]}" >&2
  DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null 2>&1 || true
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
else
  echo "[system] missing packages (install them): ${missing[*]}" >&2
  exit 1
fi

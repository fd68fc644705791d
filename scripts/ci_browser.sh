#!/usr/bin/env bash
# Headless Chromium (Debian's package) for tests/test_browser.py, plus fonts with Vietnamese
# glyphs. Idempotent: does nothing when /usr/bin/chromium is already there. Never downloads a
# browser build of its own (no `playwright install`).
set -euo pipefail
if [ -x /usr/bin/chromium ]; then
  echo "ci_browser: $(/usr/bin/chromium --version 2>/dev/null || echo chromium) already installed"
  exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq >/dev/null
FONTS=""
for pkg in fonts-noto-core fonts-dejavu-core; do
  if apt-cache show "$pkg" >/dev/null 2>&1; then FONTS="$FONTS $pkg"; fi
done
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends chromium $FONTS >/dev/null
echo "ci_browser: installed $(/usr/bin/chromium --version 2>/dev/null || echo chromium)$FONTS"

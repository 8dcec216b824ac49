#!/usr/bin/env bash
# Set everything up and run the full test suite: compile and run every pipeline,
# execute every notebook (en, ko), build the site, browser checks, CLI and scripts.
# Usage: bash scripts/test.sh [extra pytest arguments]
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/_venv.sh
. scripts/_venv.sh

if [ ! -x /usr/bin/chromium ]; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        echo "==> Installing Debian's chromium for the browser tests"
        apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
    else
        echo "note: /usr/bin/chromium is missing; the browser tests need it: sudo apt-get install -y chromium" >&2
    fi
fi

# A font with Hangul glyphs, so the browser tests see Korean text rather than boxes.
if [ -z "$(fc-list :lang=ko family 2>/dev/null || true)" ]; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        echo "==> Installing a Korean font (fonts-noto-cjk) for the browser tests"
        apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-noto-cjk >/dev/null
    else
        echo "note: no Korean font is installed; the browser tests need one: sudo apt-get install -y fonts-noto-cjk" >&2
    fi
fi

ensure_venv test
use_bytecode_cache

echo "==> Type checking kfp_tutorial (mypy)"
.venv/bin/mypy

echo "==> Running the tests"
exec .venv/bin/python -m pytest -n 2 "$@"

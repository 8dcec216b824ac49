#!/usr/bin/env bash
# Set up and build the bilingual docs site strictly into site/ (no lessons are run).
# Usage: bash scripts/docs.sh      (scripts/main.sh runs the lessons, then this build)
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/_venv.sh
. scripts/_venv.sh
# scripts/main.sh has just installed .venv and runs this after the lessons
if [ "${_KFP_TUTORIAL_VENV_READY:-}" != 1 ]; then
    ensure_venv docs
fi
use_bytecode_cache
# Material 9.7+ prints a notice about MkDocs 2.0 on every build; it is not an error here.
export NO_MKDOCS_2_WARNING=1
echo "==> Building the docs site (mkdocs build --strict)"
.venv/bin/mkdocs build --strict --quiet

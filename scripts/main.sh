#!/usr/bin/env bash
# Set everything up and run the main job: every lesson's pipelines run locally
# (kfp.local, no Docker, no cluster), then the bilingual docs site is built into site/.
# Usage: bash scripts/main.sh
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/_venv.sh
. scripts/_venv.sh
ensure_venv docs
use_bytecode_cache

echo "==> Running every lesson locally (kfp-tutorial run --all)"
.venv/bin/kfp-tutorial run --all

# Material 9.7+ prints a notice about MkDocs 2.0 on every build; it is not an error here.
export NO_MKDOCS_2_WARNING=1
echo "==> Building the docs site (mkdocs build --strict)"
.venv/bin/mkdocs build --strict --quiet

cat <<'DONE'

Done. Next:
  .venv/bin/mkdocs serve                 # read the course at http://127.0.0.1:8000
  .venv/bin/pip install -e ".[notebook]" && .venv/bin/jupyter lab notebooks/
DONE

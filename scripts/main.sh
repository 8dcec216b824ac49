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

_KFP_TUTORIAL_VENV_READY=1 bash scripts/docs.sh

cat <<'DONE'

Done. kfp-tutorial is installed in .venv. To use its commands, activate it once per shell:
  source .venv/bin/activate              # then: kfp-tutorial list, kfp-tutorial run 02-add
or call it by its path: .venv/bin/kfp-tutorial list
Next:
  .venv/bin/mkdocs serve                 # read the course at http://127.0.0.1:8000
  .venv/bin/pip install -e ".[notebook]" && .venv/bin/jupyter lab notebooks/
  .venv/bin/kfp-tutorial migrate old_v1_pipeline.py   # your KFP v1 code, rewritten for kfp 2
DONE

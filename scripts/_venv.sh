# shellcheck shell=bash
# Shared by scripts/main.sh and scripts/test.sh: find Python >= 3.11 and make .venv.
# Sourced, not run. Sets VENV_PY to the virtual environment's python.

find_python() {
    local candidate
    for candidate in "${PYTHON:-}" python3.11 python3.12 python3.13 python3; do
        [ -n "$candidate" ] || continue
        if command -v "$candidate" >/dev/null 2>&1 &&
            "$candidate" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' 2>/dev/null; then
            echo "$candidate"
            return 0
        fi
    done
    return 1
}

ensure_venv() {
    local extras="$1" python
    if ! python=$(find_python); then
        echo "error: Python 3.11 or newer is needed (tried \$PYTHON, python3.11, python3.12, python3.13, python3)." >&2
        echo "       Install it (e.g. 'apt-get install python3.11 python3.11-venv' or pyenv) and run this again." >&2
        exit 2
    fi
    if [ ! -x .venv/bin/python ]; then
        echo "==> Creating .venv with $python ($("$python" --version))"
        "$python" -m venv .venv
    fi
    VENV_PY="$PWD/.venv/bin/python"
    echo "==> Installing kfp-tutorial[$extras] into .venv"
    "$VENV_PY" -m pip install --quiet --upgrade pip
    "$VENV_PY" -m pip install --quiet -e ".[$extras]"
}

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
    # setuptools prints a boxed "Editable installation" notice that asks nothing of a
    # learner; warnings in the install's build step are left out (errors still show).
    PYTHONWARNINGS=ignore "$VENV_PY" -m pip install --quiet -e ".[$extras]"
}

# Let Python keep compiled bytecode (its default), also where the environment sets
# PYTHONDONTWRITEBYTECODE (many container images do). A run starts many Python processes
# (a kfp.local task each, the CLI and the notebooks in the tests), and without bytecode
# every one recompiles kfp_tutorial and the tests: the fast tier took 23 s instead of
# 15 s on 2 cores. pip has already compiled the installed packages; the __pycache__
# folders this adds to the clone are ignored by git.
use_bytecode_cache() {
    unset PYTHONDONTWRITEBYTECODE PYTHONPYCACHEPREFIX
}

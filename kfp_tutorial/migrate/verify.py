"""Does the migrated code compile? Checked before anything is written.

Every migrated source is run once, in a separate Python process (a learner's module code
runs at import), in an empty temporary folder (a ``Compiler().compile(..., "x.yaml")`` at
the bottom of the file writes there, not beside the learner's file), with ``kfp.Client``
replaced by a stand-in that connects nowhere. Then every pipeline the module defines is
compiled with kfp 2. One process checks a whole batch of files, so a folder costs one kfp
import, not one per file.

Used in: ``kfp-tutorial migrate`` and the migrate tests (which keep the compiled YAML to
compare tasks with kfp 1.8's).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import traceback
from dataclasses import dataclass
from pathlib import Path

SECONDS_PER_FILE = 20


@dataclass(frozen=True)
class Check:
    """The verdict on one migrated source: ``ok``, the pipelines compiled, or the error and
    the line of the migrated source it points at (0 when unknown)."""

    ok: bool
    pipelines: tuple[str, ...] = ()
    error: str = ""
    line: int = 0


def check_sources(
    sources: list[tuple[str, Path]], keep: Path | None = None, python: str | None = None
) -> list[Check]:
    """Check each ``(source text, folder it came from)``; the folder is put on ``sys.path``
    so a file importing its neighbours still imports. With ``keep``, each source's pipelines
    are compiled to ``keep/<index>/<pipeline>.yaml``."""
    if not sources:
        return []
    with tempfile.TemporaryDirectory(prefix="kfp-migrate-") as scratch:
        root = Path(scratch)
        manifest = []
        for index, (text, folder) in enumerate(sources):
            path = root / f"migrated_{index}.py"
            path.write_text(text, encoding="utf-8")  # scratch copy, deleted on exit
            out = (keep / str(index)) if keep is not None else root / f"out_{index}"
            manifest.append({"path": str(path), "folder": str(folder), "out": str(out)})
        (root / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
        env = {**os.environ, "PYTHONWARNINGS": "ignore", "PYTHONDONTWRITEBYTECODE": "1"}
        try:
            completed = subprocess.run(
                [
                    python or sys.executable,
                    "-m",
                    "kfp_tutorial.migrate.verify",
                    str(root / "manifest.json"),
                ],
                capture_output=True,
                text=True,
                timeout=60 + SECONDS_PER_FILE * len(sources),
                env=env,
                cwd=root,
            )
        except subprocess.TimeoutExpired:
            return [Check(False, error="the check did not finish in time")] * len(sources)
        try:
            results = json.loads(completed.stdout.strip().splitlines()[-1])
        except (json.JSONDecodeError, IndexError):
            error = (completed.stderr.strip().splitlines() or ["no output"])[-1]
            return [Check(False, error=error)] * len(sources)
    return [Check(r["ok"], tuple(r["pipelines"]), r["error"], r["line"]) for r in results]


class _ClientReached(Exception):
    """The module asked a cluster for something: what follows needs a cluster, and is not run."""


class _NoClient:
    """Stands in for ``kfp.Client`` while a migrated module is checked: connects nowhere. The
    module runs up to its first request to the cluster (``create_run_from_pipeline_func``,
    ``list_runs``...); every pipeline defined by then is compiled."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        pass

    def __getattr__(self, name: str) -> object:
        def request(*args: object, **kwargs: object) -> object:
            raise _ClientReached(name)

        return request


def _check_one(entry: dict[str, str]) -> dict[str, object]:
    import warnings

    from kfp import compiler
    from kfp.dsl.graph_component import GraphComponent

    path, out = entry["path"], Path(entry["out"])
    work = tempfile.mkdtemp(prefix="kfp-migrate-run-")
    os.chdir(work)
    sys.path.insert(0, entry["folder"])
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            namespace: dict[str, object] = {"__name__": "kfp_migrate_check", "__file__": path}
            # dont_inherit: this module's "from __future__ import annotations" is not the learner's
            code = compile(Path(path).read_text(encoding="utf-8"), path, "exec", dont_inherit=True)
            try:
                exec(code, namespace)  # noqa: S102 - the learner's own module, run as Python would
            except _ClientReached:
                pass
            pipelines = {
                name: value for name, value in namespace.items() if isinstance(value, GraphComponent)
            }
            out.mkdir(parents=True, exist_ok=True)
            for name, pipeline in pipelines.items():
                compiler.Compiler().compile(pipeline, str(out / f"{name}.yaml"))
    except BaseException as exc:  # a learner's module may raise anything, even SystemExit
        line = 0
        for frame in traceback.extract_tb(exc.__traceback__):
            if frame.filename == path:
                line = frame.lineno or 0
        message = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
        return {"ok": False, "pipelines": [], "error": f"{type(exc).__name__}: {message}", "line": line}
    finally:
        sys.path.remove(entry["folder"])
    return {"ok": True, "pipelines": sorted(pipelines), "error": "", "line": 0}


def main(manifest_path: str) -> None:
    """The checking process: one JSON list of verdicts on the last line of stdout."""
    import kfp

    kfp.Client = _NoClient
    entries = json.loads(Path(manifest_path).read_text(encoding="utf-8"))
    results = []
    for entry in entries:
        results.append(_check_one(entry))
    sys.stdout.write("\n" + json.dumps(results) + "\n")


if __name__ == "__main__":
    main(sys.argv[1])

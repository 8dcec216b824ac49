"""What a run is: one result type and one status vocabulary, for local and cluster runs.

A local run (``kfp.local``) and a run on a KFP cluster (``kfp.Client``) both end as a
:class:`RunResult` whose ``status`` is one of :data:`RUN_STATUSES`, and whose tasks are
:class:`TaskRecord` s with a status from :data:`TASK_STATUSES`. The words are kfp.local's
(``SUCCESS``, ``FAILURE``), the ones a learner sees first; the KFP API's run states
(``SUCCEEDED``, ``FAILED``, ...) are translated by :func:`from_kfp_state`.
This module imports nothing heavy (no kfp), so the CLI and reports can use it cheaply.
Used in: every lesson (through ``run_local``), lesson 09 (cluster runs), the run report.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

SUCCESS = "SUCCESS"  # the run or task finished without error
FAILURE = "FAILURE"  # it failed; RunResult.reason says why
CACHED = "CACHED"  # a task answered from the cache (it did not run)
SKIPPED = "SKIPPED"  # not run: a cluster-only pipeline in a local run, a branch not taken
CANCELLED = "CANCELLED"  # stopped by the learner (Ctrl-C) or cancelled on the cluster
RUNNING = "RUNNING"  # still going (a cluster run we did not wait for, a task in progress)
SUBMITTED = "SUBMITTED"  # handed to a cluster without waiting (``--no-wait``)

RUN_STATUSES = frozenset({SUCCESS, FAILURE, SKIPPED, CANCELLED, RUNNING, SUBMITTED})
TASK_STATUSES = frozenset({SUCCESS, FAILURE, CACHED, SKIPPED, CANCELLED, RUNNING})
# Statuses that count as "it worked" in a summary.
OK_STATUSES = frozenset({SUCCESS, CACHED, SUBMITTED})

# The KFP API's runtime states (backend/api/v2beta1 V2beta1RuntimeState), in our words.
_KFP_STATES = {
    "SUCCEEDED": SUCCESS,
    "FAILED": FAILURE,
    "SKIPPED": SKIPPED,
    "CANCELED": CANCELLED,
    "CANCELING": CANCELLED,
    "CACHED": CACHED,
    "PENDING": RUNNING,
    "RUNNING": RUNNING,
    "PAUSED": RUNNING,
    "RUNTIME_STATE_UNSPECIFIED": RUNNING,
}


def from_kfp_state(state: str | None) -> str:
    """Translate a KFP API state (``SUCCEEDED``) or a kfp.local status (``SUCCESS``) to ours."""
    key = (state or "").strip().upper()
    if key in RUN_STATUSES or key in TASK_STATUSES:
        return key
    return _KFP_STATES.get(key, RUNNING)


@dataclass
class TaskRecord:
    """One executed task, as the KFP UI's task panel shows it."""

    name: str
    path: str  # e.g. "for-loop-2-iteration-0/add-3": where its outputs are, in the run dir
    status: str  # one of TASK_STATUSES
    inputs: dict[str, Any]
    outputs: dict[str, Any]
    log: str
    seconds: float
    started: float


@dataclass
class RunResult:
    """The result of one pipeline run, local or on a cluster."""

    pipeline: str
    status: str  # one of RUN_STATUSES
    arguments: dict[str, Any]
    outputs: dict[str, Any]
    tasks: list[TaskRecord]
    seconds: float
    run_dir: str  # local runs: the run's folder; cluster runs: ""
    ignored_settings: dict[str, list[str]] = field(default_factory=dict)
    # Why the run did not succeed, in the learner's language (a failed task's name and the
    # end of its log, kfp.local's own reason when no task failed, or "cancelled").
    reason: str = ""
    # Cluster runs only: where it ran and where to look at it in the KFP UI.
    host: str = ""
    run_id: str = ""
    url: str = ""
    experiment: str = ""

    @property
    def succeeded(self) -> bool:
        return self.status in OK_STATUSES

    @property
    def output(self) -> Any:
        """The single output of a pipeline that returns one value (like ``task.output``)."""
        if len(self.outputs) != 1:
            raise AttributeError(f"pipeline has {len(self.outputs)} outputs, use .outputs")
        return next(iter(self.outputs.values()))

    def task(self, name: str) -> TaskRecord:
        """The first task called ``name`` (loop iterations share a name; see ``tasks``)."""
        for record in self.tasks:
            if record.name == name:
                return record
        raise KeyError(f"no task {name!r}; tasks: {[r.name for r in self.tasks]}")

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def load_run(run_dir: str | Path) -> RunResult:
    """Read a run back from its ``run.json`` (for reports and notebooks)."""
    data = json.loads((Path(run_dir) / "run.json").read_text(encoding="utf-8"))
    known = set(RunResult.__dataclass_fields__)
    data = {key: value for key, value in data.items() if key in known}
    data["tasks"] = [TaskRecord(**task) for task in data["tasks"]]
    return RunResult(**data)

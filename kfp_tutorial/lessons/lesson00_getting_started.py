"""Lesson 00: getting started. A one-task pipeline that checks the local setup works, and
kfp.local's own cache (kfp 2.17), the one the course's ``--cache`` turns on.

``kfp-tutorial check`` (:mod:`kfp_tutorial.checks.setup`) runs this pipeline too.
Used in: lesson 00.
"""

from kfp import dsl

from kfp_tutorial.lessons.common import BASE_IMAGE
from kfp_tutorial.registry import Example


# --8<-- [start:environment_report]
@dsl.component(base_image=BASE_IMAGE)
def environment_report() -> str:
    """Report the Python and KFP versions the task really ran with."""
    import platform

    import kfp

    return f"python {platform.python_version()}, kfp {kfp.__version__}"


@dsl.pipeline(name="setup-check", description="Runs one task to prove the local runner works.")
def setup_check_pipeline() -> str:
    """A pipeline of one task: if this runs, your setup works."""
    report = environment_report()
    return report.output


# --8<-- [end:environment_report]


# --8<-- [start:plain_local_cache]
@dsl.component(base_image=BASE_IMAGE)
def draw_ticket() -> str:
    """A new random ticket every time the task really runs."""
    import uuid

    return uuid.uuid4().hex[:8]


@dsl.pipeline(name="ticket")
def ticket_pipeline() -> str:
    return draw_ticket().output


def two_tickets(pipeline_root: str, enable_caching: bool) -> list[str]:
    """Run the pipeline twice with plain kfp.local, its own cache on or off."""
    from kfp import local

    local.init(
        runner=local.SubprocessRunner(use_venv=False),
        pipeline_root=pipeline_root,
        enable_caching=enable_caching,  # kfp 2.17; off by default
    )
    return [ticket_pipeline().output, ticket_pipeline().output]


# --8<-- [end:plain_local_cache]


# --8<-- [start:exercise_read_run]
def describe_run(run_dir: str) -> str:
    """Exercise solution: read a finished run back from its run.json."""
    from kfp_tutorial import load_run

    run = load_run(run_dir)
    lines = [f"{run.pipeline}: {run.status}"]
    for task in run.tasks:
        lines.append(f"  {task.name}: {task.status}, outputs {task.outputs}")
    return "\n".join(lines)


# --8<-- [end:exercise_read_run]


EXAMPLES = [Example(setup_check_pipeline)]

"""Lesson 00: getting started. A one-task pipeline that checks the local setup works.

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

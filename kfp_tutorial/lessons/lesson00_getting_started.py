"""Lesson 00: getting started. A one-task pipeline that checks the local setup works."""

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
    report = environment_report()
    return report.output


# --8<-- [end:environment_report]


EXAMPLES = [Example(setup_check_pipeline)]

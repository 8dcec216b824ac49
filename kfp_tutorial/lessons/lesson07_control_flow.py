"""Lesson 07: control flow. Conditions, loops, ordering and exit handlers.

``dsl.If`` / ``dsl.Elif`` / ``dsl.Else`` (v1's ``dsl.Condition``), ``dsl.OneOf``,
``dsl.ParallelFor`` over a fixed list and over a list a task produces,
``dsl.Collected``, ``.after()``, ``dsl.ExitHandler`` and ``ignore_upstream_failure()``.
Every random draw takes a ``seed``, so a run takes the same branch every time.
Used in: lesson 07.
"""

import random

from kfp import dsl

from kfp_tutorial.lessons.common import BASE_IMAGE
from kfp_tutorial.registry import Example


# --8<-- [start:coin_components]
@dsl.component(base_image=BASE_IMAGE)
def flip_coin(seed: int) -> str:
    """Flip a coin. The same seed always gives the same side."""
    import random

    side = random.Random(seed).choice(["heads", "tails"])
    print(f"The coin shows {side}")
    return side


@dsl.component(base_image=BASE_IMAGE)
def random_number(low: int, high: int, seed: int) -> int:
    """Draw a whole number from low to high (both included)."""
    import random

    number = random.Random(seed).randint(low, high)
    print(f"Drew {number} from {low}..{high}")
    return number


@dsl.component(base_image=BASE_IMAGE)
def announce(message: str) -> str:
    """Print a message and return it, so a run shows which branch ran."""
    print(message)
    return message


# --8<-- [end:coin_components]


# --8<-- [start:coin_flip_pipeline]
@dsl.pipeline(name="coin-flip", description="Flip a coin, draw a number, branch on both.")
def coin_flip_pipeline(seed: int = 42):
    """The classic v1 coin-flip sample, with v2's dsl.If / dsl.Else."""
    flip = flip_coin(seed=seed)
    with dsl.If(flip.output == "heads", name="heads"):
        small = random_number(low=0, high=9, seed=seed)
        with dsl.If(small.output > 5, name="heads-above-5"):
            announce(message="heads and > 5")
        with dsl.Else(name="heads-5-or-less"):
            announce(message="heads and <= 5")
    with dsl.Else(name="tails"):
        large = random_number(low=10, high=19, seed=seed)
        with dsl.If(large.output > 15, name="tails-above-15"):
            announce(message="tails and > 15")
        with dsl.Else(name="tails-15-or-less"):
            announce(message="tails and <= 15")


# --8<-- [end:coin_flip_pipeline]


# --8<-- [start:weather_pipeline]
@dsl.pipeline(name="weather-advice", description="If / Elif / Else on a parameter, and OneOf.")
def weather_pipeline(temperature: float = 18.0) -> str:
    """Exactly one branch runs; dsl.OneOf returns the output of the one that did."""
    with dsl.If(temperature > 25.0):
        hot = announce(message="hot: take water")
    with dsl.Elif(temperature > 10.0):
        mild = announce(message="mild: take a jacket")
    with dsl.Else():
        cold = announce(message="cold: take a coat")
    return dsl.OneOf(hot.output, mild.output, cold.output)


# --8<-- [end:weather_pipeline]


# --8<-- [start:loop_components]
@dsl.component(base_image=BASE_IMAGE)
def list_files(count: int) -> list:
    """Stands in for listing a bucket: the list exists only once the task has run."""
    return [f"data-{index}.csv" for index in range(count)]


@dsl.component(base_image=BASE_IMAGE)
def name_length(name: str) -> int:
    """A tiny piece of per-item work: the length of one file name."""
    return len(name)


@dsl.component(base_image=BASE_IMAGE)
def total(values: list) -> int:
    """Fan-in: the outputs of every loop iteration, as one list."""
    # Numbers cross the loop as JSON and arrive as floats: int() makes the sum whole again.
    return int(sum(values))


# --8<-- [end:loop_components]


# --8<-- [start:loops_pipeline]
@dsl.pipeline(name="loops", description="ParallelFor over a fixed list and a task's list.")
def loops_pipeline(count: int = 3) -> int:
    """Two loops: one over a list written in the pipeline, one over a task's output."""
    with dsl.ParallelFor(items=["small", "medium", "large"]) as size:  # fixed list
        announce(message=size)

    files = list_files(count=count)
    with dsl.ParallelFor(items=files.output, parallelism=2) as file_name:  # known at run time
        length = name_length(name=file_name)
    summed = total(values=dsl.Collected(length.output))
    return summed.output


# --8<-- [end:loops_pipeline]


# --8<-- [start:exit_components]
@dsl.component(base_image=BASE_IMAGE)
def train_model(fail: bool) -> str:
    """A step that fails on purpose when `fail` is True."""
    if fail:
        raise RuntimeError("training failed on purpose (fail=True)")
    print("training finished")
    return "model-v1"


@dsl.component(base_image=BASE_IMAGE)
def clean_up(what: str) -> str:
    """Delete temporary files; must run even when training failed."""
    print(f"cleaning up {what}")
    return f"removed {what}"


@dsl.component(base_image=BASE_IMAGE)
def notify(status: dsl.PipelineTaskFinalStatus) -> str:
    """The exit task: KFP fills in `status` with how the guarded tasks ended."""
    print(f"{status.pipeline_task_name} ended with {status.state}")
    if status.error_message:
        print(f"error: {status.error_message}")
    return status.state


# --8<-- [end:exit_components]


# --8<-- [start:exit_handler_pipeline]
@dsl.pipeline(name="exit-handler", description="An exit task that runs even after a failure.")
def exit_handler_pipeline(fail: bool = False):
    """`notify` runs after everything inside the ExitHandler, whether it failed or not."""
    final_step = notify()
    with dsl.ExitHandler(final_step, name="main-work"):
        prepare = announce(message="preparing data")
        training = train_model(fail=fail).after(prepare)  # order without passing data
        clean_up(what="scratch files").after(training).ignore_upstream_failure()


# --8<-- [end:exit_handler_pipeline]


# --8<-- [start:after_exit_handler]
@dsl.pipeline(name="after-exit-handler", description="A task that waits for a whole ExitHandler.")
def after_exit_handler_pipeline(fail: bool = False) -> str:
    """kfp 2.17: `.after()` takes an ExitHandler group, not only a task."""
    final_step = notify()
    with dsl.ExitHandler(final_step, name="main-work") as main_work:
        prepare = announce(message="preparing data")
        train_model(fail=fail).after(prepare)
    return announce(message="publishing the report").after(main_work).output


# --8<-- [end:after_exit_handler]


# --8<-- [start:exercise_weather]
@dsl.pipeline(name="weather-advice-4", description="Exercise: a fourth branch with one more Elif.")
def exercise_weather_pipeline(temperature: float = 18.0) -> str:
    """Exercise solution: conditions are checked in order, so the 35 test comes first."""
    with dsl.If(temperature > 35.0):
        very_hot = announce(message="very hot: stay inside")
    with dsl.Elif(temperature > 25.0):
        hot = announce(message="hot: take water")
    with dsl.Elif(temperature > 10.0):
        mild = announce(message="mild: take a jacket")
    with dsl.Else():
        cold = announce(message="cold: take a coat")
    return dsl.OneOf(very_hot.output, hot.output, mild.output, cold.output)


# --8<-- [end:exercise_weather]


# --8<-- [start:exercise_seed]
def seed_for_branch(side: str, above: bool, tries: int = 1000) -> int:
    """Exercise solution: the first seed that takes a branch, found without running anything.

    The components draw with ``random.Random(seed)``; doing the same here predicts them.
    """
    for seed in range(tries):
        drawn_side = random.Random(seed).choice(["heads", "tails"])
        low, high, limit = (0, 9, 5) if drawn_side == "heads" else (10, 19, 15)
        number = random.Random(seed).randint(low, high)
        if drawn_side == side and (number > limit) == above:
            return seed
    raise ValueError(f"no seed below {tries} gives {side} with above={above}")


# --8<-- [end:exercise_seed]


# --8<-- [start:exercise_no_ignore]
@dsl.pipeline(name="exit-handler-no-ignore", description="Exercise: clean_up without ignore.")
def exercise_no_ignore_pipeline(fail: bool = True):
    """Exercise solution: without ignore_upstream_failure(), clean_up is skipped on failure."""
    final_step = notify()
    with dsl.ExitHandler(final_step, name="main-work"):
        prepare = announce(message="preparing data")
        training = train_model(fail=fail).after(prepare)
        clean_up(what="scratch files").after(training)


# --8<-- [end:exercise_no_ignore]


EXAMPLES = [
    Example(coin_flip_pipeline, {"seed": 42}),
    Example(weather_pipeline, {"temperature": 18.0}),
    Example(loops_pipeline, {"count": 3}),
    Example(exit_handler_pipeline, {"fail": False}),
    Example(after_exit_handler_pipeline, {"fail": False}),
]

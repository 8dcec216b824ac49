"""Lesson 03: parallel execution. Independent tasks, ParallelFor and fan-in with Collected.

Used in: lesson 03.
"""

from kfp import dsl

from kfp_tutorial.lessons.common import BASE_IMAGE
from kfp_tutorial.registry import Example


# --8<-- [start:producers]
@dsl.component(base_image=BASE_IMAGE)
def make_readings(station: str, seed: int, count: int) -> list:
    """Produce `count` temperature readings for a weather station.

    Stands in for downloading a file: the data is generated from a seed, so the
    lesson needs no network and gives the same numbers every time.
    """
    import random

    rng = random.Random(seed)
    readings = [round(rng.uniform(-5.0, 30.0), 1) for _ in range(count)]
    print(f"{station}: {len(readings)} readings")
    return readings


@dsl.component(base_image=BASE_IMAGE)
def compare(north: list, south: list) -> str:
    """Join the two producers' outputs into one summary line."""
    north_mean = sum(north) / len(north)
    south_mean = sum(south) / len(south)
    warmer = "south" if south_mean > north_mean else "north"
    return f"north {north_mean:.1f}, south {south_mean:.1f}: {warmer} is warmer"


# --8<-- [end:producers]


# --8<-- [start:parallel_pipeline]
@dsl.pipeline(name="parallel-stations", description="Two independent producers, one consumer.")
def parallel_pipeline(count: int = 24) -> str:
    """Two stations' readings, made independently, compared by one consumer."""
    north = make_readings(station="north", seed=1, count=count)
    south = make_readings(station="south", seed=2, count=count)
    # `north` and `south` share no inputs or outputs, so they may run at the same time.
    summary = compare(north=north.output, south=south.output)
    return summary.output


# --8<-- [end:parallel_pipeline]


# --8<-- [start:fan_out]
@dsl.component(base_image=BASE_IMAGE)
def square(x: float) -> float:
    """One loop iteration's work. `x` is a float: loop items arrive as floats locally."""
    return x * x


@dsl.component(base_image=BASE_IMAGE)
def sum_all(values: list[float]) -> float:
    """Fan-in: receives the outputs of every loop iteration as one list."""
    return sum(values)


@dsl.pipeline(name="fan-out-fan-in", description="ParallelFor over a list, then Collected.")
def fan_out_pipeline(numbers: list = [1.0, 2.0, 3.0, 4.0]) -> float:  # noqa: B006
    """Square every number (at most two at a time), then add the squares up."""
    with dsl.ParallelFor(items=numbers, parallelism=2) as number:  # at most 2 at once
        squared = square(x=number)
    total = sum_all(values=dsl.Collected(squared.output))
    return total.output


# --8<-- [end:fan_out]


# --8<-- [start:exercise_three_stations]
@dsl.component(base_image=BASE_IMAGE)
def warmest(north: list, south: list, east: list) -> str:
    """Exercise solution: a consumer that waits for three producers."""
    means = {
        "north": sum(north) / len(north),
        "south": sum(south) / len(south),
        "east": sum(east) / len(east),
    }
    name = max(means, key=lambda region: means[region])
    return f"{name} is warmest ({means[name]:.1f})"


@dsl.pipeline(name="three-stations", description="Exercise: three independent producers.")
def three_stations_pipeline(count: int = 24) -> str:
    """Exercise solution: add an `east` station with seed 3."""
    north = make_readings(station="north", seed=1, count=count)
    south = make_readings(station="south", seed=2, count=count)
    east = make_readings(station="east", seed=3, count=count)
    return warmest(north=north.output, south=south.output, east=east.output).output


# --8<-- [end:exercise_three_stations]


EXAMPLES = [
    Example(parallel_pipeline, {"count": 24}),
    Example(fan_out_pipeline, {"numbers": [1.0, 2.0, 3.0, 4.0]}),
]

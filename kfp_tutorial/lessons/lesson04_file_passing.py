"""Lesson 04: passing files between components with artifacts.

``Output[Dataset]`` / ``Input[Dataset]`` are the v2 form of v1's ``OutputPath`` /
``InputPath``: KFP gives the component a path to write to (or read from), and the
file travels between tasks as an artifact, not as a parameter value.

Used in: lesson 04.
"""

from kfp import dsl
from kfp.dsl import Dataset, Input, Model, Output

from kfp_tutorial.lessons.common import BASE_IMAGE
from kfp_tutorial.registry import Example


# --8<-- [start:write_numbers]
@dsl.component(base_image=BASE_IMAGE)
def write_numbers(a: int, b: int, numbers: Output[Dataset]):
    """Write ``{"a": a, "b": b}`` to the file KFP gives us at ``numbers.path``."""
    import json

    with open(numbers.path, "w") as f:
        json.dump({"a": a, "b": b}, f)
    numbers.metadata["format"] = "json"  # metadata travels with the artifact
    print(f"wrote {numbers.path}")


# --8<-- [end:write_numbers]


# --8<-- [start:multiply_numbers]
@dsl.component(base_image=BASE_IMAGE)
def multiply_numbers(numbers: Input[Dataset], product: Output[Dataset]) -> int:
    """Read the file written upstream, multiply a and b, write and return the product."""
    import json

    with open(numbers.path) as f:
        values = json.load(f)
    result = values["a"] * values["b"]
    with open(product.path, "w") as f:
        f.write(str(result))
    print(f"read {numbers.path}: {values} -> {result}")
    return result


# --8<-- [end:multiply_numbers]


# --8<-- [start:file_passing_pipeline]
@dsl.pipeline(name="file-passing", description="Write numbers to a file; multiply them downstream.")
def file_passing_pipeline(a: int = 300, b: int = 10) -> int:
    """One task writes a file, the next reads it: a * b, computed from the file."""
    writer = write_numbers(a=a, b=b)
    # outputs["numbers"] is the file artifact, not its content
    multiplier = multiply_numbers(numbers=writer.outputs["numbers"])
    return multiplier.outputs["Output"]


# --8<-- [end:file_passing_pipeline]


# --8<-- [start:model_components]
@dsl.component(base_image=BASE_IMAGE)
def make_points(count: int, points: Output[Dataset]):
    """Write ``count`` points of the line y = 2x + 1 as a CSV file."""
    with open(points.path, "w") as f:
        f.write("x,y\n")
        for i in range(count):
            f.write(f"{i},{2 * i + 1}\n")
    points.metadata["rows"] = count


@dsl.component(base_image=BASE_IMAGE)
def fit_line(points: Input[Dataset], model: Output[Model]):
    """Fit y = slope * x + intercept by least squares; save the model as JSON."""
    import csv
    import json

    with open(points.path) as f:
        rows = [(float(r["x"]), float(r["y"])) for r in csv.DictReader(f)]
    n = len(rows)
    mean_x = sum(x for x, _ in rows) / n
    mean_y = sum(y for _, y in rows) / n
    slope = sum((x - mean_x) * (y - mean_y) for x, y in rows) / sum((x - mean_x) ** 2 for x, _ in rows)
    intercept = mean_y - slope * mean_x
    with open(model.path, "w") as f:
        json.dump({"slope": slope, "intercept": intercept}, f)
    model.metadata["framework"] = "plain-python"
    print(f"fitted y = {slope:.2f} * x + {intercept:.2f}")


@dsl.component(base_image=BASE_IMAGE)
def predict(model: Input[Model], x: float) -> float:
    """Load the model file and predict y for one x."""
    import json

    with open(model.path) as f:
        params = json.load(f)
    return params["slope"] * x + params["intercept"]


# --8<-- [end:model_components]


# --8<-- [start:model_pipeline]
@dsl.pipeline(name="model-artifact", description="Data file -> model file -> prediction.")
def model_pipeline(count: int = 20, x: float = 10.0) -> float:
    """A Dataset file trains a Model file; the Model file makes a prediction."""
    points = make_points(count=count)
    fitted = fit_line(points=points.outputs["points"])
    prediction = predict(model=fitted.outputs["model"], x=x)
    return prediction.output


# --8<-- [end:model_pipeline]


# --8<-- [start:directory_components]
@dsl.component(base_image=BASE_IMAGE)
def write_shards(shards: int, rows_per_shard: int, folder: Output[Dataset]):
    """Write a folder of CSV files: an artifact's path can be a directory too."""
    import os

    os.makedirs(folder.path, exist_ok=True)
    for shard in range(shards):
        with open(os.path.join(folder.path, f"part-{shard:03d}.csv"), "w") as f:
            for row in range(rows_per_shard):
                f.write(f"{shard},{row}\n")
    folder.metadata["files"] = shards


@dsl.component(base_image=BASE_IMAGE)
def count_rows(folder: Input[Dataset]) -> int:
    """Read every file in the folder artifact and count the rows."""
    import os

    total = 0
    for name in sorted(os.listdir(folder.path)):
        with open(os.path.join(folder.path, name)) as f:
            rows = sum(1 for _ in f)
        print(f"{name}: {rows} rows")
        total += rows
    return total


@dsl.pipeline(name="directory-artifact", description="A folder of files as one artifact.")
def directory_pipeline(shards: int = 3, rows_per_shard: int = 4) -> int:
    """A folder of files, passed as one artifact, counted by the next task."""
    written = write_shards(shards=shards, rows_per_shard=rows_per_shard)
    return count_rows(folder=written.outputs["folder"]).output


# --8<-- [end:directory_components]


# --8<-- [start:exercise_two_readers]
@dsl.component(base_image=BASE_IMAGE)
def add_numbers(numbers: Input[Dataset]) -> int:
    """Exercise solution: a second reader of the same file returns a + b."""
    import json

    with open(numbers.path) as f:
        values = json.load(f)
    return values["a"] + values["b"]


@dsl.pipeline(name="two-readers", description="Exercise: one file, read by two tasks.")
def two_readers_pipeline(a: int = 300, b: int = 10) -> int:
    """Exercise solution: the file is written once and both readers get its path."""
    writer = write_numbers(a=a, b=b)
    multiply_numbers(numbers=writer.outputs["numbers"])
    total = add_numbers(numbers=writer.outputs["numbers"])
    return total.output


# --8<-- [end:exercise_two_readers]


# --8<-- [start:exercise_v1_paths]
@dsl.component(base_image=BASE_IMAGE)
def write_numbers_with_path(a: int, b: int, numbers_path: dsl.OutputPath("Dataset")):
    """Exercise solution: v1's OutputPath still works in v2; you get a plain path string."""
    import json

    with open(numbers_path, "w") as f:
        json.dump({"a": a, "b": b}, f)


@dsl.component(base_image=BASE_IMAGE)
def multiply_numbers_with_path(numbers_path: dsl.InputPath("Dataset")) -> int:
    """Exercise solution: InputPath gives the path of the upstream file."""
    import json

    with open(numbers_path) as f:
        values = json.load(f)
    return values["a"] * values["b"]


@dsl.pipeline(name="file-passing-paths", description="Exercise: InputPath / OutputPath.")
def file_passing_paths_pipeline(a: int = 300, b: int = 10) -> int:
    """Exercise solution: the same pipeline with v1-style paths. The output keeps the
    parameter's full name, ``numbers_path``."""
    writer = write_numbers_with_path(a=a, b=b)
    return multiply_numbers_with_path(numbers_path=writer.outputs["numbers_path"]).output


# --8<-- [end:exercise_v1_paths]


EXAMPLES = [
    Example(file_passing_pipeline, {"a": 300, "b": 10}),
    Example(model_pipeline, {"count": 20, "x": 10.0}),
    Example(directory_pipeline, {"shards": 3, "rows_per_shard": 4}),
]

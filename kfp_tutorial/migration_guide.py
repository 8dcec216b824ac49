"""The KFP v1 → v2 migration guide's code: the v2 form of every v1 API that older tutorials use.

The guide (``lessons/{en,ko}/migration.md``) shows the old v1 code as static text (it does
not run with kfp 2) next to the v2 code below, included with ``--8<--`` sections.
:data:`MAPPING` is the guide's table (old API → new API → lesson that teaches it); a test
checks that both pages mention every row. :data:`EXAMPLES` are run for real by the tests
(``local=False``: compiled and checked, they need a cluster).

``python -m kfp_tutorial.migration_guide outline [--check]`` writes (or checks) the outline of a
compiled v2 spec that the guide shows, so the page shows what the compiler really produces.

Used in: the migration guide (after lesson 09).
"""

import argparse
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

from kfp import dsl, kubernetes
from kfp.dsl import (
    HTML,
    ClassificationMetrics,
    Dataset,
    Input,
    InputPath,
    Markdown,
    Metrics,
    Output,
)

from kfp_tutorial.lessons.common import BASE_IMAGE
from kfp_tutorial.registry import Example


@dataclass(frozen=True)
class MigrationRow:
    """One row of the migration table: the v1 API, its v2 form, the lesson that teaches it."""

    v1: str
    v2: str
    lesson: str  # a lesson name from the registry, e.g. "01-hello-world"


# The migration table. Both pages must mention every v1 and v2 name and link the lesson.
MAPPING: tuple[MigrationRow, ...] = (
    MigrationRow("create_component_from_func", "@dsl.component", "01-hello-world"),
    MigrationRow("func_to_container_op", "@dsl.component", "01-hello-world"),
    MigrationRow("ContainerOp", "@dsl.container_component", "01-hello-world"),
    MigrationRow("InputPath", "Input[Dataset]", "04-file-passing"),
    MigrationRow("OutputPath", "Output[Dataset]", "04-file-passing"),
    MigrationRow("mlpipeline_metrics", "Metrics", "05-metrics"),
    MigrationRow("mlpipeline_ui_metadata", "ClassificationMetrics", "05-metrics"),
    MigrationRow("mlpipeline_ui_metadata", "HTML", "06-visualizations"),
    MigrationRow("mlpipeline_ui_metadata", "Markdown", "06-visualizations"),
    MigrationRow("dsl.Condition", "dsl.If", "07-control-flow"),
    MigrationRow("dsl.Condition", "dsl.Elif", "07-control-flow"),
    MigrationRow("dsl.Condition", "dsl.Else", "07-control-flow"),
    MigrationRow("set_gpu_limit", "set_accelerator_limit", "08-resources"),
    MigrationRow("add_node_selector_constraint", "kubernetes.add_node_selector", "08-resources"),
    MigrationRow("VolumeOp", "kubernetes.CreatePVC", "08-resources"),
    MigrationRow("add_pvolumes", "kubernetes.mount_pvc", "08-resources"),
    MigrationRow("add_env_variable", "set_env_variable", "08-resources"),
    MigrationRow("use_gcp_secret", "kubernetes.use_secret_as_env", "08-resources"),
    MigrationRow("k8s_client.V1EnvVar", "kubernetes.use_secret_as_env", "08-resources"),
    MigrationRow("create_run_from_pipeline_func", "create_run_from_pipeline_func", "09-cluster"),
    MigrationRow("kind: Workflow", "deploymentSpec", "01-hello-world"),
)


# --8<-- [start:component]
@dsl.component(base_image=BASE_IMAGE)
def add(a: float, b: float) -> float:
    """v1: add_op = create_component_from_func(add)."""
    return a + b


@dsl.pipeline(name="migrated-add")
def add_pipeline(a: float = 1.0, b: float = 7.0) -> float:
    # keyword arguments only; 4.0 because `b` is a float
    first = add(a=a, b=4.0)
    second = add(a=first.output, b=b)
    return second.output


# --8<-- [end:component]


# --8<-- [start:packages]
@dsl.component(
    base_image=BASE_IMAGE,
    packages_to_install=["pandas==2.2.3"],  # as in v1
)
def describe_csv(csv_text: str) -> str:
    import io

    import pandas as pd

    table = pd.read_csv(io.StringIO(csv_text))
    return table.describe().to_string()


# --8<-- [end:packages]


# --8<-- [start:container]
@dsl.container_component
def write_greeting(name: str, greeting: dsl.OutputPath(str)):
    """v1: dsl.ContainerOp(..., file_outputs={...})."""
    return dsl.ContainerSpec(
        image=BASE_IMAGE,
        command=[
            "sh",
            "-c",
            'mkdir -p "$(dirname "$1")" && echo "Hello, $0!" | tee "$1"',
        ],
        args=[name, greeting],  # KFP picks greeting's path
    )


@dsl.pipeline(name="migrated-container")
def container_pipeline(name: str = "Kubeflow") -> str:
    task = write_greeting(name=name)
    return task.outputs["greeting"]


# --8<-- [end:container]


# --8<-- [start:artifacts]
@dsl.component(base_image=BASE_IMAGE)
def make_squares(rows: int, table: Output[Dataset]):
    """v1: table_path: OutputPath("CSV")."""
    with open(table.path, "w", encoding="utf-8") as f:
        f.write("x,square\n")
        for x in range(rows):
            f.write(f"{x},{x * x}\n")
    table.metadata["rows"] = rows  # artifacts carry metadata


@dsl.component(base_image=BASE_IMAGE)
def count_rows(table: Input[Dataset]) -> int:
    """Read the file through the artifact: table.path."""
    with open(table.path, encoding="utf-8") as f:
        return sum(1 for _ in f) - 1  # minus the header


@dsl.component(base_image=BASE_IMAGE)
def sum_squares(table_path: InputPath(Dataset)) -> int:
    """InputPath still exists: the argument is a path."""
    with open(table_path, encoding="utf-8") as f:
        next(f)  # header
        return sum(int(line.split(",")[1]) for line in f)


class FileOutputs(NamedTuple):
    rows: int
    total: int


@dsl.pipeline(name="migrated-files")
def file_pipeline(rows: int = 5) -> FileOutputs:
    squares = make_squares(rows=rows)
    table = squares.outputs["table"]
    counted = count_rows(table=table)  # as Input[Dataset]
    summed = sum_squares(table_path=table)  # as a path
    return FileOutputs(rows=counted.output, total=summed.output)


# --8<-- [end:artifacts]


# --8<-- [start:metrics]
@dsl.component(base_image=BASE_IMAGE)
def evaluate(
    labels: list,
    predictions: list,
    metrics: Output[Metrics],  # v1: mlpipeline_metrics
    confusion: Output[ClassificationMetrics],
    summary: Output[Markdown],
    report: Output[HTML],  # v1: mlpipeline_ui_metadata
) -> float:
    classes = sorted(set(labels) | set(predictions))
    matrix = [[0] * len(classes) for _ in classes]
    pairs = zip(labels, predictions, strict=True)
    for truth, guess in pairs:
        row, column = classes.index(truth), classes.index(guess)
        matrix[row][column] += 1
    right = sum(matrix[i][i] for i in range(len(classes)))
    accuracy = right / len(labels)

    # v1: {"metrics": [{"name": ..., "numberValue": ...}]}
    metrics.log_metric("accuracy", accuracy)
    # v1: {"type": "confusion_matrix", "source": csv, ...}
    confusion.log_confusion_matrix(classes, matrix)
    # v1: {"type": "markdown", "source": ...}
    with open(summary.path, "w", encoding="utf-8") as f:
        f.write(f"# Evaluation\n\naccuracy: **{accuracy:.2f}**\n")
    # v1: {"type": "web-app", "source": ...}
    with open(report.path, "w", encoding="utf-8") as f:
        f.write(f"<h1>Evaluation</h1><p>{accuracy:.2f}</p>")
    return accuracy


@dsl.pipeline(name="migrated-metrics")
def metrics_pipeline(
    labels: list = ["cat", "cat", "dog", "dog", "dog"],  # noqa: B006
    predictions: list = ["cat", "dog", "dog", "dog", "cat"],  # noqa: B006
) -> float:
    task = evaluate(labels=labels, predictions=predictions)
    return task.outputs["Output"]


# --8<-- [end:metrics]


# --8<-- [start:condition]
@dsl.component(base_image=BASE_IMAGE)
def score(correct: int, total: int) -> float:
    return 100.0 * correct / total


@dsl.component(base_image=BASE_IMAGE)
def announce(grade: str) -> str:
    print(f"grade: {grade}")
    return grade


@dsl.pipeline(name="migrated-condition")
def condition_pipeline(correct: int = 8, total: int = 10):
    result = score(correct=correct, total=total)
    # v1: with dsl.Condition(result.output >= 90):
    with dsl.If(result.output >= 90.0):
        announce(grade="A")
    # v1: a second Condition, both tests by hand
    with dsl.Elif(result.output >= 70.0):
        announce(grade="B")
    with dsl.Else():  # v1 had no else
        announce(grade="C")


# --8<-- [end:condition]


# --8<-- [start:gpu]
@dsl.component(base_image=BASE_IMAGE)
def train(epochs: int) -> str:
    return f"trained for {epochs} epochs"


@dsl.pipeline(name="migrated-gpu")
def gpu_pipeline(epochs: int = 3) -> str:
    task = train(epochs=epochs)
    # v1: add_node_selector_constraint(label, value): choose the T4 nodes
    kubernetes.add_node_selector(
        task,
        label_key="cloud.google.com/gke-accelerator",
        label_value="nvidia-tesla-t4",
    )
    # v1: set_gpu_limit(1); the resource's name is new in v2
    task.set_accelerator_type("nvidia.com/gpu").set_accelerator_limit(1)
    # same names as in v1
    task.set_cpu_limit("2").set_memory_limit("4G")
    return task.output


# --8<-- [end:gpu]


# --8<-- [start:env]
@dsl.component(base_image=BASE_IMAGE)
def read_env(name: str) -> str:
    import os

    return os.environ.get(name, "<not set>")


@dsl.pipeline(name="migrated-env")
def env_pipeline() -> str:
    task = read_env(name="GREETING")
    # v1: add_env_variable(V1EnvVar(name=..., value=...))
    task.set_env_variable("GREETING", "hello")
    return task.output


# --8<-- [end:env]


# --8<-- [start:volume]
@dsl.component(base_image=BASE_IMAGE)
def write_file(text: str):
    with open("/data/message.txt", "w", encoding="utf-8") as f:
        f.write(text)


@dsl.component(base_image=BASE_IMAGE)
def read_file() -> str:
    import os

    with open("/data/message.txt", encoding="utf-8") as f:
        text = f.read()
    has_password = bool(os.environ.get("DB_PASSWORD"))
    return f"{text} (password set: {has_password})"


@dsl.pipeline(name="migrated-volume")
def volume_pipeline(text: str = "kept on a volume") -> str:
    pvc = kubernetes.CreatePVC(  # v1: dsl.VolumeOp(...)
        pvc_name_suffix="-data",
        access_modes=["ReadWriteOnce"],
        size="1Gi",
        storage_class_name="standard",  # kind's default
    )
    pvc_name = pvc.outputs["name"]
    write = write_file(text=text)
    # v1: .add_pvolumes({"/data": vop.volume})
    kubernetes.mount_pvc(write, pvc_name=pvc_name, mount_path="/data")
    read = read_file().after(write)
    kubernetes.mount_pvc(read, pvc_name=pvc_name, mount_path="/data")
    # v1: use_gcp_secret(...) or V1EnvVar(value_from=...)
    kubernetes.use_secret_as_env(
        read,
        secret_name="db-credentials",
        secret_key_to_env={"password": "DB_PASSWORD"},
    )
    kubernetes.DeletePVC(pvc_name=pvc_name).after(read)
    return read.output


# --8<-- [end:volume]


# --8<-- [start:client]
def submit(
    pipeline: Callable[..., Any],
    arguments: Mapping[str, Any],
    host: str = "http://localhost:8080",
) -> str:
    """Submit ``pipeline`` to a KFP endpoint; return the run id."""
    import kfp

    client = kfp.Client(host=host)
    # the same method as in v1
    run = client.create_run_from_pipeline_func(
        pipeline,
        arguments=dict(arguments),  # typed: 1.0 for a float
        experiment_name="migration-guide",
        # v1 turned caching off per task, with an annotation
        enable_caching=False,
    )
    return str(run.run_id)


# --8<-- [end:client]


# --8<-- [start:compile]
def compile_add_pipeline(path: str | Path = "add.yaml") -> Path:
    """Write add_pipeline as pipeline spec (IR) YAML."""
    from kfp import compiler

    # the same call as in v1, which wrote an Argo Workflow
    compiler.Compiler().compile(add_pipeline, package_path=str(path))
    return Path(path)


# --8<-- [end:compile]


EXAMPLES = [
    Example(add_pipeline, {"a": 1.0, "b": 7.0}),
    Example(container_pipeline, {"name": "Kubeflow"}, local=False),
    Example(file_pipeline, {"rows": 5}),
    Example(metrics_pipeline),
    Example(condition_pipeline, {"correct": 8, "total": 10}),
    Example(gpu_pipeline, {"epochs": 3}),
    Example(env_pipeline),
    Example(volume_pipeline, local=False),
]

# The compiled spec whose outline the guide shows: it has a platform (Kubernetes) part too.
OUTLINE_PIPELINE = volume_pipeline
OUTLINE_PATH = Path("lessons/data/migration-spec-outline.yaml")


def spec_outline(pipeline: Callable[..., Any] = OUTLINE_PIPELINE, depth: int = 3) -> str:
    """The compiled spec of ``pipeline`` as YAML: the pipeline spec cut to ``depth`` levels
    (deeper values replaced by ``...``), then the Kubernetes platform spec in full.

    Everything comes from the real compiler output, so the guide cannot drift from kfp.
    """
    import yaml

    from kfp_tutorial.spec.compiler import compile_pipeline

    compiled = compile_pipeline(pipeline)

    def cut(value: Any, level: int) -> Any:
        if level >= depth and isinstance(value, dict | list) and value:
            return "..."
        if isinstance(value, dict):
            return {k: cut(v, level + 1) for k, v in value.items()}
        if isinstance(value, list):
            return [cut(v, level + 1) for v in value]
        return value

    header = (
        "# Generated by `python -m kfp_tutorial.migration_guide outline` from the compiled\n"
        f"# `{compiled.name}` pipeline (kfp {_kfp_version()}). First document: the pipeline\n"
        f"# spec, cut to {depth} levels ('...'); second: the Kubernetes platform spec, in full.\n"
    )
    docs = [cut(compiled.spec, 0)] + ([compiled.platform] if compiled.platform else [])
    body = "---\n".join(
        yaml.safe_dump(doc, sort_keys=False, allow_unicode=True, width=100) for doc in docs
    )
    return header + body


def _kfp_version() -> str:
    import kfp

    return str(kfp.__version__)


def main(argv: list[str] | None = None) -> int:
    """``outline [--check]``: write or check ``lessons/data/migration-spec-outline.yaml``."""
    from kfp_tutorial.output_files import make_parent, write_atomic

    parser = argparse.ArgumentParser(prog="python -m kfp_tutorial.migration_guide")
    sub = parser.add_subparsers(dest="command", required=True)
    p_outline = sub.add_parser("outline", help="write the compiled-spec outline the guide shows")
    p_outline.add_argument("--check", action="store_true", help="exit 1 if the file is stale")
    p_outline.add_argument("-o", "--output", default=str(OUTLINE_PATH))
    args = parser.parse_args(argv)
    path = Path(args.output)
    text = spec_outline()
    if args.check:
        current = path.read_text(encoding="utf-8") if path.is_file() else ""
        if current != text:
            print(f"{path} is out of date: run python -m kfp_tutorial.migration_guide outline")
            return 1
        print(f"{path} is up to date")
        return 0
    make_parent(path)
    write_atomic(path, text)
    print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

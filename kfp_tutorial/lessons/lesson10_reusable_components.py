"""Lesson 10: reusable components. Component YAML, richer inputs and outputs, pipelines
as components, ``dsl.importer``, names and placeholders, containerized components and
plain ``kfp.local``; from kfp 2.15: helpers shared with ``additional_funcs``, notebook
components, and a run's workspace (``PipelineConfig(workspace=...)``, importer
``download_to_workspace``).

``scale`` is compiled to YAML and loaded back (:data:`shared_scale`): that YAML file is
what a team shares, the v2 form of the v1 posts' "convert to Kubeflow format" step.
Used in: lesson 10.
"""

import http.server
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import Path

# The KFP docs and samples write Optional[...] and List[...]; kfp 2.17 reads both forms.
from typing import Any, List, NamedTuple, Optional  # noqa: UP035

from kfp import compiler, components, dsl
from kfp.dsl import Artifact, Dataset, Input, Markdown, Output

from kfp_tutorial.lessons.common import BASE_IMAGE
from kfp_tutorial.registry import Example


# --8<-- [start:scale]
@dsl.component(base_image=BASE_IMAGE)
def scale(value: float, factor: float) -> float:
    """Multiply a value by a factor: the component this lesson shares as YAML."""
    return value * factor


# --8<-- [end:scale]


# --8<-- [start:share_yaml]
def save_component(component: Any, path: str | Path) -> Path:
    """Compile one component (not a pipeline) to a YAML file that others can load."""
    compiler.Compiler().compile(component, package_path=str(path))
    return Path(path)


def load_shared_component(path: str | Path) -> Any:
    """Load a component from a YAML file; the result is called like any component."""
    return components.load_component_from_file(str(path))


# --8<-- [end:share_yaml]


def component_yaml(component: Any) -> str:
    """The YAML text of a compiled component (compiled in a temporary folder).

    Used in: lesson 10, to build :data:`shared_scale` when the module is imported.
    """
    with tempfile.TemporaryDirectory() as folder:
        return save_component(component, Path(folder) / "component.yaml").read_text(encoding="utf-8")


# --8<-- [start:load_text]
# The same YAML, loaded from text (it could come from a database or a Git API).
shared_scale = components.load_component_from_text(component_yaml(scale))


@dsl.pipeline(name="shared-component", description="A component loaded from YAML.")
def shared_component_pipeline(value: float = 2.5, factor: float = 4.0) -> float:
    """The loaded component is used exactly like the Python one."""
    return shared_scale(value=value, factor=factor).output


# --8<-- [end:load_text]


# --8<-- [start:load_url]
@contextmanager
def serve_folder(folder: str | Path) -> Iterator[str]:
    """Serve a folder over HTTP on 127.0.0.1 while the block runs; yield its base URL.

    ``load_component_from_url`` fetches with ``requests``, which has no ``file://``
    support, so a local web server stands in for a team's web or Git server.
    """

    class QuietHandler(http.server.SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:  # no line per request
            pass

    handler = partial(QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def load_from_url(url: str) -> Any:
    """Load a component from an http(s):// URL (``gs://`` works too, for public objects)."""
    return components.load_component_from_url(url)


# --8<-- [end:load_url]


# --8<-- [start:outputs_components]
@dsl.component(base_image=BASE_IMAGE)
def describe(
    values: list,
) -> NamedTuple("Summary", [("total", float), ("mean", float), ("count", int)]):
    """Several named outputs: each field of the NamedTuple is an output of its own."""
    from collections import namedtuple

    Summary = namedtuple("Summary", ["total", "mean", "count"])
    total = float(sum(values))
    return Summary(total, total / len(values), len(values))


@dsl.component(base_image=BASE_IMAGE)
def label(mean: float, unit: Optional[str] = None, notes: Input[Artifact] = None) -> str:  # noqa: UP045
    """Optional inputs: ``unit`` may be left out, and so may the ``notes`` artifact."""
    text = f"mean {mean}" if unit is None else f"mean {mean} {unit}"
    if notes is not None:  # no artifact given: notes is None
        with open(notes.path) as f:
            text += f" ({f.readline().strip()})"
    return text


# --8<-- [end:outputs_components]


# --8<-- [start:outputs_pipeline]
@dsl.pipeline(name="named-outputs", description="NamedTuple outputs and optional inputs.")
def outputs_pipeline(values: list = [2.0, 4.0, 9.0]) -> str:  # noqa: B006 - a pipeline default
    """Read the outputs by name; call `label` without and with its optional inputs."""
    summary = describe(values=values)
    label(mean=summary.outputs["mean"])  # unit and notes left out
    return label(mean=summary.outputs["mean"], unit="cm").output


# --8<-- [end:outputs_pipeline]


# --8<-- [start:collected_components]
@dsl.component(base_image=BASE_IMAGE)
def make_shard(index: int, shard: Output[Dataset]):
    """Write shard number ``index`` with index + 1 rows."""
    with open(shard.path, "w") as f:
        for row in range(index + 1):
            f.write(f"{index},{row}\n")
    shard.metadata["rows"] = index + 1


@dsl.component(base_image=BASE_IMAGE)
def merge_shards(shards: Input[List[Dataset]]) -> int:  # noqa: UP006
    """A list of artifacts as one input: every shard the loop wrote."""
    total = 0
    for shard in shards:
        with open(shard.path) as f:
            total += sum(1 for _ in f)
    print(f"{len(shards)} shards, {total} rows")
    return total


@dsl.pipeline(name="collected-artifacts", description="Fan in the artifacts of a loop.")
def collected_pipeline(shards: list = [0, 1, 2]) -> int:  # noqa: B006 - a pipeline default
    """dsl.Collected gathers the loop's artifacts into one List[Dataset] input."""
    with dsl.ParallelFor(items=shards) as index:
        shard = make_shard(index=index)
    return merge_shards(shards=dsl.Collected(shard.outputs["shard"])).output


# --8<-- [end:collected_components]


# --8<-- [start:nested_pipeline]
@dsl.component(base_image=BASE_IMAGE)
def add(a: float, b: float) -> float:
    """Add two numbers."""
    return a + b


@dsl.pipeline(name="prepare")
def prepare_pipeline(x: float) -> float:
    """A pipeline with an output: usable as one task of another pipeline."""
    scaled = scale(value=x, factor=10.0)
    return add(a=scaled.output, b=1.0).output


@dsl.pipeline(name="nested", description="A pipeline used as a task of another pipeline.")
def nested_pipeline(x: float = 1.0) -> float:
    """prepare_pipeline runs as a sub-DAG; its output feeds the next task."""
    prepared = prepare_pipeline(x=x).set_display_name("prepare the input")
    return scale(value=prepared.output, factor=2.0).output


# --8<-- [end:nested_pipeline]


# --8<-- [start:importer_pipeline]
@dsl.component(base_image=BASE_IMAGE)
def count_rows(data: Input[Dataset]) -> int:
    """Count the data rows of a CSV file (the header is not a row)."""
    print(f"{data.uri}: metadata {data.metadata}")
    with open(data.path) as f:
        return sum(1 for _ in f) - 1


@dsl.pipeline(name="importer", description="Bring an existing file in as an artifact.")
def importer_pipeline(uri: str) -> int:
    """The importer makes no file: it registers one that already exists, with metadata."""
    imported = dsl.importer(
        artifact_uri=uri,  # locally a path; on a cluster s3://..., gs://, minio://...
        artifact_class=Dataset,
        reimport=False,  # the same URI is registered once and reused
        metadata={"source": "lesson 10 sample"},
    )
    label(mean=0.5, notes=imported.output)  # an imported artifact is an artifact like any other
    return count_rows(data=imported.output).output


# --8<-- [end:importer_pipeline]


def sample_data_file(folder: str | Path | None = None) -> str:
    """Write the small CSV file the importer example brings in; return its path.

    Used in: lesson 10 (the importer example, its notebook and tests).
    """
    target = Path(folder) if folder else Path(tempfile.gettempdir()) / "kfp-tutorial-lesson10"
    target.mkdir(parents=True, exist_ok=True)
    path = target / "measurements.csv"
    path.write_text("x,y\n1,2\n2,4\n3,6\n4,8\n", encoding="utf-8")
    return str(path)


# --8<-- [start:additional_funcs]
def to_celsius(fahrenheit: float) -> float:
    """A plain helper that two components share (not a component itself)."""
    return round((fahrenheit - 32.0) * 5.0 / 9.0, 2)


@dsl.component(base_image=BASE_IMAGE, additional_funcs=[to_celsius])
def convert_readings(readings: list) -> list:
    """kfp 2.15+: the helper's source goes into this component's program."""
    return [to_celsius(value) for value in readings]


@dsl.component(base_image=BASE_IMAGE, additional_funcs=[to_celsius])
def warmest_celsius(readings: list) -> float:
    return to_celsius(max(readings))


@dsl.pipeline(name="shared-helper", description="Two components share a helper function.")
def shared_helper_pipeline(readings: list = [212.0, 32.0, 98.6]) -> float:  # noqa: B006
    convert_readings(readings=readings)
    return warmest_celsius(readings=readings).output


# --8<-- [end:additional_funcs]


# The notebook the notebook component embeds: shipped beside this module.
REPORT_NOTEBOOK = Path(__file__).with_name("lesson10_report.ipynb")
# What the notebook needs in the task's image; the same versions the course installs, so a
# local run (SubprocessRunner, use_venv=False) installs nothing into your environment.
NOTEBOOK_PACKAGES = ["nbclient==0.11.0", "ipykernel==7.4.0"]


# --8<-- [start:notebook_component]
@dsl.notebook_component(
    notebook_path=str(REPORT_NOTEBOOK),  # embedded in the component when it is defined
    base_image=BASE_IMAGE,
    packages_to_install=NOTEBOOK_PACKAGES,  # not kfp's default: it pins ipykernel<7
)
def notebook_report(values: list, report: Output[Markdown]):
    """Run the notebook with these parameters; it writes the report file."""
    dsl.run_notebook(values=values, report_path=report.path)


@dsl.pipeline(name="notebook-report", description="A notebook as one task of a pipeline.")
def notebook_pipeline(values: list = [2.0, 4.0, 9.0]):  # noqa: B006
    notebook_report(values=values)


# --8<-- [end:notebook_component]


# --8<-- [start:workspace_pipeline]
@dsl.component(base_image=BASE_IMAGE)
def write_shared(text: str, workspace: str) -> str:
    """Write a file into the run's workspace; return its name, not its content."""
    import os

    with open(os.path.join(workspace, "notes.txt"), "w") as f:
        f.write(text)
    return "notes.txt"


@dsl.component(base_image=BASE_IMAGE)
def read_shared(name: str, workspace: str, data: Input[Dataset]) -> str:
    """Read the file another task left in the workspace, and an imported artifact."""
    import os

    with open(os.path.join(workspace, name)) as f:
        notes = f.read()
    with open(data.path) as f:
        rows = sum(1 for _ in f) - 1
    return f"{notes}; {rows} rows"


@dsl.pipeline(
    name="workspace",
    description="Tasks of one run share a folder: the workspace.",
    pipeline_config=dsl.PipelineConfig(workspace=dsl.WorkspaceConfig(size="1Gi")),
)
def workspace_pipeline(uri: str, text: str = "written by the first task") -> str:
    written = write_shared(text=text, workspace=dsl.WORKSPACE_PATH_PLACEHOLDER)
    imported = dsl.importer(
        artifact_uri=uri,
        artifact_class=Dataset,
        download_to_workspace=True,  # on a cluster: copied into the workspace first
    )
    return read_shared(
        name=written.output, workspace=dsl.WORKSPACE_PATH_PLACEHOLDER, data=imported.output
    ).output


# --8<-- [end:workspace_pipeline]


# --8<-- [start:names_pipeline]
@dsl.component(base_image=BASE_IMAGE)
def where_am_i(job: str, task: str, root: str) -> str:
    """KFP fills in the placeholders when the task runs."""
    text = f"job {job}, task {task}, root {root}"
    print(text)
    return text


@dsl.component(base_image=BASE_IMAGE)
def announce(message: str) -> str:
    """Print a message and return it."""
    print(message)
    return message


@dsl.pipeline(name="names", description="Display names, placeholders, a message with an output.")
def names_pipeline(a: float = 4.0, b: float = 6.0) -> str:
    """A task's output inside an f-string becomes part of the message at run time."""
    where_am_i(
        job=dsl.PIPELINE_JOB_NAME_PLACEHOLDER,
        task=dsl.PIPELINE_TASK_NAME_PLACEHOLDER,
        root=dsl.PIPELINE_ROOT_PLACEHOLDER,
    ).set_display_name("where am I")
    total = add(a=a, b=b).set_display_name("add a and b")
    return announce(message=f"the sum is {total.output}").output


# --8<-- [end:names_pipeline]


# --8<-- [start:containerized]
@dsl.component(
    base_image=BASE_IMAGE,
    # `kfp component build` bakes this file into the image; the spec names the image.
    target_image="registry.example.com/kfp-tutorial/scale:1.0",
)
def scale_in_image(value: float, factor: float) -> float:
    """A containerized Python component: its code lives in the image, not in the spec."""
    return value * factor


@dsl.component(
    # a GPU needs CUDA in the image: start from an image that has CUDA and Python
    base_image="pytorch/pytorch:2.5.1-cuda12.4-cudnn9-runtime",
    target_image="registry.example.com/kfp-tutorial/gpu-check:1.0",
)
def gpu_check() -> str:
    """Report whether CUDA sees a GPU (needs the image built from the CUDA base image)."""
    import torch  # type: ignore[import-not-found]  # in the image, not in the course's environment

    return f"cuda available: {torch.cuda.is_available()}"


@dsl.pipeline(name="containerized", description="Components whose code is in their image.")
def containerized_pipeline(value: float = 2.5) -> float:
    """Runs on a cluster once the images are built and pushed."""
    gpu_check().set_accelerator_type("nvidia.com/gpu").set_accelerator_limit(1)
    return scale_in_image(value=value, factor=4.0).output


# --8<-- [end:containerized]


# --8<-- [start:run_alone]
def run_alone(pipeline_root: str) -> float:
    """Run one component by itself, outside any pipeline (new in KFP v2)."""
    from kfp import local

    local.init(runner=local.SubprocessRunner(use_venv=False), pipeline_root=pipeline_root)
    task = scale(value=2.5, factor=4.0)  # runs now, in a subprocess
    return task.output  # the value, not a placeholder


# --8<-- [end:run_alone]


# --8<-- [start:exercise_sub_outputs]
class Bounds(NamedTuple):
    low: float
    high: float


@dsl.pipeline(name="bounds")
def bounds_pipeline(x: float) -> Bounds:
    """Exercise solution: a pipeline with two named outputs."""
    low = scale(value=x, factor=0.5)
    high = scale(value=x, factor=2.0)
    return Bounds(low=low.output, high=high.output)


@dsl.pipeline(name="bounds-width", description="Exercise: use both outputs of a sub-pipeline.")
def bounds_width_pipeline(x: float = 4.0) -> float:
    """Exercise solution: the sub-DAG's outputs are read by name, like a component's."""
    bounds = bounds_pipeline(x=x)
    return add(a=bounds.outputs["high"], b=scale(value=bounds.outputs["low"], factor=-1.0).output).output


# --8<-- [end:exercise_sub_outputs]


# --8<-- [start:exercise_alone]
def describe_alone(pipeline_root: str, values: list[float]) -> dict[str, Any]:
    """Exercise solution: a component with NamedTuple outputs, run by itself."""
    from kfp import local

    local.init(runner=local.SubprocessRunner(use_venv=False), pipeline_root=pipeline_root)
    task = describe(values=values)
    return dict(task.outputs)


# --8<-- [end:exercise_alone]


EXAMPLES = [
    Example(shared_component_pipeline, {"value": 2.5, "factor": 4.0}),
    Example(outputs_pipeline, {"values": [2.0, 4.0, 9.0]}),
    Example(collected_pipeline, {"shards": [0, 1, 2]}),
    Example(nested_pipeline, {"x": 1.0}),
    # the file is written when the module is imported, so `kfp-tutorial run` finds it
    Example(importer_pipeline, {"uri": sample_data_file()}),
    Example(names_pipeline, {"a": 4.0, "b": 6.0}),
    Example(shared_helper_pipeline, {"readings": [212.0, 32.0, 98.6]}),
    Example(notebook_pipeline, {"values": [2.0, 4.0, 9.0]}),
    Example(workspace_pipeline, {"uri": sample_data_file(), "text": "written by the first task"}),
    # the images must be built and pushed first; the GPU task needs a GPU node
    Example(containerized_pipeline, {"value": 2.5}, local=False, on_kind=False),
]

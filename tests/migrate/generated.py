"""A corpus of KFP v1 programs written the ways v1 material writes them, generated.

Our own writing, never copied: each program is assembled from pieces in one of four
styles that public v1 material uses (the Korean MLOps book and blog posts: comments and
descriptions in Korean, ``kfp.components as comp``, ``OutputPath("CSV")``; the SDK samples:
``dsl.ContainerOp`` factories with ``file_outputs``; company code: several pipelines in one
file, ``functools.partial`` factories, settings on every task; notebooks: the same code split
into cells with ``!pip install kfp==1.8.22``). A seeded random choice of components and of
the constructs around them (conditions and opposite pairs, loops over lists and dicts, exit
handlers, ``.after``, GPUs, node selectors, environment variables, volumes, secrets,
retries, caching, placeholders, compiler and client calls) makes each program different;
:func:`programs` returns the same ~90 every time.

Used in: tests/migrate/test_generated_corpus.py (the measurement) and benchmarks/ (lines per second).
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass, field

SEED = 20261205
COUNT = 90


@dataclass
class Program:
    """One generated v1 program: its file name, source, and the constructs it uses."""

    name: str
    source: str
    constructs: set[str] = field(default_factory=set)
    notebook: bool = False

    def text(self) -> str:
        """The file's text (a notebook's JSON for notebooks)."""
        if not self.notebook:
            return self.source
        cells = [
            {
                "cell_type": "markdown",
                "metadata": {},
                "source": [f"# {self.name}\n", "KFP v1 실습 노트북\n"],
            }
        ]
        cells.append(_code_cell("!pip install kfp==1.8.22 --quiet\n"))
        for chunk in self.source.split("\n\n\n"):
            if chunk.strip():
                cells.append(_code_cell(chunk.strip("\n") + "\n"))
        return json.dumps(
            {
                "cells": cells,
                "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3"}},
                "nbformat": 4,
                "nbformat_minor": 5,
            },
            indent=1,
            ensure_ascii=False,
        )


def _code_cell(source: str) -> dict[str, object]:
    return {
        "cell_type": "code",
        "metadata": {},
        "execution_count": None,
        "outputs": [],
        "source": source.splitlines(keepends=True),
    }


# Lightweight components: (name, source, inputs, outputs). Inputs: name -> kind; outputs:
# name -> kind ("value" a returned value, "file" an OutputPath).
_COMPONENTS = {
    "load_data": (
        """def load_data(rows: int, data_path: OutputPath("CSV")):
    {comment}
    with open(data_path, "w") as f:
        f.write("x,y\\n")
        for i in range(rows):
            f.write(f"{{i}},{{2 * i + 1}}\\n")
""",
        {"rows": "int"},
        {"data": "file"},
    ),
    "train": (
        """def train(data_path: InputPath("CSV"), model_path: OutputPath("Model"), epochs: int = 3):
    {comment}
    with open(data_path) as f:
        rows = f.read().splitlines()[1:]
    with open(model_path, "w") as f:
        f.write(f"model trained {{epochs}} epochs on {{len(rows)}} rows")
""",
        {"data": "file", "epochs": "int"},
        {"model": "file"},
    ),
    "evaluate": (
        """def evaluate(model_path: InputPath("Model"), mlpipeline_metrics_path: OutputPath("Metrics")):
    import json

    {comment}
    with open(model_path) as f:
        score = len(f.read()) / 100
    metrics = {{"metrics": [{{"name": "accuracy", "numberValue": score, "format": "PERCENTAGE"}}]}}
    with open(mlpipeline_metrics_path, "w") as f:
        json.dump(metrics, f)
""",
        {"model": "file"},
        {"mlpipeline_metrics": "file"},
    ),
    "show_report": (
        """def show_report(title: str, mlpipeline_ui_metadata_path: OutputPath()):
    import json

    {comment}
    metadata = {{"outputs": [{{"type": "markdown", "storage": "inline", "source": "# " + title}}]}}
    with open(mlpipeline_ui_metadata_path, "w") as f:
        json.dump(metadata, f)
""",
        {"title": "str"},
        {"mlpipeline_ui_metadata": "file"},
    ),
    "add": (
        """def add(a: float, b: float) -> float:
    {comment}
    return a + b
""",
        {"a": "float", "b": "float"},
        {"Output": "float"},
    ),
    "flip_coin": (
        """def flip_coin() -> str:
    import random

    {comment}
    return random.choice(["heads", "tails"])
""",
        {},
        {"Output": "str"},
    ),
    "print_text": (
        """def print_text(text: str):
    {comment}
    print(text)
""",
        {"text": "str"},
        {},
    ),
    "summarize": (
        """def summarize(data_path: InputPath("CSV"), summary_path: OutputPath("dict")):
    import json

    {comment}
    with open(data_path) as f:
        rows = f.read().splitlines()[1:]
    with open(summary_path, "w") as f:
        json.dump({{"rows": len(rows)}}, f)
""",
        {"data": "file"},
        {"summary": "file"},
    ),
    "statistics": (
        """def statistics(values: list) -> NamedTuple("Outputs", [("mean", float), ("count", int)]):
    from collections import namedtuple

    {comment}
    mean = sum(values) / len(values)
    return namedtuple("Outputs", ["mean", "count"])(mean, len(values))
""",
        {"values": "list"},
        {"mean": "float", "count": "int"},
    ),
    "square": (
        """def square(x: int) -> int:
    {comment}
    return x * x
""",
        {"x": "int"},
        {"Output": "int"},
    ),
}

_COMMENTS = {
    "book": ["# 데이터를 준비합니다", "# 학습 단계", "# 결과를 계산합니다", "# 간단한 예제 컴포넌트"],
    "blog": ["# step of the tutorial", "# TODO: use real data here", "# simple on purpose"],
    "sample": ['"""A sample component."""'],
    "company": [
        '"""Part of the team pipeline (owner: ml-platform)."""',
        "# keep in sync with the service",
    ],
}


def _wrap(
    rng: random.Random, style: str, name: str, image: str, partial_name: str | None
) -> tuple[str, str, str]:
    """How the program turns function ``name`` into a v1 component: (code placed after the
    function, decorator placed before it, the name the pipeline calls)."""
    if partial_name is not None and rng.random() < 0.7:
        return "", f"@{partial_name}\n", name
    choice = rng.choice(["comp", "create", "func_to", "decorator", "file"])
    if choice == "decorator":
        return "", "@func_to_container_op\n", name
    if choice == "comp":
        return (
            f'{name}_op = comp.create_component_from_func({name}, base_image="{image}")\n',
            "",
            f"{name}_op",
        )
    if choice == "func_to":
        return f"{name}_op = func_to_container_op({name})\n", "", f"{name}_op"
    if choice == "file":
        return (
            f"{name}_op = create_component_from_func(\n"
            f'    {name}, base_image="{image}", output_component_file="{name}.yaml"\n)\n',
            "",
            f"{name}_op",
        )
    return (
        f'{name}_op = create_component_from_func({name}, packages_to_install=["pandas==2.2.0"])\n',
        "",
        f"{name}_op",
    )


def _container_factories(rng: random.Random) -> tuple[str, dict[str, tuple[str, bool]]]:
    """ContainerOp factories the sample style writes: code, {factory: (output, positional)}."""
    code = []
    made: dict[str, tuple[str, bool]] = {}
    if rng.random() < 0.8:
        code.append(
            """def download_op(url):
    return dsl.ContainerOp(
        name="download",
        image="alpine:3.19",
        command=["sh", "-c"],
        arguments=["echo fetched %s > /tmp/data.txt" % url],
        file_outputs={"data": "/tmp/data.txt"},
    )
"""
        )
        made["download_op"] = ("data", True)
    if rng.random() < 0.8:
        code.append(
            """def word_count_op(text):
    return dsl.ContainerOp(
        name="word-count",
        image="alpine:3.19",
        command=["sh", "-c", 'echo "$0" | wc -w > /tmp/count.txt'],
        arguments=[text],
        file_outputs={"count": "/tmp/count.txt"},
    )
"""
        )
        made["word_count_op"] = ("count", True)
    code.append(
        """def echo_op(text):
    return dsl.ContainerOp(name="echo", image="alpine:3.19", command=["echo"], arguments=[text])
"""
    )
    made["echo_op"] = ("", True)
    return "\n\n".join(code), made


def _pipeline_body(
    rng: random.Random,
    calls: dict[str, str],
    constructs: set[str],
    factories: dict[str, tuple[str, bool]],
) -> tuple[list[str], list[str]]:
    """Statements of a pipeline body and its parameters, from the components available."""
    lines: list[str] = []
    params = ["rows: int = 5"] if rng.random() < 0.5 else ["rows=5"]
    has = calls.__contains__
    data = None
    if has("load_data"):
        lines.append(
            f"data = {calls['load_data']}(rows=rows)"
            if rng.random() < 0.5
            else f"data = {calls['load_data']}(rows)"
        )
        data = "data.outputs['data']"
    if has("train") and data:
        lines.append(f"model = {calls['train']}({data}, epochs=2)")
        if has("evaluate"):
            lines.append(f"{calls['evaluate']}(model.outputs['model'])")
        if rng.random() < 0.4:
            constructs.add("gpu")
            lines.append("model.set_gpu_limit(1)")
            if rng.random() < 0.5:
                constructs.add("node_selector")
                lines.append(
                    "model.add_node_selector_constraint("
                    '"cloud.google.com/gke-accelerator", "nvidia-tesla-t4")'
                )
        if rng.random() < 0.5:
            constructs.add("resources")
            lines.append('model.set_memory_limit("2G").set_cpu_limit("1")')
        if rng.random() < 0.3:
            constructs.add("env")
            lines.append('model.add_env_variable(V1EnvVar(name="EPOCHS", value="2"))')
        if rng.random() < 0.3:
            constructs.add("retry")
            lines.append("model.set_retry(2)")
    if has("summarize") and data:
        lines.append(f"{calls['summarize']}({data})")
    if has("show_report"):
        lines.append(f'{calls["show_report"]}("weekly report")')
    if has("add"):
        params.append(rng.choice(["a: float = 1.0", "a=1", "a: float = 2"]))
        lines.append(f"total = {calls['add']}(a, 4)")
        lines.append(f"{calls['add']}(total.output, b=2)")
    if has("statistics"):
        lines.append(f"stats = {calls['statistics']}([1.0, 2.0, 3.0])")
        if has("print_text") and rng.random() < 0.5:
            lines.append(f"{calls['print_text']}('statistics ready').after(stats)")
            constructs.add("after")
    if has("flip_coin") and has("print_text"):
        lines.append(f"coin = {calls['flip_coin']}()")
        constructs.add("condition")
        lines.append("with dsl.Condition(coin.output == 'heads'):")
        lines.append(f"    {calls['print_text']}('heads!')")
        if rng.random() < 0.6:
            constructs.add("condition_pair")
            lines.append("with dsl.Condition(coin.output != 'heads'):")
            lines.append(f"    {calls['print_text']}('tails!')")
    if has("square") and rng.random() < 0.7:
        constructs.add("parallel_for")
        items = rng.choice(["[1, 2, 3]", "[{'x': 1}, {'x': 2}]"])
        keyword = "loop_args=" if rng.random() < 0.5 else ""
        lines.append(f"with dsl.ParallelFor({keyword}{items}) as item:")
        lines.append(f"    {calls['square']}({'item.x' if 'x' in items else 'item'})")
    elif has("square"):
        lines.append(f"sq = {calls['square']}(3)")
        if has("print_text"):
            lines.append(f"{calls['print_text']}('done').after(sq)")
            constructs.add("after")
    for factory in factories:
        if factory == "download_op":
            params.append('url: str = "https://example.com/data.csv"')
            lines.append("fetched = download_op(url)")
            if "word_count_op" in factories:
                lines.append("counted = word_count_op(fetched.outputs['data'])")
                lines.append("echo_op(counted.output)")
        elif factory == "echo_op" and rng.random() < 0.4:
            constructs.add("placeholder")
            lines.append("echo_op(dsl.RUN_ID_PLACEHOLDER)")
    if rng.random() < 0.2 and lines:
        constructs.add("caching")
        first_var = next(
            (line.split(" = ")[0] for line in lines if " = " in line and not line.startswith(" ")), None
        )
        if first_var:
            lines.append(f'{first_var}.execution_options.caching_strategy.max_cache_staleness = "P0D"')
    if rng.random() < 0.15:
        constructs.add("volume")
        lines.append(
            'vop = dsl.VolumeOp(name="create-pvc", resource_name="shared", size="1Gi", '
            "modes=dsl.VOLUME_MODE_RWO)"
        )
        lines.append(
            'dsl.ContainerOp(name="use-volume", image="alpine:3.19", command=["ls", "/mnt"], '
            'pvolumes={"/mnt": vop.volume})'
        )
    if rng.random() < 0.15 and " = " in "".join(lines):
        constructs.add("secret")
        var = next(line.split(" = ")[0] for line in lines if " = " in line and not line.startswith(" "))
        lines.append(
            f'{var}.apply(use_k8s_secret(secret_name="s3-creds", k8s_secret_key_to_env={{"key": "AWS_ACCESS_KEY_ID"}}))'
        )
    if not lines:
        lines.append("echo_op('hello')" if "echo_op" in factories else "pass")
    return lines, params


def _program(index: int, rng: random.Random) -> Program:
    style = ["book", "blog", "sample", "company", "notebook"][index % 5]
    notebook = style == "notebook"
    if notebook:
        style = rng.choice(["book", "blog"])
    constructs: set[str] = {f"style:{style}"}
    image = rng.choice(["python:3.9", "python:3.10-slim", "python:3.11"])
    names = rng.sample(sorted(_COMPONENTS), k=rng.randint(2, 5))
    if rng.random() < 0.5:
        names = sorted(set(names) | {"load_data", "train"})
    if "train" in names and "load_data" not in names:
        names.append("load_data")
    if "flip_coin" in names and "print_text" not in names:
        names.append("print_text")
    partial_name = "component" if style == "company" and rng.random() < 0.7 else None
    header = []
    if style == "book":
        header.append("# -*- coding: utf-8 -*-\n# KFP 실습: 컴포넌트와 파이프라인 만들기")
    elif style == "blog":
        header.append('"""Kubeflow Pipelines tutorial, part %d."""' % (index % 7 + 1))
    elif style == "company":
        header.append('"""Team pipelines. Do not edit the compiled YAML by hand."""')
    imports = ["import kfp"]
    imports.append(rng.choice(["import kfp.components as comp", "from kfp import components as comp"]))
    imports.append("from kfp import dsl" if rng.random() < 0.7 else "import kfp.dsl as dsl")
    imports.append(
        "from kfp.components import InputPath, OutputPath, create_component_from_func, func_to_container_op"
    )
    extra: list[str] = []
    if partial_name:
        imports.insert(0, "import functools")
        extra.append(
            f'{partial_name} = functools.partial(create_component_from_func, base_image="{image}", packages_to_install=["numpy"])'
        )
        constructs.add("partial")
    if "statistics" in names:
        imports.insert(0, "from typing import NamedTuple")
    imports.append("from kubernetes.client.models import V1EnvVar")
    imports.append("from kfp.onprem import use_k8s_secret")
    parts = ["\n".join(header), "\n".join(imports) + ("\n\n" + "\n".join(extra) if extra else "")]
    calls: dict[str, str] = {}
    for name in names:
        source, _, _ = _COMPONENTS[name]
        comment = rng.choice(_COMMENTS[style])
        after, decorator, call = _wrap(rng, style, name, image, partial_name)
        parts.append(decorator + source.format(comment=comment) + ("\n\n" + after if after else ""))
        calls[name] = call
        constructs.add("component:" + ("decorator" if decorator else "call"))
        if "output_component_file" in after:
            constructs.add("component_file")
    factories: dict[str, tuple[str, bool]] = {}
    if style in ("sample", "company") or rng.random() < 0.3:
        code, factories = _container_factories(rng)
        parts.append(code)
        constructs.add("container_op")
    pipelines = 2 if style == "company" else 1
    compiled = []
    for number in range(pipelines):
        body, params = _pipeline_body(rng, calls, constructs, factories)
        function = (
            f"pipeline_{index}_{number}"
            if pipelines > 1
            else rng.choice(["pipeline", "my_pipeline", "train_pipeline"])
        )
        description = (
            "데이터를 불러와 학습하는 파이프라인" if style == "book" else "A pipeline from the tutorial"
        )
        name = f"{style}-{index}-{number}"
        if style == "book" and rng.random() < 0.3:
            name = f"실습 파이프라인 {index}"
            constructs.add("korean_name")
        exit_handler = rng.random() < 0.2 and "print_text" in calls
        decorator = f'@dsl.pipeline(name="{name}", description="{description}")'
        if rng.random() < 0.2:
            decorator = f'@dsl.pipeline("{name}", "{description}")'
            constructs.add("positional_pipeline")
        lines = [decorator, f"def {function}({', '.join(params)}):"]
        if exit_handler:
            constructs.add("exit_handler")
            lines.append(f"    goodbye = {calls['print_text']}('pipeline finished')")
            lines.append("    with dsl.ExitHandler(goodbye):")
            lines += [f"        {line}" for line in body]
        else:
            lines += [f"    {line}" for line in body]
        parts.append("\n".join(lines) + "\n")
        compiled.append(function)
    suffix = rng.choice([".yaml", ".zip", ".tar.gz"])
    main = [
        f'    kfp.compiler.Compiler().compile({function}, "{function}{suffix}")' for function in compiled
    ]
    if rng.random() < 0.3:
        constructs.add("client")
        main.append('    client = kfp.Client(host="http://localhost:8080")')
        main.append(f"    client.create_run_from_pipeline_func({compiled[0]}, arguments={{}})")
    parts.append('if __name__ == "__main__":\n' + "\n".join(main) + "\n")
    source = "\n\n\n".join(part for part in parts if part.strip())
    return Program(f"{index:02d}_{style}{'_notebook' if notebook else ''}", source, constructs, notebook)


def programs(count: int = COUNT) -> list[Program]:
    """The corpus: the same programs for the same seed."""
    rng = random.Random(SEED)
    return [_program(index, rng) for index in range(count)]

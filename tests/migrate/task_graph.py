"""The tasks a compiled pipeline runs and what each waits for, read the same way from a KFP v1
Argo workflow and a kfp 2 pipeline spec, so a v1 program and its migrated form can be compared.

A *leaf* is a task that runs a container (Argo ``container``/``script`` templates; kfp 2
tasks whose executor has a ``container``). Groups (conditions, loops, exit handlers, nested
pipelines) and platform tasks (a v1 VolumeOp's resource template, kfp-kubernetes'
``createpvc``) are not leaves: a dependency on one stands for the leaves inside it or
upstream of it. Each leaf maps to the set of leaves it waits for, including through the
groups around it; an exit handler's exit task waits for every leaf inside the handler.

Used in: tests/migrate/test_migrate_slow.py (and the corpus measurement).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import venv
from pathlib import Path
from typing import Any

import yaml

from kfp_tutorial.migrate.notebooks import notebook_code

REPO = Path(__file__).resolve().parents[2]
KFP1 = "kfp==1.8.22"

Graph = dict[str, frozenset[str]]


def _argo_dependencies(task: dict[str, Any]) -> list[str]:
    found = list(task.get("dependencies") or [])
    depends = task.get("depends")
    if depends:
        found += [
            re.sub(r"\.\w+$", "", word)
            for word in re.findall(r"[\w.-]+", depends)
            if word not in ("&&", "||")
        ]
    return found


def v1_graph(workflow: dict[str, Any]) -> Graph:
    """Leaves and their effective upstream leaves, from a kfp 1.8 Argo Workflow."""
    spec = workflow["spec"]
    templates = {template["name"]: template for template in spec["templates"]}
    graph: dict[str, set[str]] = {}

    def kind(template_name: str) -> str:
        template = templates[template_name]
        if "dag" in template:
            return "dag"
        if "container" in template or "script" in template:
            return "leaf"
        return "other"

    entered: list[str] = []  # the DAG templates being walked: a recursive graph component
    # (v1's only loop with a condition) is walked once, its call of itself is not followed

    def leaves_in(template_name: str) -> set[str]:
        if template_name in entered:
            return set()
        entered.append(template_name)
        found: set[str] = set()
        for task in templates[template_name]["dag"]["tasks"]:
            found |= expand(template_name, task["name"], set())
        entered.pop()
        return found

    def expand(dag: str, task_name: str, seen: set[str]) -> set[str]:
        """The leaves a dependency on ``task_name`` (a sibling in ``dag``) stands for."""
        tasks = {task["name"]: task for task in templates[dag]["dag"]["tasks"]}
        task = tasks[task_name]
        what = kind(task["template"])
        if what == "leaf":
            return {task_name}
        if what == "dag":
            return leaves_in(task["template"])
        if task_name in seen:
            return set()
        found: set[str] = set()
        for upstream in _argo_dependencies(task):
            found |= expand(dag, upstream, seen | {task_name})
        return found

    def walk(dag: str, inherited: set[str]) -> None:
        if dag in entered:
            return
        entered.append(dag)
        for task in templates[dag]["dag"]["tasks"]:
            upstream = set(inherited)
            for name in _argo_dependencies(task):
                upstream |= expand(dag, name, set())
            what = kind(task["template"])
            if what == "leaf":
                graph[task["name"]] = upstream
            elif what == "dag":
                walk(task["template"], upstream)
        entered.pop()

    walk(spec["entrypoint"], set())
    exit_template = spec.get("onExit")
    if exit_template:
        graph[exit_template] = set(graph)
    return {name: frozenset(upstream) for name, upstream in graph.items()}


def _v2_dependencies(task: dict[str, Any]) -> list[str]:
    """The sibling tasks a kfp 2 task waits for: its dependentTasks, and the producers of its
    inputs (kfp 2.17 lists a producer read only by a resource limit in the inputs alone)."""
    found = list(task.get("dependentTasks", []))
    inputs = task.get("inputs", {})
    for kind in ("parameters", "artifacts"):
        for value in inputs.get(kind, {}).values():
            for key in ("taskOutputParameter", "taskOutputArtifact"):
                producer = value.get(key, {}).get("producerTask")
                if producer and producer not in found:
                    found.append(producer)
    return found


def v2_graph(spec: dict[str, Any], v1_names: frozenset[str] | set[str] = frozenset()) -> Graph:
    """Leaves and their effective upstream leaves, from a kfp 2 pipeline spec (IR YAML);
    with ``v1_names``, a task is named as the v1 task it shows the name of (see below)."""
    components = spec.get("components", {})
    executors = spec.get("deploymentSpec", {}).get("executors", {})
    graph: dict[str, set[str]] = {}

    def component_of(task: dict[str, Any]) -> dict[str, Any]:
        return components.get(task["componentRef"]["name"], {})

    def kind(task: dict[str, Any]) -> str:
        component = component_of(task)
        if "dag" in component:
            return "dag"
        executor = executors.get(component.get("executorLabel", ""), {})
        image = executor.get("container", {}).get("image", "")
        # kfp-kubernetes' PVC tasks are done by the backend: their "image" is a stub
        return "leaf" if "container" in executor and not image.startswith("argostub/") else "other"

    def leaves_in(component: dict[str, Any]) -> set[str]:
        found: set[str] = set()
        tasks = component["dag"]["tasks"]
        for name in tasks:
            found |= expand(tasks, name, set())
        return found

    def expand(tasks: dict[str, Any], name: str, seen: set[str]) -> set[str]:
        task = tasks[name]
        what = kind(task)
        if what == "leaf":
            return {name}
        if what == "dag":
            return leaves_in(component_of(task))
        if name in seen:
            return set()
        found: set[str] = set()
        for upstream in _v2_dependencies(task):
            found |= expand(tasks, upstream, seen | {name})
        return found

    def walk(tasks: dict[str, Any], inherited: set[str]) -> None:
        for name, task in tasks.items():
            upstream = set(inherited)
            for dependency in _v2_dependencies(task):
                upstream |= expand(tasks, dependency, set())
            what = kind(task)
            if what == "leaf":
                graph[name] = upstream
            elif what == "dag":
                walk(component_of(task)["dag"]["tasks"], upstream)

    walk(spec["root"]["dag"]["tasks"], set())
    if not v1_names:
        return {name: frozenset(upstream) for name, upstream in graph.items()}
    # v1 named a task after its op's name, which a factory could compute at run time; the
    # migrated factory shows that name with set_display_name. Such a task is v1's task when
    # its key is not a v1 name but the name it shows is.
    shown: dict[str, str] = {}

    def collect(tasks: dict[str, Any]) -> None:
        for key, task in tasks.items():
            label = _k8s_name(task.get("taskInfo", {}).get("name") or key)
            if key not in v1_names and label in v1_names and label not in shown.values():
                shown[key] = label
            if kind(task) == "dag":
                collect(component_of(task)["dag"]["tasks"])

    collect(spec["root"]["dag"]["tasks"])
    return {
        shown.get(name, name): frozenset(shown.get(u, u) for u in upstream)
        for name, upstream in graph.items()
    }


def _k8s_name(name: str) -> str:
    """kfp 1.8's sanitize_k8s_name: how v1 turned an op's name into its task's name."""
    return re.sub("-+", "-", re.sub("[^-0-9a-z]+", "-", name.lower())).lstrip("-").rstrip("-")


def same_tasks(v1_yaml: Path, v2_yaml: Path) -> bool:
    """Whether the kfp 2 compilation has the leaf tasks and dependencies of the kfp 1.8 one
    (a missing kfp 2 file: the migrated module defines no such pipeline)."""
    if not v2_yaml.exists():
        return False
    before = v1_graph(yaml.safe_load(v1_yaml.read_text(encoding="utf-8")))
    return before == v2_graph(load_v2_spec(v2_yaml), set(before))


def load_v2_spec(path: Path) -> dict[str, Any]:
    """The pipeline spec of a kfp 2 YAML file. kfp 2.17 writes a parameter's multi-line
    default into the comment header unescaped (``# Inputs: ... [Default: 'a=1``, then
    ``b=2']`` on a line of its own), which is not YAML: the header is skipped."""
    text = path.read_text(encoding="utf-8")
    body = re.search(r"^[A-Za-z_]\w*:", text, re.M)
    return next(yaml.safe_load_all(text[body.start() :] if body else text))


def program_code(path: Path | str) -> str:
    """A v1 program's Python: a ``.py`` file's text, or a notebook's code cells joined, with
    shell (``!``) and magic (``%``) lines left out (the migration's own reading of a
    notebook, :func:`~kfp_tutorial.migrate.notebooks.notebook_code`)."""
    path = Path(path)
    text = path.read_text(encoding="utf-8")
    return notebook_code(text) if path.suffix == ".ipynb" else text


def kfp1_python() -> Path:
    """A Python with kfp 1.8.22: ``$KFP_TUTORIAL_KFP1_PYTHON``, or a venv made once under
    ``.cache/`` (kept between test runs; keyed by the pin)."""
    given = os.environ.get("KFP_TUTORIAL_KFP1_PYTHON")
    if given:
        return Path(given)
    home = REPO / ".cache" / KFP1.replace("==", "-")
    python = home / "bin" / "python"
    if not python.exists():
        venv.EnvBuilder(with_pip=True).create(home)
        subprocess.run(
            [str(python), "-m", "pip", "install", "-q", "--disable-pip-version-check", KFP1],
            check=True,
            capture_output=True,
        )
    return python


_V1_COMPILE = r"""
import inspect, json, os, re, sys, tempfile, traceback
import kfp
from kfp import dsl

class NoClientError(RuntimeError):
    pass


class NoClient:
    def __init__(self, *a, **k):
        raise NoClientError("no cluster in this test")

kfp.Client = NoClient


def compile_one(source, out):
    os.chdir(tempfile.mkdtemp())
    text = open(source, encoding="utf-8").read()
    namespace = {"__name__": "v1_under_test", "__file__": source}
    try:
        exec(compile(text, source, "exec"), namespace)
    except NoClientError:
        pass  # a learner's kfp.Client() at the end: the pipelines above it are defined
    names = set(re.findall(r"^@(?:kfp\.)?dsl\.pipeline\b[^\n]*(?:\n[ \t)@][^\n]*)*\ndef (\w+)", text, re.M))
    names |= set(re.findall(r"Compiler\(\)\.compile\(\s*(?:pipeline_func=)?(\w+)", text))
    # what v1 ran: create_run_from_pipeline_func(p, ...), even on a line the tutorial left
    # commented out for the reader to enable
    names |= set(re.findall(r"create_run_from_pipeline_func\(\s*(?:pipeline_func=)?(\w+)", text))
    done = []
    for name in sorted(names):
        if inspect.isfunction(namespace.get(name)):
            kfp.compiler.Compiler().compile(namespace[name], os.path.join(out, name + ".yaml"))
            done.append(name)
    return done


results = {}
for source, out in zip(sys.argv[1::2], sys.argv[2::2]):
    try:
        results[source] = compile_one(source, out)
    except Exception as exc:
        results[source] = f"{type(exc).__name__}: {exc}"
print(json.dumps(results))
"""


def _compile_in_kfp1(pairs: list[tuple[Path, Path]], timeout: int) -> dict[Path, list[str] | str]:
    """Run the kfp 1.8.22 compile of each (program, out folder) in one interpreter: the
    functions compiled to ``out/<function>.yaml``, or the error. A notebook is given as its
    code (:func:`program_code`), written beside its output."""
    import json

    argv: list[str] = []
    runs: dict[Path, Path] = {}
    for source, out in pairs:
        out.mkdir(parents=True, exist_ok=True)
        runnable = source.resolve()
        if source.suffix == ".ipynb":
            runnable = (out / "notebook_code.py").resolve()
            runnable.write_text(program_code(source), encoding="utf-8")
        runs[source] = runnable
        argv += [str(runnable), str(out.resolve())]
    completed = subprocess.run(
        [str(kfp1_python()), "-W", "ignore", "-c", _V1_COMPILE, *argv],
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    if completed.returncode != 0:
        raise RuntimeError(f"kfp 1.8.22 stopped:\n{completed.stderr[-2000:]}")
    results = json.loads(completed.stdout.strip().splitlines()[-1])
    return {source: results[str(runnable)] for source, runnable in runs.items()}


def compile_v1(source: Path, out: Path) -> list[str]:
    """Compile every pipeline of a v1 program with kfp 1.8.22 to ``out/<function>.yaml``;
    returns the function names."""
    result = _compile_in_kfp1([(source, out)], timeout=300)[source]
    if isinstance(result, str):
        raise RuntimeError(f"kfp 1.8.22 could not compile {source}: {result}")
    return list(result)


def compile_v1_many(sources: list[Path], out_root: Path) -> dict[Path, list[str] | str]:
    """Compile many v1 programs in one kfp 1.8.22 process (one import of kfp): each to
    ``out_root/<stem>/<function>.yaml``; the value is the functions compiled, or the error."""
    return _compile_in_kfp1([(source, out_root / source.stem) for source in sources], timeout=600)


if __name__ == "__main__":  # compile one v1 file: python tests/migrate/task_graph.py FILE OUT
    print(compile_v1(Path(sys.argv[1]), Path(sys.argv[2])))

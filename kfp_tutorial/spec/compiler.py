"""Compile pipelines and read what the compiled spec says.

Tests use these helpers to check what each lesson teaches (which tasks depend on
which, what is an artifact, which resources are set); the docs use them to draw
each pipeline's graph. Used in: every lesson.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from kfp import compiler

EXECUTOR_MODULE = "kfp.dsl.executor_main"


def compile_text(pipeline: Callable[..., Any]) -> str:
    """Compile ``pipeline`` and return its pipeline spec YAML (kfp writes it to a temporary
    file: its compiler has no in-memory form)."""
    with tempfile.TemporaryDirectory(prefix="kfp-tutorial-compile-") as tmp:
        path = Path(tmp) / "pipeline.yaml"
        compiler.Compiler().compile(pipeline_func=pipeline, package_path=str(path))
        return path.read_text(encoding="utf-8")


def compile_to_yaml(
    pipeline: Callable[..., Any],
    path: str | Path,
    *,
    force: bool = False,
    force_hint: str = "force=True",
) -> Path:
    """Compile ``pipeline`` to a pipeline spec YAML file at ``path`` and return the path.

    Written through :mod:`kfp_tutorial.output_files`: atomically, with the tool's mark, and
    an existing file is replaced only when it is an unchanged spec this function wrote
    (anything else needs ``force``)."""
    from kfp_tutorial.output_files import COMPILED_SPEC, check_output_file, write_output

    check_output_file(path, COMPILED_SPEC, force=force, force_hint=force_hint)
    text = compile_text(pipeline)
    return write_output(path, text, COMPILED_SPEC, force=force, force_hint=force_hint)


@dataclass
class CompiledPipeline:
    """A compiled pipeline: the pipeline spec and, if any, the Kubernetes platform spec."""

    spec: dict[str, Any]
    platform: dict[str, Any]
    yaml_text: str

    @property
    def name(self) -> str:
        return str(self.spec["pipelineInfo"]["name"])

    @property
    def root_tasks(self) -> dict[str, Any]:
        return dict(self.spec["root"]["dag"].get("tasks", {}))

    def component(self, task: dict[str, Any]) -> dict[str, Any]:
        return dict(self.spec["components"][task["componentRef"]["name"]])

    def executor(self, task: dict[str, Any]) -> dict[str, Any] | None:
        label = self.component(task).get("executorLabel")
        if label is None:
            return None
        return dict(self.spec["deploymentSpec"]["executors"][label])

    def kubernetes_config(self, task: dict[str, Any]) -> dict[str, Any]:
        """The kfp-kubernetes settings of a task (secrets, PVCs, node selector, ...)."""
        label = self.component(task).get("executorLabel")
        executors = (
            self.platform.get("platforms", {})
            .get("kubernetes", {})
            .get("deploymentSpec", {})
            .get("executors", {})
        )
        return dict(executors.get(label, {})) if label else {}

    def all_tasks(self) -> dict[str, dict[str, Any]]:
        """Every task in the pipeline, nested DAGs (loops, conditions) included, by name."""
        found: dict[str, dict[str, Any]] = {}

        def walk(tasks: dict[str, Any]) -> None:
            for name, task in tasks.items():
                found[name] = task
                comp = self.component(task)
                if "dag" in comp:
                    walk(comp["dag"].get("tasks", {}))

        walk(self.root_tasks)
        return found

    def container_tasks(self) -> dict[str, str]:
        """Tasks that are container components (not lightweight Python): name -> image."""
        result = {}
        for name, task in self.all_tasks().items():
            executor = self.executor(task)
            if not executor or "container" not in executor:
                continue
            container = executor["container"]
            command = " ".join(container.get("command", []) + container.get("args", []))
            if EXECUTOR_MODULE not in command or container.get("command", [])[:3] == [
                "python3",
                "-m",
                EXECUTOR_MODULE,
            ]:
                result[name] = str(container.get("image", "?"))
        return result

    def local_ignored_settings(self) -> dict[str, list[str]]:
        """Settings the local runner does not apply, by task: resources and Kubernetes config."""
        result: dict[str, list[str]] = {}
        for name, task in self.all_tasks().items():
            settings: list[str] = []
            executor = self.executor(task) or {}
            resources = executor.get("container", {}).get("resources", {})
            # kfp writes each value twice (cpuLimit and resourceCpuLimit): name it once.
            settings.extend(sorted({_without_resource_prefix(key) for key in resources}))
            settings.extend(sorted(self.kubernetes_config(task)))
            if settings:
                result[name] = settings
        return result


def _without_resource_prefix(key: str) -> str:
    """``resourceCpuLimit`` -> ``cpuLimit``: the newer spec field has the older one's name."""
    if key.startswith("resource") and len(key) > len("resource"):
        rest = key[len("resource") :]
        return rest[0].lower() + rest[1:]
    return key


def compile_pipeline(pipeline: Callable[..., Any]) -> CompiledPipeline:
    """Compile ``pipeline`` and load its spec."""
    return load_compiled(compile_text(pipeline))


def load_compiled(text: str) -> CompiledPipeline:
    """Load a compiled pipeline YAML (one document, or two with a platform spec)."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml: ~5x faster, same result
    docs = [d for d in yaml.load_all(text, Loader=loader) if d]
    platform = docs[1] if len(docs) > 1 else {}
    return CompiledPipeline(spec=docs[0], platform=platform, yaml_text=text)


def dependencies(compiled: CompiledPipeline) -> dict[str, set[str]]:
    """For each task (nested ones included), the tasks it waits for."""
    return {name: set(task.get("dependentTasks", [])) for name, task in compiled.all_tasks().items()}

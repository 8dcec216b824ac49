"""The KFP v1 names ``migrate`` knows, and what each becomes in kfp 2.

Names are written as libcst's qualified names resolve them (``kfp.components.InputPath``),
after :func:`normalise` has folded the v1 SDK's private modules and its ``kfp.v2`` preview
into the public path. Used in: :mod:`kfp_tutorial.migrate.rewrite`.
"""

from __future__ import annotations

import functools
import importlib
import re
from typing import Any

# v1 functions that turn a Python function into a component.
FACTORIES = frozenset(
    {"kfp.components.create_component_from_func", "kfp.components.func_to_container_op"}
)
# Their v1 positional parameters after ``func``, to name positional arguments.
FACTORY_POSITIONAL = {
    "kfp.components.create_component_from_func": (
        "output_component_file",
        "base_image",
        "packages_to_install",
        "annotations",
    ),
    "kfp.components.func_to_container_op": (
        "output_component_file",
        "base_image",
        "extra_code",
        "packages_to_install",
        "modules_to_capture",
        "use_code_pickling",
        "annotations",
    ),
}
FACTORY_KEEP = frozenset({"base_image", "packages_to_install"})
# Decorators that make a v1-era component whose parameters follow v1's rules.
V1_DECORATORS = FACTORIES | {"kfp.v2.dsl.component"}
PIPELINE_DECORATORS = frozenset({"kfp.dsl.pipeline", "kfp.v2.dsl.pipeline"})
GRAPH_COMPONENT = "kfp.dsl.graph_component"

PATH_ANNOTATIONS = frozenset(
    {
        "kfp.components.InputPath",
        "kfp.components.OutputPath",
        "kfp.v2.dsl.InputPath",
        "kfp.v2.dsl.OutputPath",
        "kfp.dsl.InputPath",
        "kfp.dsl.OutputPath",
    }
)
FILE_OBJECTS = frozenset(
    {
        "kfp.components.InputTextFile",
        "kfp.components.OutputTextFile",
        "kfp.components.InputBinaryFile",
        "kfp.components.OutputBinaryFile",
    }
)

# References rewritten to a ``dsl.<name>`` attribute wherever they appear.
DSL_RENAMES = {
    "kfp.components.InputPath": "InputPath",
    "kfp.components.OutputPath": "OutputPath",
    "kfp.dsl.Condition": "If",
    "kfp.dsl.RUN_ID_PLACEHOLDER": "PIPELINE_JOB_ID_PLACEHOLDER",
    "kfp.dsl.EXECUTION_ID_PLACEHOLDER": "PIPELINE_TASK_ID_PLACEHOLDER",
    "kfp.dsl.graph_component": "pipeline",
}
PLACEHOLDERS = {
    "kfp.dsl.RUN_ID_PLACEHOLDER": "dsl.PIPELINE_JOB_ID_PLACEHOLDER",
    "kfp.dsl.EXECUTION_ID_PLACEHOLDER": "dsl.PIPELINE_TASK_ID_PLACEHOLDER",
}
ARGO_PLACEHOLDERS = {
    "{{workflow.uid}}": "dsl.PIPELINE_JOB_ID_PLACEHOLDER",
    "{{workflow.name}}": "dsl.PIPELINE_JOB_NAME_PLACEHOLDER",
    "{{pod.name}}": "dsl.PIPELINE_TASK_NAME_PLACEHOLDER",
    "{{workflow.creationTimestamp}}": "dsl.PIPELINE_JOB_CREATE_TIME_UTC_PLACEHOLDER",
}
VOLUME_MODES = {
    "kfp.dsl.VOLUME_MODE_RWO": "ReadWriteOnce",
    "kfp.dsl.VOLUME_MODE_RWM": "ReadWriteMany",
    "kfp.dsl.VOLUME_MODE_ROM": "ReadOnlyMany",
}

# Names with no automatic v2 form: each with the advice the TODO gives.
REMOVED = {
    "kfp.dsl.ResourceOp": "write the resource's manifest with a container component that runs "
    "kubectl, or create it outside the pipeline.",
    "kfp.dsl.PipelineConf": "set what it set on each task (kfp-kubernetes) or in the run.",
    "kfp.dsl.get_pipeline_conf": "set what it set on each task (kfp-kubernetes) or in the run.",
    "kfp.dsl.Sidecar": "kfp 2 has no sidecars; run the helper as its own task.",
    "kfp.dsl.python_component": "use @dsl.component.",
    "kfp.dsl.InputArgumentPath": "pass the value as an input and read it in the component.",
    "kfp.dsl.SubGraph": "write the loop as dsl.ParallelFor, or a nested pipeline.",
    "kfp.components.func_to_component_text": "compile the component with Compiler().compile.",
    "kfp.components.ComponentStore": "load each component with components.load_component_from_url.",
    "kfp.gcp.use_gcp_secret": "use kubernetes.use_secret_as_volume with your key's secret.",
    "kfp.aws.use_aws_secret": "use kubernetes.use_secret_as_env with your AWS secret.",
    "kfp.azure.use_azure_secret": "use kubernetes.use_secret_as_env with your Azure secret.",
    "kfp.containers.build_image_from_working_dir": "build the image with docker or a CI job.",
}
# Modules whose imports go: their names are rewritten or marked.
V1_MODULES = ("kfp.onprem", "kfp.gcp", "kfp.aws", "kfp.azure", "kfp.containers")
# v1's DSL types, written as annotations (``top: Integer()``, ``path: GCSPath()``): the Python
# type kfp 2 takes for each (the GCP path types were strings with a pattern)
DSL_TYPES = {
    "Integer": "int",
    "Float": "float",
    "Bool": "bool",
    "String": "str",
    "Dict": "dict",
    "List": "list",
    "GCSPath": "str",
    "GCRPath": "str",
    "GCPRegion": "str",
    "GCPProjectID": "str",
    "LocalPath": "str",
}
DSL_TYPE_NAMES = {
    f"kfp.dsl{module}.{name}": python
    for name, python in DSL_TYPES.items()
    for module in ("", ".types")  # qualified names fold the private module: kfp.dsl.Integer
}
# Names removed from ``from kfp.components import ...`` / ``from kfp.dsl import ...``.
V1_ONLY = frozenset(
    {
        *FACTORIES,
        "kfp.components.InputPath",
        "kfp.components.OutputPath",
        *FILE_OBJECTS,
        "kfp.dsl.ContainerOp",
        "kfp.dsl.VolumeOp",
        "kfp.dsl.Condition",
        "kfp.dsl.PipelineVolume",
        "kfp.dsl.RUN_ID_PLACEHOLDER",
        "kfp.dsl.EXECUTION_ID_PLACEHOLDER",
        "kfp.dsl.graph_component",
        *DSL_TYPE_NAMES,
        *VOLUME_MODES,
        *REMOVED,
    }
)

# Task methods of v1 that kfp-kubernetes now offers as functions: task.m(a) -> kubernetes.f(task, a)
KUBERNETES_METHODS = {
    "set_image_pull_policy": "set_image_pull_policy",
    "add_pod_label": "add_pod_label",
    "add_pod_annotation": "add_pod_annotation",
    "set_timeout": "set_timeout",
}
# Task methods with no automatic v2 form.
UNSUPPORTED_METHODS = frozenset(
    {
        "add_volume",
        "add_volume_mount",
        "add_sidecar",
        "add_init_container",
        "add_resource_request",
        "add_affinity",
        "set_security_context",
        "add_port",
        "set_lifecycle",
        "set_readiness_probe",
        "set_liveness_probe",
    }
)
# Methods that ``.container.<m>`` may name (v1's Container object): stripped to ``.<m>``.
CONTAINER_METHODS = frozenset(
    {
        "set_memory_limit",
        "set_memory_request",
        "set_cpu_limit",
        "set_cpu_request",
        "set_gpu_limit",
        "add_env_variable",
        "add_resource_limit",
        "set_image_pull_policy",
        *UNSUPPORTED_METHODS,
    }
)

# v1 type names (as strings) of InputPath/OutputPath and of annotations, to v2 code.
PARAMETER_TYPES = {
    "str": "str",
    "string": "str",
    "text": "str",
    "int": "int",
    "integer": "int",
    "float": "float",
    "double": "float",
    "bool": "bool",
    "boolean": "bool",
    "dict": "dict",
    "jsonobject": "dict",
    "list": "list",
    "jsonarray": "list",
}
# Strings kfp 2 reads correctly itself (left as they are).
V2_TYPE_STRINGS = frozenset(
    {
        "String",
        "Integer",
        "Float",
        "Boolean",
        "List",
        "Artifact",
        "Dataset",
        "Model",
        "Metrics",
        "ClassificationMetrics",
        "SlicedClassificationMetrics",
        "HTML",
        "Markdown",
    }
)
_MODEL = re.compile(
    r"model|hdf5|savedmodel|pytorch|onnx|pickle|joblib|xgboost|lightgbm|checkpoint", re.I
)


def artifact_for(type_name: str) -> str:
    """The v2 artifact class for a v1 artifact type name (``"CSV"`` -> ``dsl.Dataset``)."""
    if _MODEL.search(type_name):
        return "Model"
    if type_name.lower() in {"html", "webapp"}:
        return "HTML"
    if type_name.lower() == "markdown":
        return "Markdown"
    if type_name.lower() in {"artifact", "gcspath", "uri", "path", "file", "directory"}:
        return "Artifact"
    return "Dataset"


def normalise(name: str) -> str:
    """A qualified name as v1 code means it: private modules folded into the public path
    (``kfp.components._python_op.InputPath`` -> ``kfp.components.InputPath``), and the v1
    SDK's ``kfp.v2`` preview kept apart only where it matters (``kfp.v2.dsl.component``)."""
    parts = name.split(".")
    if not parts or parts[0] != "kfp":
        return name
    public = [
        part
        for index, part in enumerate(parts)
        if index in (0, len(parts) - 1) or not part.startswith("_")
    ]
    if len(public) > 2 and public[1] == "v2":
        if public[2] == "dsl" and public[-1] in {"component", "pipeline", "InputPath", "OutputPath"}:
            return ".".join(public[:3] + public[-1:])
        rest = public[2:]
        if rest[0] == "components" and len(rest) > 2:  # kfp.v2.components.types.artifact_types.X
            return "kfp.dsl." + rest[-1]
        return ".".join(["kfp", *rest])
    if len(public) > 3 and public[1] in {"dsl", "components", "compiler"}:
        return ".".join(public[:2] + public[-1:])
    return ".".join(public)


def sanitize_k8s(name: str) -> str:
    """The task name KFP (v1 and v2) makes of a display name: lower case, runs of other
    characters as '-', no '-' at either end."""
    return re.sub(r"-+", "-", re.sub(r"[^a-z0-9]", "-", name.lower())).strip("-")


def identifier(text: str, fallback: str = "value") -> str:
    """A Python identifier made of ``text`` (``my-out`` -> ``my_out``)."""
    ident = re.sub(r"\W+", "_", text.strip()).strip("_").lower()
    if not ident or not ident.isascii():
        ident = fallback
    if ident[0].isdigit():
        ident = f"{fallback}_{ident}"
    import keyword

    if keyword.iskeyword(ident):
        ident += "_"
    return ident


def component_spec(text: str) -> dict[str, Any] | None:
    """A v1 component's YAML, read; None for text that is not a component."""
    import yaml

    try:
        spec = yaml.safe_load(text)
    except yaml.YAMLError:
        return None
    return spec if isinstance(spec, dict) and "implementation" in spec else None


def loaded_input_order(spec: dict[str, Any]) -> list[str]:
    """The inputs of a v1 component (:func:`component_spec`) in the order v1's loaded
    component took them positionally (required inputs first), named as kfp 2 names them."""
    inputs = [i for i in spec.get("inputs") or [] if isinstance(i, dict) and "name" in i]
    required = [i for i in inputs if i.get("default") is None and not i.get("optional")]
    rest = [i for i in inputs if i not in required]
    return [re.sub("[^_0-9a-z]+", "_", str(i["name"]).lower()).strip("_") for i in [*required, *rest]]


@functools.cache
def exists_in_kfp2(qname: str) -> bool:
    """Whether the dotted name ``kfp.x.y`` is something the installed kfp 2 has: the safety
    net under every list above, so a v1 name nobody listed is never passed on silently."""
    parts = qname.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            found: object = importlib.import_module(".".join(parts[:cut]))
        except ImportError:
            continue
        except Exception:  # noqa: BLE001 - a module that fails to import is not ours to judge
            return True
        for attribute in parts[cut:]:
            if not hasattr(found, attribute):
                return False
            found = getattr(found, attribute)
        return True
    return False


def untyped_value_inputs(spec: dict[str, Any]) -> list[str]:
    """The inputs of a v1 component (:func:`component_spec`) that have no type and are passed
    by value (``{inputValue: Uri}``): kfp 2 reads an input without a type as an artifact, so
    a value passed to it no longer fits, where v1 took any text."""
    used: dict[str, set[str]] = {}

    def walk(node: object) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key in ("inputValue", "inputPath") and isinstance(value, str):
                    used.setdefault(value, set()).add(key)
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(spec.get("implementation"))
    return [
        str(i["name"])
        for i in spec.get("inputs") or []
        if isinstance(i, dict)
        and "name" in i
        and "type" not in i
        and used.get(str(i["name"])) == {"inputValue"}
    ]


def with_string_types(raw: str, names: list[str]) -> str | None:
    """``raw`` (the YAML as the file spells it) with ``type: String`` added to the inputs
    ``names``, in the style each is written in (``{name: X}`` or ``- name: X``); None when an
    input's line is not one of those two forms."""
    for name in names:
        quoted = rf"""['"]?{re.escape(name)}['"]?"""
        flow = re.compile(rf"(-\s*\{{\s*name:\s*{quoted}\s*(?:,[^}}\n]*)?)\}}")
        block = re.compile(rf"^([ \t]*)-([ \t]+)name:[ \t]*{quoted}[ \t]*$", re.M)
        if flow.search(raw):
            raw = flow.sub(lambda found: found.group(1).rstrip() + ", type: String}", raw, count=1)
        elif block.search(raw):
            raw = block.sub(
                lambda found: (
                    found.group(0) + "\n" + found.group(1) + " " + found.group(2) + "type: String"
                ),
                raw,
                count=1,
            )
        else:
            return None
    return raw

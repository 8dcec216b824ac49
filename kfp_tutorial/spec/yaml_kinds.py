"""What a YAML file is, so a command given one can say so: a KFP pipeline spec (which
``run``, ``compile`` and ``upload`` take), or something else a learner keeps beside it (a
Kubernetes manifest, a KFP v1 component, an Argo workflow from kfp 1.8's compiler, a
config file), named as what it is rather than "a compiled pipeline spec".
Used in: ``kfp-tutorial run|compile|upload FILE.yaml``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from kfp_tutorial.errors import TutorialError
from kfp_tutorial.i18n import register_messages, t

register_messages(
    {
        "yaml_not_spec": {
            "en": "{path} is {what}, not a KFP pipeline spec. Give a spec that kfp 2 compiled "
            "(kfp-tutorial compile writes one), path/to/file.py:func, or a lesson name.",
            "ko": "{path}(은) {what}입니다. KFP Pipeline 명세가 아닙니다. kfp 2로 컴파일한 명세"
            "(kfp-tutorial compile이 만듭니다), path/to/file.py:func, 또는 수업 이름을 주세요.",
        },
        "yaml_unreadable": {
            "en": "{path} cannot be read as YAML ({error}). Give a pipeline spec that kfp 2 "
            "compiled, path/to/file.py:func, or a lesson name.",
            "ko": "{path}(을) YAML로 읽을 수 없습니다 ({error}). kfp 2로 컴파일한 Pipeline 명세, "
            "path/to/file.py:func, 또는 수업 이름을 주세요.",
        },
        "yaml_kind_kubernetes": {"en": "a Kubernetes {kind}", "ko": "Kubernetes {kind}"},
        "yaml_kind_argo": {
            "en": "an Argo workflow (what KFP v1's compiler wrote)",
            "ko": "Argo 워크플로(KFP v1 컴파일러가 만든 형식)",
        },
        "yaml_kind_v1_component": {
            "en": "a KFP v1 component (load it with kfp.components.load_component_from_file "
            "inside a pipeline)",
            "ko": "KFP v1 Component(Pipeline 안에서 kfp.components.load_component_from_file로 "
            "불러 쓰세요)",
        },
        "yaml_kind_empty": {"en": "an empty file", "ko": "빈 파일"},
        "yaml_kind_other": {"en": "YAML of another kind", "ko": "다른 종류의 YAML"},
    }
)


def describe(documents: list[Any]) -> str | None:
    """None for a KFP 2 pipeline spec (its first document has ``pipelineInfo`` and
    ``root``); else what the documents are, in the learner's language."""
    first = next((doc for doc in documents if doc is not None), None)
    if first is None:
        return t("yaml_kind_empty")
    if isinstance(first, dict) and "pipelineInfo" in first and "root" in first:
        return None
    if (
        isinstance(first, dict)
        and first.get("kind") == "Workflow"
        and "argoproj" in str(first.get("apiVersion", ""))
    ):
        return t("yaml_kind_argo")
    if isinstance(first, dict) and "kind" in first and "apiVersion" in first:
        return t("yaml_kind_kubernetes", kind=first["kind"])
    if isinstance(first, dict) and "implementation" in first and "name" in first:
        return t("yaml_kind_v1_component")
    return t("yaml_kind_other")


def check_pipeline_spec_file(path: Path) -> None:
    """Refuse ``path`` unless it holds a KFP 2 pipeline spec, saying what it is instead."""
    try:
        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        documents = list(yaml.load_all(path.read_text(encoding="utf-8"), Loader=loader))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        error = getattr(exc, "problem", None) or type(exc).__name__
        raise TutorialError("yaml_unreadable", path=path, error=error) from None
    what = describe(documents)
    if what is not None:
        raise TutorialError("yaml_not_spec", path=path, what=what)

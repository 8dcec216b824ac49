"""``kfp-tutorial cluster up|down|status|port-forward|preload|check-images``.

The first five call ``cluster/kfp-cluster.sh`` (the one place that knows how to create
the kind cluster and install KFP standalone, pinned); this module adds a translated
message when a tool is missing, and the image list the workshop preloads:
``cluster/images.txt`` (read by :func:`read_images`), the images every lesson's
components use (:func:`lesson_images`, compiled from the registry), the kind node image,
and the images the vendored manifests (``cluster/kfp-<version>/*.yaml``, the files ``up``
applies) really start (``check-images``, offline; ``--from-github`` renders upstream instead).
Used in: lesson 09, the workshop guide, tests/cluster/test_cluster_scripts.py,
tests/cluster/test_manifests.py.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from kfp_tutorial import i18n
from kfp_tutorial.errors import TutorialError
from kfp_tutorial.i18n import t
from kfp_tutorial.versions import KFP_BACKEND_VERSION, KIND_NODE_IMAGE

# The cluster files ship inside the package (kfp_tutorial/cluster/), so `kfp-tutorial cluster`
# works from an installed wheel; the repository's cluster/ is a link to the same folder.
CLUSTER_DIR = Path(__file__).resolve().parent.parent / "cluster"
SCRIPT = CLUSTER_DIR / "kfp-cluster.sh"
IMAGES_FILE = CLUSTER_DIR / "images.txt"
PIPELINE_VERSION = KFP_BACKEND_VERSION  # the newest backend release; the SDK is 2.17.3
KFP_MANIFESTS = "github.com/kubeflow/pipelines/manifests/kustomize"
INSTALL_OVERLAYS = ("cluster-scoped-resources", "env/platform-agnostic")
# The rendered overlays, in the order ``up`` applies them (tools/vendor_kfp_manifests.py).
VENDORED_DIR = CLUSTER_DIR / f"kfp-{PIPELINE_VERSION}"
VENDORED_FILES = (
    VENDORED_DIR / "cluster-scoped-resources.yaml",
    VENDORED_DIR / "platform-agnostic.yaml",
)
MANIFEST_SECTIONS = ("install", "runtime")  # images.txt sections the manifests account for
NODE_SECTION = "node"
STUB_IMAGE_PREFIX = "argostub/"  # kfp-kubernetes operations the KFP driver carries out

# Sub-command → (script command, tools it needs).
COMMANDS: dict[str, tuple[str, tuple[str, ...]]] = {
    "up": ("up", ("docker", "kind", "kubectl")),
    "down": ("down", ("docker", "kind")),
    "status": ("status", ("docker", "kind", "kubectl")),
    "port-forward": ("port-forward", ("kubectl",)),
    "preload": ("preload-images", ("docker", "kind")),
}
INSTALL_LINKS = {
    "docker": "https://docs.docker.com/get-docker/",
    "kind": "https://kind.sigs.k8s.io/docs/user/quick-start/#installation",
    "kubectl": "https://kubernetes.io/docs/tasks/tools/",
    "git": "https://git-scm.com/downloads",
    "bash": "https://learn.microsoft.com/windows/wsl/install",
}

i18n.register_messages(
    {
        "cluster_tool_missing": {
            "en": "'kfp-tutorial cluster {command}' needs {tools}, not installed here. Install: "
            "{links}. 'kfp-tutorial doctor' checks versions, memory, ports and inotify limits.",
            "ko": "'kfp-tutorial cluster {command}'에는 {tools}(이) 필요한데 설치되어 있지 "
            "않습니다. 설치: {links}. 'kfp-tutorial doctor'로 버전, 메모리, 포트, inotify 한도를 "
            "한 번에 확인할 수 있습니다.",
        },
        "cluster_script_missing": {
            "en": "{path} is missing: the cluster scripts come with the course's repository "
            "(git clone it and run 'pip install -e .' there).",
            "ko": "{path}(가) 없습니다. 클러스터 스크립트는 과정 저장소에 들어 있습니다 "
            "(저장소를 git clone한 뒤 그 안에서 'pip install -e .'를 실행하세요).",
        },
        "cluster_vendored_missing": {
            "en": "{path} is missing: the KFP {version} manifests ship with the course "
            "(reinstall it, or run 'python -m tools.vendor_kfp_manifests' in its repository), "
            "or compare with GitHub: 'kfp-tutorial cluster check-images --from-github'.",
            "ko": "{path} 파일이 없습니다. KFP {version} 매니페스트는 과정과 함께 배포됩니다 "
            "(과정을 다시 설치하거나 저장소에서 'python -m tools.vendor_kfp_manifests'를 "
            "실행하세요). GitHub와 비교하려면 'kfp-tutorial cluster check-images --from-github'를 "
            "실행하세요.",
        },
        "cluster_images_node": {
            "en": "cluster/images.txt must list the kind node image {expected} under '## node' "
            "(it lists: {listed}).",
            "ko": "cluster/images.txt의 '## node'에 kind 노드 이미지 {expected} 항목이 있어야 "
            "합니다 (지금 목록: {listed}).",
        },
        "cluster_images_render_failed": {
            "en": "Could not render {url} with kubectl kustomize (needs network and git): {error}",
            "ko": "kubectl kustomize로 {url}(을) 렌더링하지 못했습니다 (네트워크와 git 필요): {error}",
        },
        "cluster_images_ok": {
            "en": "cluster/images.txt lists all {count} {count:image|images} of the KFP {version} "
            "manifests ({source}).",
            "ko": "cluster/images.txt에 KFP {version} 매니페스트({source})의 이미지 {count}개가 "
            "모두 있습니다.",
        },
        "cluster_images_missing": {
            "en": "Used by the KFP {version} manifests but missing from cluster/images.txt: {images}",
            "ko": "KFP {version} 매니페스트가 쓰지만 cluster/images.txt에 없는 이미지: {images}",
        },
        "cluster_images_stale": {
            "en": "Listed under '## install' or '## runtime' in cluster/images.txt but not used "
            "by the manifests: {images}",
            "ko": "cluster/images.txt의 '## install'이나 '## runtime'에 있지만 매니페스트가 쓰지 "
            "않는 이미지: {images}",
        },
    }
)


@dataclass(frozen=True)
class ListedImage:
    """One line of ``cluster/images.txt``: the image, its section and where it comes from."""

    image: str
    section: str
    source: str


def read_images(path: Path = IMAGES_FILE) -> list[ListedImage]:
    """Parse ``images.txt``: ``## section`` headers, ``image  # source`` lines, comments."""
    result = []
    section = ""
    for line in path.read_text(encoding="utf-8").splitlines():
        stripped = line.strip()
        if stripped.startswith("## "):
            section = stripped[3:].strip()
            continue
        if not stripped or stripped.startswith("#"):
            continue
        image, _, source = stripped.partition("#")
        result.append(ListedImage(image.strip(), section, source.strip()))
    return result


def task_images(compiled: Any) -> set[str]:
    """The images a compiled pipeline's task pods pull (``base_image=`` and ``image=``).

    kfp-kubernetes' ``CreatePVC``/``DeletePVC`` carry a stub image (``argostub/...``)
    that no pod pulls: the KFP driver does their work, so they are left out.
    """
    images = set()
    for task in compiled.all_tasks().values():
        image = (compiled.executor(task) or {}).get("container", {}).get("image")
        if image and not str(image).startswith(STUB_IMAGE_PREFIX):
            images.add(str(image))
    return images


def pipeline_images(pipeline: Any) -> set[str]:
    """The images every task of ``pipeline`` pulls, from its compiled spec."""
    from kfp_tutorial.spec.compiler import compile_pipeline

    return task_images(compile_pipeline(pipeline))


# Lesson 10's containerized components name an image in the learner's own registry; it
# cannot be pulled ahead of time, so it is not in images.txt.
PLACEHOLDER_REGISTRY = "registry.example.com/"


def lesson_images() -> dict[str, set[str]]:
    """Every image the registered lessons' pipelines use → the lessons that use it."""
    from kfp_tutorial.registry import LESSONS

    used: dict[str, set[str]] = {}
    for lesson in LESSONS:
        try:
            examples = lesson.examples
        except ModuleNotFoundError as exc:  # a lesson still being written has no module yet
            if exc.name != f"kfp_tutorial.lessons.{lesson.module_name}":
                raise
            continue
        for example in examples:
            for image in pipeline_images(example.pipeline):
                if image.startswith(PLACEHOLDER_REGISTRY):
                    continue  # a learner's own image (lesson 10's `kfp component build`)
                used.setdefault(image, set()).add(f"{lesson.name}:{example.func_name}")
    return used


def container_images(container: dict[str, Any]) -> set[str]:
    """A container's image, Argo's ``--executor-image`` argument and ``*_IMAGE`` env values."""
    images = {str(container["image"])} if container.get("image") else set()
    args = [str(arg) for arg in container.get("args") or []]
    images.update(
        value for flag, value in zip(args, args[1:], strict=False) if flag == "--executor-image"
    )
    for env in container.get("env") or []:
        if str(env.get("name", "")).endswith("_IMAGE") and env.get("value"):
            images.add(str(env["value"]))
    return images


def load_documents(text: str) -> list[dict[str, Any]]:
    """The objects of a multi-document YAML text (libyaml's parser when present: the
    vendored CRDs are large)."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return [doc for doc in yaml.load_all(text, Loader=loader) if isinstance(doc, dict)]


def images_in_manifests(text: str) -> set[str]:
    """Every image a rendered multi-document manifest runs (containers and init containers,
    Argo's executor, the API server's driver and launcher)."""
    return images_in_documents(load_documents(text))


def images_in_documents(docs: Iterable[Any]) -> set[str]:
    """:func:`images_in_manifests` for objects already parsed."""
    found: set[str] = set()

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            for key in ("containers", "initContainers"):
                for container in node.get(key) or []:
                    if isinstance(container, dict):
                        found.update(container_images(container))
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    for doc in docs:
        walk(doc)
    return found


def vendored_manifests(files: Iterable[Path] = VENDORED_FILES) -> str:
    """The text of the shipped, rendered manifests that ``up`` applies (no network)."""
    texts = []
    for path in files:
        if not path.is_file():
            raise TutorialError("cluster_vendored_missing", path=path, version=PIPELINE_VERSION)
        texts.append(path.read_text(encoding="utf-8"))
    return "\n---\n".join(texts)


def render_manifests(
    version: str = PIPELINE_VERSION,
    run: Callable[..., subprocess.CompletedProcess[str]] = subprocess.run,
) -> str:
    """``kubectl kustomize`` of the two pinned overlays that ``up`` applies (needs network)."""
    texts = []
    for overlay in INSTALL_OVERLAYS:
        url = f"{KFP_MANIFESTS}/{overlay}?ref={version}"
        try:
            done = run(["kubectl", "kustomize", url], capture_output=True, text=True, timeout=300)
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise TutorialError("cluster_images_render_failed", url=url, error=exc) from None
        if done.returncode != 0:
            error = (done.stderr or done.stdout).strip()[-400:]
            raise TutorialError("cluster_images_render_failed", url=url, error=error)
        texts.append(done.stdout)
    return "\n---\n".join(texts)


def compare_images(rendered: Iterable[str], listed: list[ListedImage]) -> tuple[list[str], list[str]]:
    """(images the manifests use that images.txt lacks, '## install'/'## runtime' entries no
    manifest uses)."""
    rendered = set(rendered)
    listed_names = {entry.image for entry in listed}
    from_manifests = {entry.image for entry in listed if entry.section in MANIFEST_SECTIONS}
    return sorted(rendered - listed_names), sorted(from_manifests - rendered)


def cmd_check_images(args: argparse.Namespace) -> int:
    """Compare ``cluster/images.txt`` with the images of the shipped manifests (offline) or,
    with ``--from-github``, of the upstream kustomizations rendered by ``kubectl kustomize``."""
    from_github = bool(getattr(args, "from_github", False))
    if from_github:
        require_tools("check-images --from-github", ("kubectl", "git"))
        text, source = render_manifests(), "GitHub"
    else:
        text, source = vendored_manifests(), f"cluster/{VENDORED_DIR.name}"
    rendered = images_in_manifests(text)
    listed = read_images()
    missing, stale = compare_images(rendered, listed)
    node = [entry.image for entry in listed if entry.section == NODE_SECTION]
    if missing:
        print(t("cluster_images_missing", version=PIPELINE_VERSION, images=", ".join(missing)))
    if stale:
        print(t("cluster_images_stale", images=", ".join(stale)))
    if node != [KIND_NODE_IMAGE]:
        print(t("cluster_images_node", expected=KIND_NODE_IMAGE, listed=", ".join(node) or "-"))
    ok = not missing and not stale and node == [KIND_NODE_IMAGE]
    if ok:
        print(t("cluster_images_ok", count=len(rendered), version=PIPELINE_VERSION, source=source))
    return 0 if ok else 1


def require_tools(
    command: str,
    tools: Iterable[str],
    which: Callable[[str], str | None] = shutil.which,
) -> None:
    """Raise a translated error naming every missing tool and where to get it."""
    missing = [tool for tool in tools if which(tool) is None]
    if missing:
        raise TutorialError(
            "cluster_tool_missing",
            command=command,
            tools=", ".join(missing),
            links=", ".join(f"{tool}: {INSTALL_LINKS.get(tool, '-')}" for tool in missing),
        )


def script_command(command: str, dry_run: bool = False, from_github: bool = False) -> list[str]:
    """The ``bash cluster/kfp-cluster.sh ...`` command line for a ``kfp-tutorial cluster`` command."""
    script_cmd, _ = COMMANDS[command]
    options = [*(["--dry-run"] if dry_run else []), *(["--from-github"] if from_github else [])]
    return ["bash", str(SCRIPT), *options, script_cmd]


def cmd_cluster(
    args: argparse.Namespace,
    run: Callable[..., subprocess.CompletedProcess[Any]] = subprocess.run,
    which: Callable[[str], str | None] = shutil.which,
) -> int:
    """Run the cluster script for ``args.cluster_command``; its exit code is ours."""
    if not SCRIPT.is_file():
        raise TutorialError("cluster_script_missing", path=SCRIPT)
    from_github = bool(getattr(args, "from_github", False))
    require_tools(args.cluster_command, ("bash",), which)
    if not args.dry_run:
        tools = (*COMMANDS[args.cluster_command][1], *(("git",) if from_github else ()))
        require_tools(args.cluster_command, tools, which)
    try:
        command = script_command(args.cluster_command, args.dry_run, from_github)
        return run(command, check=False).returncode
    except KeyboardInterrupt:  # Ctrl+C ends port-forward: that is how it is meant to stop
        return 0

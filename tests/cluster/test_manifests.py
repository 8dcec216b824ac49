"""The vendored KFP install manifests (``cluster/kfp-<version>/*.yaml``) against everything
that depends on them: ``images.txt`` (what ``preload-images`` pulls), the names the cluster
script relies on, the Kubernetes schemas of the pinned kind node, and the kind config.

No Docker and no network: the files are parsed once per session.
"""

from __future__ import annotations

import argparse
import copy
import functools
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
import yaml

from kfp_tutorial import versions
from kfp_tutorial.remote import kind_cluster as cluster

REPO = Path(__file__).resolve().parents[2]
CLUSTER = REPO / "kfp_tutorial" / "cluster"
VENDORED = CLUSTER / f"kfp-{versions.KFP_BACKEND_VERSION}"
SCRIPT = CLUSTER / "kfp-cluster.sh"
FILES = ("cluster-scoped-resources.yaml", "platform-agnostic.yaml")

# Kinds that no Kubernetes schema describes: objects of the CRDs the manifests install.
# None is in the vendored files today; a new one must be named here with the reason.
CUSTOM_KINDS: dict[str, str] = {}


@pytest.fixture(scope="session")
def vendored() -> dict[str, list[dict[str, Any]]]:
    """Each vendored file's objects, parsed once."""
    return {name: cluster.load_documents((VENDORED / name).read_text("utf-8")) for name in FILES}


def objects(vendored: dict[str, list[dict[str, Any]]], kind: str) -> dict[str, dict[str, Any]]:
    return {
        doc["metadata"]["name"]: doc for docs in vendored.values() for doc in docs if doc["kind"] == kind
    }


def script_array(name: str) -> list[str]:
    """The words of a bash array ``NAME=( ... )`` in the cluster script."""
    match = re.search(rf"^{name}=\(\n(.*?)\n\)$", SCRIPT.read_text("utf-8"), re.M | re.S)
    assert match, f"{name}=( ... ) not found in {SCRIPT.name}"
    return match.group(1).split()


# --- provenance ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", FILES)
def test_vendored_files_name_their_sources(name: str) -> None:
    head = (VENDORED / name).read_text("utf-8")[:2000]
    assert re.search(
        rf"kubeflow/pipelines\s+tag {re.escape(versions.KFP_BACKEND_VERSION)}\s+commit [0-9a-f]{{40}}\b",
        head,
    )
    assert re.search(
        rf"argoproj/argo-workflows\s+tag {re.escape(versions.ARGO_VERSION)}\s+commit [0-9a-f]{{40}}\b",
        head,
    )
    assert "python -m tools.vendor_kfp_manifests" in head
    overlay = "cluster-scoped-resources" if name.startswith("cluster") else "env/platform-agnostic"
    assert f"kubectl kustomize manifests/kustomize/{overlay}\n" in head


# --- images.txt ---------------------------------------------------------------------------


def test_the_vendored_manifests_start_the_18_images_of_the_release(
    vendored: dict[str, list[dict[str, Any]]],
) -> None:
    images = cluster.images_in_documents(doc for docs in vendored.values() for doc in docs)
    assert len(images) == 18, sorted(images)
    # The four places where the list written from memory of the 2.16 line was wrong.
    assert {
        f"quay.io/argoproj/workflow-controller:{versions.ARGO_VERSION}",
        f"quay.io/argoproj/argoexec:{versions.ARGO_VERSION}",
        "ghcr.io/chrislusf/seaweedfs:4.34",
        "docker.io/alpine:3.23",
        f"ghcr.io/kubeflow/kfp-cache-deployer:{versions.KFP_BACKEND_VERSION}",
        f"ghcr.io/kubeflow/kfp-driver:{versions.KFP_BACKEND_VERSION}",
        f"ghcr.io/kubeflow/kfp-launcher:{versions.KFP_BACKEND_VERSION}",
    } <= images
    assert not cluster.images_in_documents(vendored["cluster-scoped-resources.yaml"])  # no pods


def test_images_txt_is_exactly_manifests_lessons_and_node(
    vendored: dict[str, list[dict[str, Any]]],
) -> None:
    """The lessons' section equals the images the lessons compile to: that is checked by
    tests/cluster/test_cluster_scripts.py::test_images_txt_lists_every_lesson_image."""
    listed = cluster.read_images()
    names = [entry.image for entry in listed]
    assert len(names) == len(set(names)), "an image is listed twice"
    by_section: dict[str, set[str]] = {}
    for entry in listed:
        by_section.setdefault(entry.section, set()).add(entry.image)
    manifest_images = cluster.images_in_documents(doc for docs in vendored.values() for doc in docs)
    assert by_section.pop("node") == {versions.KIND_NODE_IMAGE}
    lesson_images = by_section.pop("lessons")
    assert lesson_images and not lesson_images & manifest_images
    install_and_runtime = by_section.pop("install") | by_section.pop("runtime")
    assert not by_section, f"unknown sections in images.txt: {sorted(by_section)}"
    assert sorted(install_and_runtime - manifest_images) == [], "listed but not in the manifests"
    assert sorted(manifest_images - install_and_runtime) == [], "in the manifests but not listed"
    assert set(names) == manifest_images | lesson_images | {versions.KIND_NODE_IMAGE}


def test_check_images_works_offline_from_the_vendored_files(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_network(*args: object, **kwargs: object) -> None:
        raise AssertionError("check-images without --from-github must run nothing")

    monkeypatch.setattr(subprocess, "run", no_network)
    monkeypatch.setattr(cluster.shutil, "which", lambda tool: None)  # no kubectl, no git
    args = argparse.Namespace(from_github=False)
    assert cluster.cmd_check_images(args) == 0
    assert (
        "lists all 18 images of the KFP 2.17.0 manifests (cluster/kfp-2.17.0)" in capsys.readouterr().out
    )

    real = cluster.read_images()
    wrong = [
        entry
        if "argoexec" not in entry.image
        else cluster.ListedImage("quay.io/argoproj/argoexec:v3.7.3", entry.section, entry.source)
        for entry in real
        if entry.section != "node"
    ]
    monkeypatch.setattr(cluster, "read_images", lambda: wrong)
    # Only the file with pods, to parse less (the CRDs start none: tested above).
    platform = (VENDORED / "platform-agnostic.yaml").read_text("utf-8")
    monkeypatch.setattr(cluster, "vendored_manifests", lambda: platform)
    assert cluster.cmd_check_images(args) == 1
    out = capsys.readouterr().out
    assert "missing from cluster/images.txt: quay.io/argoproj/argoexec:v4.0.5" in out
    assert "not used by the manifests: quay.io/argoproj/argoexec:v3.7.3" in out
    assert f"kind node image {versions.KIND_NODE_IMAGE}" in out


def test_check_images_says_when_the_vendored_files_are_missing(tmp_path: Path) -> None:
    with pytest.raises(cluster.TutorialError, match="kfp-tutorial cluster check-images --from-github"):
        cluster.vendored_manifests([tmp_path / "platform-agnostic.yaml"])


# --- the names kfp-cluster.sh relies on -------------------------------------------------------


def test_every_name_the_script_uses_exists(vendored: dict[str, list[dict[str, Any]]]) -> None:
    script = SCRIPT.read_text("utf-8")
    namespace = re.search(r'^NAMESPACE="([^"]+)"$', script, re.M)
    assert namespace and namespace.group(1) in objects(vendored, "Namespace")
    for doc in vendored["platform-agnostic.yaml"]:
        if doc["kind"] != "PriorityClass":  # the one cluster-scoped kind there
            assert doc["metadata"].get("namespace") == namespace.group(1), doc["metadata"]["name"]

    crds = script_array("KFP_CRDS")
    assert "applications.app.k8s.io" in crds
    assert sorted(crds) == sorted(objects(vendored, "CustomResourceDefinition"))

    ui = objects(vendored, "Service")["ml-pipeline-ui"]
    assert ui["spec"]["ports"][0]["port"] == 80  # `up` patches ports/0, port-forward uses :80
    assert "svc/ml-pipeline-ui" in script and '"${UI_PORT}:80"' in script

    deployments = script_array("KFP_DEPLOYMENTS")
    assert sorted(deployments) == sorted(objects(vendored, "Deployment"))


# --- Kubernetes schemas of the pinned node ---------------------------------------------------


def node_version() -> str:
    match = re.fullmatch(
        r"kindest/node:v(\d+\.\d+\.\d+)(@sha256:[0-9a-f]{64})?", versions.KIND_NODE_IMAGE
    )
    assert match, f"KIND_NODE_IMAGE is not kindest/node:vX.Y.Z: {versions.KIND_NODE_IMAGE}"
    return match.group(1)


@pytest.fixture(scope="session")
def validate() -> Iterator[Any]:
    """kubernetes-validate's ``validate`` with its schema files read once, not per object."""
    import kubernetes_validate
    from kubernetes_validate import utils

    with (
        mock.patch.object(utils, "schema_contents", functools.lru_cache(utils.schema_contents)),
        mock.patch.object(utils, "all_versions", functools.lru_cache(utils.all_versions)),
    ):
        yield kubernetes_validate.validate


def test_builtin_kinds_match_the_node_schemas(
    vendored: dict[str, list[dict[str, Any]]], validate: Any
) -> None:
    from kubernetes_validate import utils

    lesson_docs = {
        path.name: cluster.load_documents(path.read_text("utf-8"))
        for path in sorted((CLUSTER / "manifests").glob("*.yaml"))
    }
    assert len(lesson_docs) >= 2
    custom = {
        crd["spec"]["names"]["kind"] for crd in objects(vendored, "CustomResourceDefinition").values()
    }
    errors, validated, skipped = [], 0, []
    for name, docs in {**vendored, **lesson_docs}.items():
        for doc in docs:
            where = f"{name}: {doc['kind']} {doc['metadata']['name']}"
            if doc["kind"] in custom:
                assert doc["kind"] in CUSTOM_KINDS, f"{where}: a custom kind, name it in CUSTOM_KINDS"
                skipped.append(where)
                continue
            try:
                assert validate(doc, node_version(), strict=True) == ".".join(
                    node_version().split(".")[:2]
                )
                validated += 1
            except utils.ValidationError as error:
                errors.append(f"{where}: {'.'.join(map(str, error.path))}: {error.message}")
            except utils.SchemaNotFoundError as error:
                errors.append(f"{where}: no Kubernetes {node_version()} schema ({error.message})")
    assert not errors, "\n".join(errors)
    assert validated == sum(map(len, vendored.values())) + sum(map(len, lesson_docs.values())) - len(
        skipped
    )
    assert validated > 80


def test_the_validation_catches_a_wrong_field(
    vendored: dict[str, list[dict[str, Any]]], validate: Any
) -> None:
    from kubernetes_validate import utils

    service = copy.deepcopy(objects(vendored, "Service")["ml-pipeline-ui"])
    service["spec"]["ports"][0]["port"] = "eighty"
    with pytest.raises(utils.ValidationError):
        validate(service, node_version(), strict=True)
    deployment = copy.deepcopy(objects(vendored, "Deployment")["ml-pipeline"])
    deployment["spec"]["template"]["spec"]["containers"][0]["imagePullPolicyy"] = "Always"
    with pytest.raises(utils.ValidationError, match="imagePullPolicyy"):
        validate(deployment, node_version(), strict=True)


# --- the node image ---------------------------------------------------------------------------


def test_kind_config_pins_the_node_image_of_versions_py() -> None:
    config = yaml.safe_load((CLUSTER / "kind-config.yaml").read_text("utf-8"))
    assert config["nodes"], "kind-config.yaml has no nodes"
    assert [node.get("image") for node in config["nodes"]] == [versions.KIND_NODE_IMAGE] * len(
        config["nodes"]
    )
    node_version()  # a kindest/node:vX.Y.Z tag


def test_kubernetes_validate_has_the_schemas_of_the_node_version() -> None:
    from kubernetes_validate import utils

    minor = ".".join(node_version().split(".")[:2])
    assert minor in {".".join(v.split(".")[:2]) for v in utils.all_versions()}


# --- tools/vendor_kfp_manifests.py ------------------------------------------------------------


def test_vendor_script_points_argo_bases_at_a_relative_local_copy(tmp_path: Path) -> None:
    from tools import vendor_kfp_manifests as vendor

    kfp = tmp_path / "pipelines"
    argo = tmp_path / "argo-workflows"
    base = kfp / "manifests" / "kustomize" / "third-party" / "argo" / "base"
    base.mkdir(parents=True)
    (argo / "manifests" / "base" / "workflow-controller").mkdir(parents=True)
    kustomization = base / "kustomization.yaml"
    kustomization.write_text(
        "resources:\n"
        "- https://github.com/argoproj/argo-workflows/manifests/base/workflow-controller"
        "?ref=v4.0.5&timeout=60s\n"
        "- local.yaml\n",
        encoding="utf-8",
    )
    assert vendor.argo_paths(kfp) == {"manifests/base/workflow-controller"}
    assert vendor.localize_argo(kfp, argo, "v4.0.5") == [kustomization]
    entry = yaml.safe_load(kustomization.read_text("utf-8"))["resources"][0]
    assert not Path(entry).is_absolute()
    assert (base / entry).resolve() == (argo / "manifests" / "base" / "workflow-controller").resolve()

    kustomization.write_text(
        "resources:\n- https://github.com/argoproj/argo-workflows/manifests/base?ref=v3.7.3\n",
        encoding="utf-8",
    )
    with pytest.raises(SystemExit, match="v3.7.3 != --argo-tag v4.0.5"):
        vendor.localize_argo(kfp, argo, "v4.0.5")
    kustomization.write_text("resources:\n- https://example.org/other?ref=1\n", encoding="utf-8")
    with pytest.raises(SystemExit, match="cannot localize"):
        vendor.localize_argo(kfp, argo, "v4.0.5")

"""Versions, languages and ports are written once, in kfp_tutorial/versions.py.

Files that cannot import Python repeat a value; each copy is checked here, so changing
the version in one place and forgetting another fails a named test.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from kfp_tutorial import versions

REPO = Path(__file__).resolve().parents[2]
CLUSTER = REPO / "kfp_tutorial" / "cluster"


def _pins() -> dict[str, str]:
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    pins = {}
    for requirement in project["dependencies"]:
        name, _, version = requirement.partition("==")
        pins[name.strip()] = version.strip()
    return pins


def test_pyproject_pins_the_kfp_versions() -> None:
    pins = _pins()
    assert pins["kfp"] == versions.KFP_VERSION
    assert pins["kfp-kubernetes"] == versions.KFP_KUBERNETES_VERSION


def test_the_cluster_script_defaults_agree() -> None:
    script = (CLUSTER / "kfp-cluster.sh").read_text(encoding="utf-8")
    version = re.search(r'^PIPELINE_VERSION="\$\{PIPELINE_VERSION:-([^}]+)\}"', script, re.M)
    port = re.search(r'^UI_PORT="\$\{UI_PORT:-([^}]+)\}"', script, re.M)
    assert version and version.group(1) == versions.KFP_BACKEND_VERSION
    assert port and int(port.group(1)) == versions.UI_PORT


def test_the_kind_config_publishes_the_ui_port() -> None:
    config = (CLUSTER / "kind-config.yaml").read_text(encoding="utf-8")
    assert f"hostPort: {versions.UI_PORT}" in config


def test_the_installed_kfp_is_the_pinned_one() -> None:
    import importlib.metadata

    assert importlib.metadata.version("kfp") == versions.KFP_VERSION
    assert importlib.metadata.version("kfp-kubernetes") == versions.KFP_KUBERNETES_VERSION


def test_the_sdk_line_and_the_backend() -> None:
    # the pinned SDK is the newest tested one; every tested SDK is of the backend's minor line
    assert versions.KFP_TESTED_VERSIONS[-1] == versions.KFP_VERSION
    assert versions.KFP_KUBERNETES_VERSION == versions.KFP_VERSION
    minor = versions.KFP_BACKEND_VERSION.rsplit(".", 1)[0]
    assert all(v.rsplit(".", 1)[0] == minor for v in versions.KFP_TESTED_VERSIONS)
    assert versions.KFP_BACKEND_VERSION in versions.KFP_TESTED_VERSIONS


def test_pages_that_list_versions_name_the_sdk_and_the_backend() -> None:
    # where a page names the versions to install, it names the pinned SDK (and says the
    # cluster stays on the backend release)
    for lang in versions.LANGS:
        migration = (REPO / "lessons" / lang / "migration.md").read_text(encoding="utf-8")
        pins = f'"kfp=={versions.KFP_VERSION}" "kfp-kubernetes=={versions.KFP_KUBERNETES_VERSION}"'
        assert pins in migration
        getting_started = (REPO / "lessons" / lang / "00-getting-started.md").read_text(encoding="utf-8")
        assert f"pip install kfp=={versions.KFP_VERSION}" in getting_started
        cluster = (REPO / "lessons" / lang / "09-cluster.md").read_text(encoding="utf-8")
        assert f"KFP {versions.KFP_BACKEND_VERSION}" in cluster
        assert f"kfp {versions.KFP_VERSION}" in cluster, f"{lang} 09-cluster.md: name the SDK too"


def test_one_list_of_languages() -> None:
    from kfp_tutorial import i18n

    assert i18n.LANGS == versions.LANGS
    language_folders = [p.name for p in (REPO / "lessons").iterdir() if (p / "index.md").is_file()]
    assert sorted(language_folders) == sorted(versions.LANGS)

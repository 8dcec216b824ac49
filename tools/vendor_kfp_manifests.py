"""Regenerate the vendored KFP install manifests under kfp_tutorial/cluster/kfp-<version>/.

``kfp-cluster.sh up`` applies these rendered files, so an install needs neither GitHub nor
git. This maintainer script renders them from local clones of the two upstream repositories:

    python -m tools.vendor_kfp_manifests --kfp PATH/TO/pipelines --argo PATH/TO/argo-workflows

PATH may be a checkout or a bare git directory; the tags are read with ``git archive``, so the
checkouts' work trees are never touched. Steps:

1. ``git archive KFP_TAG manifests`` of kubeflow/pipelines into a temporary folder;
2. ``git archive ARGO_TAG manifests`` of argoproj/argo-workflows next to it;
3. every kustomization resource ``https://github.com/argoproj/argo-workflows/manifests/X?ref=ARGO_TAG``
   becomes the relative path of X in that local copy (kustomize refuses absolute paths), and a
   remote resource of any other form stops the script (it would need the network);
4. ``kubectl kustomize`` (kustomize v5.5 inside kubectl) renders ``cluster-scoped-resources`` and
   ``env/platform-agnostic``; each output is written with a header naming the sources, tags,
   commits and this command.

Nothing of the fetched repositories is kept: only the rendered YAML.
Used in: lesson 09 (offline install), tests/cluster/test_manifests.py (reads the output).
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tarfile
import tempfile
from io import BytesIO
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from kfp_tutorial.versions import ARGO_VERSION, KFP_BACKEND_VERSION  # noqa: E402

OVERLAYS = {
    "cluster-scoped-resources.yaml": "manifests/kustomize/cluster-scoped-resources",
    "platform-agnostic.yaml": "manifests/kustomize/env/platform-agnostic",
}
ARGO_REMOTE = re.compile(
    r"^(?P<indent>\s*-\s+)https://github\.com/argoproj/argo-workflows/(?P<path>manifests/[^?\s]+)"
    r"\?ref=(?P<ref>[^&\s]+)(?:&\S*)?\s*$"
)
ANY_REMOTE = re.compile(r"^\s*-\s+(?:https?://|github\.com/|git@)")


def out_dir(kfp_tag: str = KFP_BACKEND_VERSION) -> Path:
    """Where the rendered files go: ``kfp_tutorial/cluster/kfp-<tag>/``."""
    return REPO / "kfp_tutorial" / "cluster" / f"kfp-{kfp_tag}"


def git(repo: Path, *args: str) -> bytes:
    """Run git on a checkout (``-C``) or a bare git directory (``--git-dir``)."""
    where = ["-C", str(repo)] if (repo / ".git").exists() else ["--git-dir", str(repo)]
    return subprocess.run(["git", *where, *args], check=True, capture_output=True).stdout


def extract(repo: Path, tag: str, path: str, dest: Path) -> str:
    """Unpack ``path`` of ``tag`` into ``dest``; return the tag's commit."""
    commit = git(repo, "rev-parse", f"{tag}^{{commit}}").decode().strip()
    archive = git(repo, "archive", "--format=tar", tag, path)
    with tarfile.open(fileobj=BytesIO(archive)) as tar:
        tar.extractall(dest, filter="data")
    return commit


def argo_paths(kfp_root: Path) -> set[str]:
    """The Argo folders (``manifests/...``) that KFP's kustomizations load from GitHub."""
    found = set()
    for kustomization in (kfp_root / "manifests").rglob("kustomization.yaml"):
        for line in kustomization.read_text(encoding="utf-8").splitlines():
            match = ARGO_REMOTE.match(line)
            if match:
                found.add(match["path"].rstrip("/"))
    return found


def extract_argo(repo: Path, tag: str, paths: set[str], dest: Path) -> str:
    """Unpack the Argo folders KFP needs, and every local folder their kustomizations load.

    Only these paths: ``git archive`` of all of ``manifests`` would need the large files a
    shallow or partial clone may lack.
    """
    commit = ""
    todo = sorted(paths)
    done: set[str] = set()
    while todo:
        path = todo.pop()
        if path in done or any(path.startswith(d + "/") for d in done):
            continue
        commit = extract(repo, tag, path, dest)
        done.add(path)
        for kustomization in (dest / path).rglob("kustomization.yaml"):
            data = yaml.safe_load(kustomization.read_text(encoding="utf-8")) or {}
            for entry in [*(data.get("resources") or []), *(data.get("components") or [])]:
                entry = str(entry)
                if "://" in entry or entry.startswith("github.com/"):
                    raise SystemExit(f"{kustomization}: a remote resource: {entry}")
                target = (kustomization.parent / entry).resolve()
                if target.suffix in (".yaml", ".yml", ".json"):
                    target = target.parent
                relative = target.relative_to(dest.resolve()).as_posix()
                if not (dest / relative).exists():
                    todo.append(relative)
    return commit


def localize_argo(kfp_root: Path, argo_root: Path, argo_tag: str) -> list[Path]:
    """Point every Argo remote base of the KFP tree at the local Argo copy (relative paths)."""
    changed = []
    for kustomization in sorted((kfp_root / "manifests").rglob("kustomization.yaml")):
        lines = kustomization.read_text(encoding="utf-8").splitlines(keepends=True)
        new_lines = []
        for line in lines:
            match = ARGO_REMOTE.match(line)
            if match:
                if match["ref"] != argo_tag:
                    raise SystemExit(
                        f"{kustomization}: Argo ref {match['ref']} != --argo-tag {argo_tag}"
                    )
                target = argo_root / match["path"]
                if not target.is_dir():
                    raise SystemExit(f"{kustomization}: {match['path']} is not in Argo {argo_tag}")
                relative = Path(
                    *[".."] * len(kustomization.parent.relative_to(kfp_root.parent).parts)
                ) / target.relative_to(kfp_root.parent)
                line = f"{match['indent']}{relative.as_posix()}\n"
                changed.append(kustomization)
            elif ANY_REMOTE.match(line) and not line.lstrip().startswith("#"):
                raise SystemExit(
                    f"{kustomization}: a remote resource this script cannot localize: {line}"
                )
            new_lines.append(line)
        kustomization.write_text("".join(new_lines), encoding="utf-8")
    return changed


def header(
    name: str, overlay: str, kfp_tag: str, kfp_commit: str, argo_tag: str, argo_commit: str
) -> str:
    """The comment block on top of a vendored file: what it is, where from, how to redo it."""
    return (
        f"# GENERATED FILE, do not edit: rendered Kubeflow Pipelines {kfp_tag} install manifests.\n"
        f"# `kfp-cluster.sh up` applies this file (kubectl apply -f), so an install needs no network\n"
        f"# for the manifests.\n"
        f"#\n"
        f"# Sources:\n"
        f"#   kubeflow/pipelines     tag {kfp_tag}  commit {kfp_commit}\n"
        f"#   argoproj/argo-workflows tag {argo_tag}  commit {argo_commit}\n"
        f"#     (the remote Argo bases of KFP's kustomizations, made local)\n"
        f"# Rendered: kubectl kustomize {overlay}\n"
        f"# Regenerate: python -m tools.vendor_kfp_manifests --kfp PIPELINES_CLONE --argo ARGO_CLONE\n"
        f"#   (defaults: --kfp-tag {kfp_tag} --argo-tag {argo_tag}, from kfp_tutorial/versions.py)\n"
        f"# File: {name}\n"
    )


def main(argv: list[str] | None = None) -> int:
    """Render both overlays and write them under ``kfp_tutorial/cluster/kfp-<tag>/``."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--kfp", type=Path, required=True, help="clone of kubeflow/pipelines")
    parser.add_argument("--argo", type=Path, required=True, help="clone of argoproj/argo-workflows")
    parser.add_argument("--kfp-tag", default=KFP_BACKEND_VERSION)
    parser.add_argument("--argo-tag", default=ARGO_VERSION)
    parser.add_argument("--out", type=Path, default=None, help="default: kfp_tutorial/cluster/kfp-TAG")
    args = parser.parse_args(argv)
    out = args.out or out_dir(args.kfp_tag)
    with tempfile.TemporaryDirectory(prefix="vendor-kfp-") as tmp:
        kfp_root = Path(tmp) / "pipelines"
        argo_root = Path(tmp) / "argo-workflows"
        kfp_commit = extract(args.kfp, args.kfp_tag, "manifests", kfp_root)
        argo_commit = extract_argo(args.argo, args.argo_tag, argo_paths(kfp_root), argo_root)
        changed = localize_argo(kfp_root, argo_root, args.argo_tag)
        print(f"localized the Argo bases in {len(changed)} kustomizations", file=sys.stderr)
        out.mkdir(parents=True, exist_ok=True)
        for name, overlay in OVERLAYS.items():
            done = subprocess.run(
                ["kubectl", "kustomize", overlay],
                cwd=kfp_root,
                capture_output=True,
                text=True,
            )
            if done.returncode != 0:
                raise SystemExit(f"kubectl kustomize {overlay} failed:\n{done.stderr}")
            text = header(name, overlay, args.kfp_tag, kfp_commit, args.argo_tag, argo_commit)
            (out / name).write_text(text + "---\n" + done.stdout, encoding="utf-8")
            print(f"wrote {out / name}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

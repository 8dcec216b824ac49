"""The versions, languages and ports of the course: the one place each is written.

Everything else reads them from here. Files that cannot import Python (the cluster
script, ``pyproject.toml``, ``kind-config.yaml``) repeat a value, and
``tests/unit/test_versions.py`` checks that each copy agrees with this module.
This module imports nothing, so the CLI can read it without loading kfp.
"""

from __future__ import annotations

# The kfp SDK and kfp-kubernetes the course pins (pyproject.toml). 2.17 is the first line
# with local control flow; 2.17.3 is its newest release.
KFP_VERSION = "2.17.3"
KFP_KUBERNETES_VERSION = "2.17.3"

# The kfp releases the local runner's adapter (kfp_tutorial/local/kfp_internals.py) is
# tested with: the test command runs its canary tests against each of them (the pinned one
# in the course's environment, the others from a folder of their own: see
# tests/unit/test_kfp_other_versions.py). A learner whose
# environment already has one of them (a Kubeflow notebook image, Colab) is not refused.
# 2.17.1 and 2.17.2 were never released.
KFP_TESTED_VERSIONS: tuple[str, ...] = ("2.17.0", KFP_VERSION)

# The KFP backend the cluster script installs: 2.17.0 is the newest backend release (the
# SDK's 2.17.x patch releases compile the same pipeline spec for it).
KFP_BACKEND_VERSION = "2.17.0"

# Argo Workflows, as the KFP_BACKEND_VERSION manifests pin it (vendored under
# kfp_tutorial/cluster).
ARGO_VERSION = "v4.0.5"

# The kind node image: the Kubernetes version of a course cluster. Pinned so that every
# learner's cluster runs the Kubernetes whose schemas the manifests are validated against.
KIND_NODE_IMAGE = "kindest/node:v1.34.0"

# The languages of the course: pages, notebooks, messages. The first is the default.
LANGS: tuple[str, ...] = ("en", "ko")
DEFAULT_LANG = LANGS[0]

# The KFP UI on a course cluster: http://localhost:UI_PORT (kind publishes it there).
UI_PORT = 8080
LOCAL_UI = f"http://localhost:{UI_PORT}"

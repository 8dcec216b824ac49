"""Where the course is published, from one value in ``mkdocs.yml``.

``extra.repository`` (``OWNER/REPO`` on GitHub, overridable with the environment
variable ``KFP_TUTORIAL_REPOSITORY`` for a fork) and ``extra.branch`` are the only
place the location is written. Everything else is derived here: the site's URL
(GitHub Pages), the repository link and "edit this page" links, the "Open in Colab"
links of the lesson and notebook pages, and the ``pip install`` requirement that a
notebook opened in Colab uses to install the course (written into each notebook by
``python -m tools.notebooks colab``).
Used in: every lesson's page and notebook.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parents[2]
MKDOCS_YML = REPO_ROOT / "mkdocs.yml"
_REPOSITORY = re.compile(r"^[A-Za-z0-9][A-Za-z0-9-]*/[A-Za-z0-9._-]+$")


@dataclass(frozen=True)
class Publishing:
    """The course's home on GitHub and everything that follows from it."""

    repository: str  # OWNER/REPO
    branch: str

    @classmethod
    def from_extra(cls, extra: dict[str, Any]) -> Publishing:
        """Read ``extra.repository`` and ``extra.branch`` (a clear error if malformed)."""
        repository = str(extra.get("repository") or "").strip().strip("/")
        branch = str(extra.get("branch") or "main").strip()
        if not _REPOSITORY.match(repository):
            raise ValueError(
                f"extra.repository in mkdocs.yml (or $KFP_TUTORIAL_REPOSITORY) must be "
                f"OWNER/REPO on GitHub, not {repository!r}"
            )
        return cls(repository, branch)

    @classmethod
    def from_mkdocs_yml(cls, path: Path = MKDOCS_YML) -> Publishing:
        """The location ``mkdocs.yml`` gives (``!ENV`` resolved as MkDocs does)."""
        from mkdocs.utils import yaml_load

        with path.open(encoding="utf-8") as handle:
            config = yaml_load(handle)
        return cls.from_extra(config.get("extra") or {})

    @property
    def owner(self) -> str:
        return self.repository.split("/", 1)[0]

    @property
    def name(self) -> str:
        return self.repository.split("/", 1)[1]

    @property
    def site_url(self) -> str:
        """GitHub Pages: ``https://owner.github.io/repo/``."""
        return f"https://{self.owner.lower()}.github.io/{self.name}/"

    @property
    def repo_url(self) -> str:
        return f"https://github.com/{self.repository}"

    @property
    def edit_uri(self) -> str:
        """Relative to ``repo_url``: the docs folder on the branch, in GitHub's editor."""
        return f"edit/{self.branch}/lessons/"

    def colab_url(self, notebook: str) -> str:
        """Open ``notebook`` (a path in the repository, ``notebooks/en/02-add.ipynb``) in Colab."""
        return (
            f"https://colab.research.google.com/github/{self.repository}/blob/{self.branch}/{notebook}"
        )

    @property
    def pip_requirement(self) -> str:
        """What ``pip install`` is given to install the course from the repository."""
        return f"kfp-tutorial @ git+{self.repo_url}@{self.branch}"

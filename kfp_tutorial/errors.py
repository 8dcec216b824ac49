"""The one exception type for mistakes a learner can make.

The CLI prints a :class:`TutorialError` as a plain message (no traceback) and exits 2;
anything else is a bug in the course and keeps its traceback.
"""

from __future__ import annotations

from kfp_tutorial.i18n import t


class TutorialError(Exception):
    """A mistake with a clear, translated message that says how to fix it."""

    def __init__(self, key: str, **kwargs: object) -> None:
        self.key = key
        self.kwargs = kwargs
        super().__init__(t(key, **kwargs))

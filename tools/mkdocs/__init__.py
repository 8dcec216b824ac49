"""The docs site machinery: MkDocs hooks, the notebook-to-page renderer, the ``kfp-dag`` fence.

``mkdocs.yml`` loads :mod:`tools.mkdocs.hooks` (and the small
:mod:`tools.mkdocs.hooks_after_i18n`); everything reads the lesson registry,
so adding a lesson needs no change here. Used in: every lesson's pages.
"""

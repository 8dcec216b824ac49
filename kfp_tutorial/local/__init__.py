"""Local runs with ``kfp.local``: :mod:`.runner` (``run_local`` and the run folder),
:mod:`.arguments` (pipeline arguments from Python or the command line) and
:mod:`.kfp_internals`, the only module of the package that touches kfp.local's private
parts. Importing this package imports nothing heavy (no kfp), so the CLI can use
:mod:`.arguments`' cheap parts without loading kfp.
Used in: every lesson, ``kfp-tutorial run``.
"""

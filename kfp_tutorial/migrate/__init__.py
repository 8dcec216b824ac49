"""``kfp-tutorial migrate``: KFP v1 code rewritten for kfp 2, every change explained.

- :mod:`~kfp_tutorial.migrate.rewrite`: the codemod (libcst), :func:`migrate_source`;
- :mod:`~kfp_tutorial.migrate.names`: the v1 names it knows and their v2 forms;
- :mod:`~kfp_tutorial.migrate.catalogue`: each kind of change, why, and the page to read;
- :mod:`~kfp_tutorial.migrate.notebooks`: notebooks cell by cell;
- :mod:`~kfp_tutorial.migrate.verify`: the result compiled with kfp 2 before it is written;
- :mod:`~kfp_tutorial.migrate.command`: the command line.
"""

from kfp_tutorial.migrate.rewrite import Result, migrate_source

__all__ = ["Result", "migrate_source"]

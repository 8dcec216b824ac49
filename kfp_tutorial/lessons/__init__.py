"""One module per lesson: its components and pipelines, and an ``EXAMPLES`` list.

Sections between ``# --8<-- [start:NAME]`` and ``# --8<-- [end:NAME]`` are included
verbatim in the docs pages, so the code on the site is this code.
"""

"""kfp-tutorial: a bilingual Kubeflow Pipelines v2 course and its helper package.

``run_local`` runs any pipeline with ``kfp.local``; ``kfp_tutorial.lessons`` holds
each lesson's components and pipelines; ``kfp_tutorial.registry.LESSONS`` lists them.
"""

from kfp_tutorial.runner import RunResult, TaskRecord, run_local

__all__ = ["RunResult", "TaskRecord", "run_local", "__version__"]
__version__ = "0.1.0"

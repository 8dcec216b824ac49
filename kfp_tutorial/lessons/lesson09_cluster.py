"""Lesson 09: run on a cluster. The same pipelines, submitted to Kubeflow Pipelines on kind.

``where_am_i`` reports where its task ran: a local process (``kfp.local``) or a pod on
the cluster. ``submit_with_kfp_client`` shows the plain ``kfp.Client`` calls that
``kfp-tutorial run --host`` makes for you; the notebook submits lesson 02's
``calculation_pipeline`` with :mod:`kfp_tutorial.remote.submit`, or shows what it would submit
when no ``KFP_HOST`` is set. ``client_in_notebook_server`` and ``submit_to_full_kubeflow``
connect to a full, multi-user Kubeflow (namespace, token, cookie).
"""

from typing import Any

from kfp import dsl

from kfp_tutorial.lessons.common import BASE_IMAGE
from kfp_tutorial.lessons.lesson02_add import calculation_pipeline
from kfp_tutorial.registry import Example


# --8<-- [start:where_component]
@dsl.component(base_image=BASE_IMAGE)
def where_am_i() -> str:
    """Say where this task runs: a pod of a Kubernetes cluster, or a local process."""
    import os
    import platform

    # Kubernetes sets KUBERNETES_SERVICE_HOST in every pod it starts.
    if os.environ.get("KUBERNETES_SERVICE_HOST"):
        return f"Kubernetes pod {platform.node()}"
    return f"local process on {platform.node()}"


@dsl.pipeline(name="where", description="One task that says whether it ran in a pod or locally.")
def where_pipeline() -> str:
    return where_am_i().output


# --8<-- [end:where_component]


# --8<-- [start:kfp_client]
def submit_with_kfp_client(host: str) -> str:
    """Submit lesson 02's pipeline with the plain KFP SDK; return the new run's ID."""
    import kfp

    client = kfp.Client(host=host)  # e.g. "http://localhost:8080", the KFP UI
    client.create_experiment(name="kfp-tutorial")  # gets it if it exists already
    run = client.create_run_from_pipeline_func(
        calculation_pipeline,
        arguments={"a": 7.0, "b": 8.0},
        experiment_name="kfp-tutorial",
    )
    return str(run.run_id)  # the run's page: {host}/#/runs/details/{run_id}


# --8<-- [end:kfp_client]


# --8<-- [start:full_kubeflow_notebook]
def client_in_notebook_server() -> Any:
    """Inside a Kubeflow notebook server: a kfp.Client that needs no address and no login."""
    import kfp

    # Without a host, kfp.Client uses the in-cluster API (ml-pipeline.kubeflow:8888) and
    # the ServiceAccount token at $KF_PIPELINES_SA_TOKEN_PATH (mounted by the PodDefault
    # "access-ml-pipeline"); in multi-user mode it takes the namespace from the pod.
    return kfp.Client()


# --8<-- [end:full_kubeflow_notebook]


# --8<-- [start:full_kubeflow_laptop]
def submit_to_full_kubeflow(
    host: str, namespace: str, cookie: str | None = None, token: str | None = None
) -> Any:
    """From a laptop: submit ``where_pipeline`` to a multi-user Kubeflow through its gateway."""
    from kfp_tutorial.remote.submit import submit_run

    return submit_run(
        where_pipeline,
        {},
        host,  # e.g. "http://localhost:8080/pipeline" after a port-forward of the gateway
        namespace=namespace,  # your profile's namespace, e.g. "kubeflow-user-example-com"
        cookie=cookie,  # e.g. "oauth2_proxy_kubeflow=..." copied from the browser
        token=token,  # or a token: "Authorization: Bearer ..."
    )


# --8<-- [end:full_kubeflow_laptop]


# --8<-- [start:exercise_two_places]
@dsl.component(base_image=BASE_IMAGE)
def same_place(first: str, second: str) -> bool:
    """True when both reports name the same machine."""
    return first == second


@dsl.pipeline(name="two-places", description="Exercise: do two tasks run in the same place?")
def two_places_pipeline() -> bool:
    # where_am_i has no inputs: with caching on (KFP's default), a second run would be
    # answered from the cache, with the pod names of the first run.
    first = where_am_i().set_caching_options(False)
    second = where_am_i().set_caching_options(False)
    return same_place(first=first.output, second=second.output).output


# --8<-- [end:exercise_two_places]


EXAMPLES = [Example(where_pipeline)]

"""Lesson 08: resources and task settings.

CPU, memory and accelerator requests and limits, environment variables, caching and
retries on a task; with kfp-kubernetes: a Secret (as environment variables and as a
volume), a ConfigMap, a PersistentVolumeClaim, a node selector and a toleration.
``kfp.local`` ignores resources and Kubernetes settings (the runner names them); it
does apply environment variables, caching and retries. Used in: lesson 08.
"""

from kfp import dsl, kubernetes

from kfp_tutorial.lessons.common import BASE_IMAGE
from kfp_tutorial.registry import Example

# Names of the example Kubernetes objects: cluster/manifests/lesson08-*.yaml creates them.
SECRET_NAME = "kfp-tutorial-db"
CONFIG_MAP_NAME = "kfp-tutorial-settings"
SECRET_DIR = "/etc/kfp-tutorial/db"


# --8<-- [start:resource_components]
@dsl.component(base_image=BASE_IMAGE)
def fetch_data(rows: int, failures_before_success: int, run_id: str) -> list:
    """Stands in for a download that fails now and then.

    The first `failures_before_success` attempts of a run fail on purpose. Attempts
    are counted in a file, which works locally, where every attempt runs on your
    machine; on a cluster each attempt is a new Pod with an empty disk.
    """
    import tempfile
    from pathlib import Path

    counter = Path(tempfile.gettempdir()) / f"kfp-tutorial-fetch-{run_id}"
    attempt = int(counter.read_text()) + 1 if counter.exists() else 1
    counter.write_text(str(attempt))
    print(f"attempt {attempt}")
    if attempt <= failures_before_success:
        raise ConnectionError(f"attempt {attempt} failed on purpose")
    counter.unlink()
    return [float(row % 10) for row in range(rows)]


@dsl.component(base_image=BASE_IMAGE)
def normalize(values: list) -> list:
    """Scale the values to 0..1: same input, same output, so its result can be cached."""
    top = max(values) or 1.0
    return [value / top for value in values]


@dsl.component(base_image=BASE_IMAGE)
def train(values: list) -> str:
    """Pretend to train; reads its mode from the TRAINING_MODE environment variable."""
    import os

    mode = os.environ.get("TRAINING_MODE", "not set")
    mean = sum(values) / len(values)
    summary = f"mode={mode} rows={len(values)} mean={mean:.3f}"
    print(summary)
    return summary


# --8<-- [end:resource_components]


# --8<-- [start:resources_pipeline]
@dsl.pipeline(name="resources", description="Requests, limits, env, caching and retry.")
def resources_pipeline(rows: int = 100, failures_before_success: int = 0) -> str:
    """Task settings that every KFP backend understands; all of them run locally too."""
    fetch = fetch_data(
        rows=rows,
        failures_before_success=failures_before_success,
        run_id=dsl.PIPELINE_JOB_ID_PLACEHOLDER,  # the run's id, filled in when it runs
    )
    fetch.set_retry(num_retries=3, backoff_duration="1s", backoff_factor=2.0, backoff_max_duration="10s")
    fetch.set_caching_options(enable_caching=False)  # always fetch fresh data

    scaled = normalize(values=fetch.output)  # caching is on by default

    model = train(values=scaled.output)
    model.set_cpu_request("500m").set_cpu_limit("1")  # half a CPU guaranteed, at most one
    model.set_memory_request("256Mi").set_memory_limit("512Mi")
    model.set_env_variable("TRAINING_MODE", "fast")
    return model.output


# --8<-- [end:resources_pipeline]


# --8<-- [start:gpu_pipeline]
@dsl.component(base_image=BASE_IMAGE)
def check_gpu() -> str:
    """Say whether the task can see an NVIDIA GPU."""
    import shutil
    import subprocess

    if shutil.which("nvidia-smi") is None:
        return "no GPU visible"
    listing = subprocess.run(["nvidia-smi", "-L"], capture_output=True, text=True, check=False)
    return listing.stdout.strip() or "nvidia-smi found no GPU"


@dsl.pipeline(name="gpu", description="An accelerator, on a GPU node, tolerating its taint.")
def gpu_pipeline() -> str:
    """One task that asks for a GPU. It needs a cluster with GPU nodes (kind has none)."""
    task = check_gpu()
    task.set_accelerator_type("nvidia.com/gpu").set_accelerator_limit(1)  # v1: set_gpu_limit
    # Run only on nodes with this label (GKE: cloud.google.com/gke-accelerator) ...
    kubernetes.add_node_selector(task, label_key="nvidia.com/gpu.present", label_value="true")
    # ... and accept their taint, which keeps other Pods away from the GPUs.
    kubernetes.add_toleration(task, key="nvidia.com/gpu", operator="Exists", effect="NoSchedule")
    return task.output


# --8<-- [end:gpu_pipeline]


# --8<-- [start:settings_component]
@dsl.component(base_image=BASE_IMAGE)
def show_settings(secret_dir: str) -> str:
    """Report which settings reached the task, without ever printing a secret's value."""
    import os
    from pathlib import Path

    lines = []
    for name, secret in [("DB_USER", True), ("DB_PASSWORD", True), ("REGION", False)]:
        value = os.environ.get(name)
        if value is None:
            lines.append(f"{name}: not set")
        else:
            lines.append(f"{name}: {'set (value hidden)' if secret else value}")
    folder = Path(secret_dir)
    files = []
    if folder.is_dir():  # skip the hidden ..data entries Kubernetes keeps there
        files = sorted(p.name for p in folder.iterdir() if not p.name.startswith("."))
    lines.append(f"{secret_dir}: {', '.join(files) if files else 'not mounted'}")
    report = "\n".join(lines)
    print(report)
    return report


# --8<-- [end:settings_component]


# --8<-- [start:settings_pipeline]
@dsl.pipeline(name="kubernetes-settings", description="A Secret and a ConfigMap for one task.")
def settings_pipeline() -> str:
    """Settings from Kubernetes objects: create them first (cluster/manifests/lesson08-*.yaml)."""
    task = show_settings(secret_dir=SECRET_DIR)
    kubernetes.use_secret_as_env(
        task,
        secret_name=SECRET_NAME,
        secret_key_to_env={"username": "DB_USER", "password": "DB_PASSWORD"},
    )
    kubernetes.use_secret_as_volume(task, secret_name=SECRET_NAME, mount_path=SECRET_DIR)
    kubernetes.use_config_map_as_env(
        task, config_map_name=CONFIG_MAP_NAME, config_map_key_to_env={"region": "REGION"}
    )
    return task.output


# --8<-- [end:settings_pipeline]


# --8<-- [start:pvc_components]
@dsl.component(base_image=BASE_IMAGE)
def write_file(folder: str, text: str) -> str:
    """Write `text` to a file in `folder` (a mounted volume) and return the file's path."""
    from pathlib import Path

    path = Path(folder) / "message.txt"
    path.write_text(text)
    return str(path)


@dsl.component(base_image=BASE_IMAGE)
def read_file(path: str) -> str:
    """Read the file another task wrote to the shared volume."""
    from pathlib import Path

    return Path(path).read_text()


# --8<-- [end:pvc_components]


# --8<-- [start:pvc_pipeline]
@dsl.pipeline(name="shared-volume", description="CreatePVC, mount it in two tasks, DeletePVC.")
def pvc_pipeline(text: str = "written by one task, read by another") -> str:
    """Two tasks share a PersistentVolumeClaim; the pipeline creates and deletes it."""
    pvc = kubernetes.CreatePVC(
        pvc_name_suffix="-kfp-tutorial",  # the run's id + this suffix: unique per run
        access_modes=["ReadWriteOnce"],
        size="1Gi",
        storage_class_name="standard",  # kind's default storage class; use your cluster's
    )
    writer = write_file(folder="/data", text=text)
    kubernetes.mount_pvc(writer, pvc_name=pvc.outputs["name"], mount_path="/data")
    reader = read_file(path=writer.output)
    kubernetes.mount_pvc(reader, pvc_name=pvc.outputs["name"], mount_path="/data")
    delete = kubernetes.DeletePVC(pvc_name=pvc.outputs["name"]).after(reader)
    # A cached CreatePVC would hand out the name of a PVC that DeletePVC already removed.
    for task in (pvc, writer, reader, delete):
        task.set_caching_options(enable_caching=False)
    return reader.output


# --8<-- [end:pvc_pipeline]


# --8<-- [start:pod_settings_pipeline]
@dsl.pipeline(
    name="pod-settings",
    description="Who the task runs as, one folder of a volume, how long the run may live.",
    pipeline_config=dsl.PipelineConfig(
        active_deadline_seconds=1800,  # stop the whole run after 30 minutes
        ttl_seconds_after_success=3600,  # remove a successful run's pods after an hour
        ttl_seconds_after_failure=86400,  # keep a failed run's pods for a day, to debug
    ),
)
def pod_settings_pipeline(text: str = "written by user 1000") -> str:
    writer = write_file(folder="/data", text=text)
    kubernetes.set_security_context(writer, run_as_user=1000, run_as_group=1000)  # kfp 2.16
    kubernetes.mount_pvc(
        writer,
        pvc_name="team-data",  # an existing claim
        mount_path="/data",
        sub_path="lesson08",  # kfp 2.16: only this folder of the volume
    )
    return writer.output


# --8<-- [end:pod_settings_pipeline]


# --8<-- [start:exercise_memory_env]
@dsl.pipeline(name="resources-exercise", description="Exercise: more memory, another mode.")
def exercise_resources_pipeline(rows: int = 100) -> str:
    """Exercise solution: train with 1 GiB guaranteed, 2 GiB at most, in "thorough" mode."""
    fetch = fetch_data(rows=rows, failures_before_success=0, run_id=dsl.PIPELINE_JOB_ID_PLACEHOLDER)
    fetch.set_caching_options(enable_caching=False)
    scaled = normalize(values=fetch.output)
    model = train(values=scaled.output)
    model.set_memory_request("1Gi").set_memory_limit("2Gi")
    model.set_env_variable("TRAINING_MODE", "thorough")
    return model.output


# --8<-- [end:exercise_memory_env]


# --8<-- [start:exercise_config_map_volume]
@dsl.pipeline(name="config-map-volume", description="Exercise: a ConfigMap as files.")
def exercise_config_map_volume_pipeline() -> str:
    """Exercise solution: the ConfigMap's keys become files in a folder."""
    task = show_settings(secret_dir="/etc/kfp-tutorial/settings")
    kubernetes.use_config_map_as_volume(
        task, config_map_name=CONFIG_MAP_NAME, mount_path="/etc/kfp-tutorial/settings"
    )
    return task.output


# --8<-- [end:exercise_config_map_volume]


EXAMPLES = [
    Example(resources_pipeline, {"rows": 100, "failures_before_success": 0}),
    Example(settings_pipeline),
    Example(gpu_pipeline, on_kind=False),  # asks for a GPU node: Pending forever on kind
    Example(pvc_pipeline, local=False),  # CreatePVC / DeletePVC are done by the KFP backend
]

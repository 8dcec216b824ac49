# 2020년에 만든 레거시 학습 파이프라인. 이것저것 다 들어 있음 (건드리기 전에 담당자 확인)
import json

import kfp
import kfp.dsl as dsl
from kfp import onprem
from kfp.components import create_component_from_func
from kubernetes.client.models import V1EnvVar

BASE = "harbor.internal.example.com/ml/base:py37-2020.11"


def list_segments(segments_json: str, scratch_dir: str) -> list:
    import json

    # 세그먼트 목록을 스크래치 볼륨에도 남겨 둔다
    with open(scratch_dir + "/segments.json", "w") as f:
        f.write(segments_json)
    return json.loads(segments_json)


def train_segment(segment: str, run_id: str) -> float:
    import random

    print("segment", segment, "run", run_id)
    return random.uniform(0.5, 0.9)


def gate(min_segments: int, total: int) -> str:
    return "go" if total >= min_segments else "stop"


list_segments_op = create_component_from_func(list_segments, base_image=BASE)
train_segment_op = create_component_from_func(train_segment, base_image=BASE)
gate_op = create_component_from_func(gate, base_image=BASE)


def notify_op(text):
    return dsl.ContainerOp(
        name="notify",
        image="harbor.internal.example.com/ops/notify:0.4",
        command=["notify", "--text", text, "--status", "{{workflow.status}}"],
    ).apply(onprem.use_k8s_secret(secret_name="notify-token", k8s_secret_key_to_env={"token": "NOTIFY_TOKEN"}))


@dsl.pipeline(name="legacy-segment-training", description="세그먼트별 모델 학습 (레거시)")
def legacy_pipeline(segments_json: str = json.dumps(["vip", "new", "dormant"]), min_segments: int = 2):
    exit_op = notify_op("legacy-segment-training finished")
    with dsl.ExitHandler(exit_op):
        vop = dsl.VolumeOp(name="scratch", resource_name="legacy-scratch", size="10Gi", modes=dsl.VOLUME_MODE_RWO)
        g = gate_op(min_segments, 3)
        with dsl.Condition(g.output == "go"):
            # NOTE: kfp 1.8 이 조건문 밖의 출력으로 ParallelFor 를 돌리면 컴파일 에러 -> 안으로 옮김
            segments = list_segments_op(segments_json, "/scratch").add_pvolumes({"/scratch": vop.volume})
            segments.execution_options.caching_strategy.max_cache_staleness = "P0D"
            with dsl.ParallelFor(segments.output) as segment:
                t = train_segment_op(segment, dsl.RUN_ID_PLACEHOLDER)
                t.set_gpu_limit(1)
                t.add_node_selector_constraint("node-pool", "gpu")
                t.set_retry(3)
                t.add_env_variable(V1EnvVar(name="SEGMENT", value=str(segment)))
        with dsl.Condition(g.output != "go"):
            dsl.ContainerOp(name="skip", image="alpine:3.12", command=["echo", "skip training"])


if __name__ == "__main__":
    kfp.compiler.Compiler().compile(legacy_pipeline, "legacy_pipeline.tar.gz")
    client = kfp.Client()
    client.create_run_from_pipeline_func(legacy_pipeline, arguments={"min_segments": 1})

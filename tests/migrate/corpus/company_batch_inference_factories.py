import kfp
import kfp.dsl as dsl
from kfp.onprem import mount_pvc

IMAGE = "harbor.internal.example.com/ml/batch-infer:3.2.0"
PVC_NAME = "batch-inference-pvc"


def make_step(name, module, *args, outputs=None):
    """공통 스텝 팩토리: 모든 스텝은 같은 PVC 를 /workspace 에 마운트한다"""
    op = dsl.ContainerOp(
        name=name,
        image=IMAGE,
        command=["python", "-m", module],
        arguments=list(args),
        file_outputs=outputs or {},
    )
    op.apply(mount_pvc(PVC_NAME, "workspace", "/workspace"))
    op.set_retry(2)
    return op


@dsl.pipeline(name="batch-inference", description="일 단위 배치 추론")
def batch_inference(ds: str, model_version: str = "latest", chunk_count: int = 4):
    fetch = make_step("fetch-model", "infer.fetch_model", "--version", model_version,
                      outputs={"model_path": "/tmp/model_path"})
    split = make_step("split-input", "infer.split", "--ds", ds, "--chunks", chunk_count,
                      outputs={"chunks": "/tmp/chunks.json"})
    with dsl.ParallelFor(split.outputs["chunks"]) as chunk:
        predict = make_step("predict", "infer.predict", "--model", fetch.outputs["model_path"], "--chunk", chunk)
        predict.set_memory_limit("6Gi")
    merge = make_step("merge", "infer.merge", "--ds", ds)
    merge.after(predict)
    make_step("publish", "infer.publish", "--ds", ds).after(merge)


if __name__ == "__main__":
    kfp.compiler.Compiler().compile(batch_inference, "batch_inference.yaml")

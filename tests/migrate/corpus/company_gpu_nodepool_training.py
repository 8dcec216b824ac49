import kfp
from kfp import dsl
from kfp.components import create_component_from_func
from kubernetes.client.models import V1Toleration

GPU_IMAGE = "nvcr.io/nvidia/pytorch:21.10-py3"


def train_bert(epochs: int, batch_size: int, model_dir: str) -> str:
    import subprocess

    subprocess.run(["nvidia-smi"], check=False)
    print(f"BERT fine-tuning epochs={epochs} batch_size={batch_size}")
    return model_dir + "/bert-finetuned"


def export_onnx(model_uri: str) -> str:
    print("exporting", model_uri)
    return model_uri + ".onnx"


train_bert_op = create_component_from_func(train_bert, base_image=GPU_IMAGE)
export_onnx_op = create_component_from_func(export_onnx, base_image=GPU_IMAGE)


def on_gpu_pool(op, gpus=1, pool="a100-pool"):
    """GPU 노드풀 스케줄링 공통 설정"""
    op.set_gpu_limit(gpus)
    op.add_node_selector_constraint("cloud.google.com/gke-nodepool", pool)
    op.add_toleration(V1Toleration(key="nvidia.com/gpu", operator="Exists", effect="NoSchedule"))
    op.set_memory_limit("60G")
    return op


@dsl.pipeline(name="bert-finetune", description="A100 노드풀에서 BERT 파인튜닝")
def bert_finetune(epochs: int = 3, batch_size: int = 32, model_dir: str = "gs://ml-models/bert"):
    trained = on_gpu_pool(train_bert_op(epochs, batch_size, model_dir), gpus=4)
    export_onnx_op(trained.output).set_cpu_limit("2")


if __name__ == "__main__":
    kfp.compiler.Compiler().compile(bert_finetune, "bert_finetune.yaml")

import kfp
from kfp import dsl
from kfp.components import create_component_from_func


def count_images(directory: str) -> int:
    import os

    n = len([f for f in os.listdir(directory) if f.endswith(".jpg")]) if os.path.isdir(directory) else 0
    print("이미지 수:", n)
    return n


def resize(directory: str, size: int):
    print(f"{directory} 의 이미지를 {size}px 로 리사이즈")


def warn(message: str):
    print("경고:", message)


count_op = create_component_from_func(count_images)
resize_op = create_component_from_func(resize)
warn_op = create_component_from_func(warn)


@dsl.pipeline(name="pvc-condition-loop", description="PVC 에 있는 이미지 수에 따라 리사이즈")
def image_pipeline(pvc_size: str = "5Gi"):
    vop = dsl.VolumeOp(name="image-pvc", resource_name="images", size=pvc_size, modes=dsl.VOLUME_MODE_RWO)
    counted = count_op("/images").add_pvolumes({"/images": vop.volume})
    with dsl.Condition(counted.output > 0):
        with dsl.ParallelFor([64, 128, 256]) as size:
            resize_op("/images", size).add_pvolumes({"/images": vop.volume})
    with dsl.Condition(counted.output == 0):
        warn_op("이미지가 없습니다")


if __name__ == "__main__":
    kfp.compiler.Compiler().compile(image_pipeline, "image_pipeline.yaml")

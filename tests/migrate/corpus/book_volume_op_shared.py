import kfp
from kfp import dsl
from kfp.components import create_component_from_func


def write_file(path: str, content: str):
    import os

    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(content)
    print("저장:", path)


def read_file(path: str):
    with open(path) as f:
        print("읽은 내용:", f.read())


write_op = create_component_from_func(write_file)
read_op = create_component_from_func(read_file)


@dsl.pipeline(name="volume-op", description="PVC 를 만들어 컴포넌트끼리 파일을 공유")
def volume_pipeline(size: str = "1Gi"):
    # PVC 생성
    vop = dsl.VolumeOp(
        name="create-pvc",
        resource_name="my-pvc",
        modes=dsl.VOLUME_MODE_RWO,
        size=size,
    )
    writer = write_op("/data/hello.txt", "안녕하세요").add_pvolumes({"/data": vop.volume})
    reader = read_op("/data/hello.txt").add_pvolumes({"/data": writer.pvolume})


if __name__ == "__main__":
    kfp.compiler.Compiler().compile(volume_pipeline, "volume_pipeline.yaml")

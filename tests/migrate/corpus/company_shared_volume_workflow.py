import kfp
from kfp import dsl
from kfp.components import create_component_from_func


def download(url: str, target: str):
    import urllib.request

    urllib.request.urlretrieve(url, target)
    print("downloaded", target)


def unzip(archive: str, target_dir: str):
    import zipfile

    with zipfile.ZipFile(archive) as z:
        z.extractall(target_dir)


def train(data_dir: str, model_path: str):
    import os

    print("files:", os.listdir(data_dir))
    with open(model_path, "w") as f:
        f.write("model")


download_op = create_component_from_func(download)
unzip_op = create_component_from_func(unzip)
train_op = create_component_from_func(train)


@dsl.pipeline(name="shared-volume", description="하나의 PVC 를 여러 단계가 공유")
def shared_volume(url: str = "https://example.com/images.zip", size: str = "20Gi"):
    volume = dsl.VolumeOp(
        name="workspace",
        resource_name="workspace-pvc",
        size=size,
        modes=dsl.VOLUME_MODE_RWM,
        storage_class="nfs-client",
    )
    mounts = {"/workspace": volume.volume}
    dl = download_op(url, "/workspace/images.zip").add_pvolumes(mounts)
    uz = unzip_op("/workspace/images.zip", "/workspace/images").add_pvolumes(mounts).after(dl)
    train_op("/workspace/images", "/workspace/model.bin").add_pvolumes(mounts).after(uz)


if __name__ == "__main__":
    kfp.compiler.Compiler().compile(shared_volume, "shared_volume.yaml")

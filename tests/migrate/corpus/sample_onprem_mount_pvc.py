import kfp
from kfp import dsl, onprem
from kfp.components import create_component_from_func


def list_dir(path: str) -> int:
    import os

    entries = os.listdir(path)
    for e in entries:
        print(e)
    return len(entries)


def write_marker(path: str, count: int):
    with open(path + '/_SUCCESS', 'w') as f:
        f.write(str(count))


list_dir_op = create_component_from_func(list_dir)
write_marker_op = create_component_from_func(write_marker)


@dsl.pipeline(name='mount-existing-pvc', description='Mount a PVC that already exists')
def mount_pvc_pipeline(pvc_name: str = 'shared-data', mount_path: str = '/mnt/shared'):
    listing = list_dir_op(mount_path).apply(onprem.mount_pvc(pvc_name, 'shared-volume', mount_path))
    write_marker_op(mount_path, listing.output).apply(onprem.mount_pvc(pvc_name, 'shared-volume', mount_path))


if __name__ == '__main__':
    kfp.compiler.Compiler().compile(mount_pvc_pipeline, __file__ + '.yaml')

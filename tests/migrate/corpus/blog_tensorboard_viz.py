import kfp
from kfp import dsl
from kfp.components import OutputPath, create_component_from_func


def train_keras(epochs: int, log_dir: str, mlpipeline_ui_metadata_path: OutputPath("UI_Metadata")) -> str:
    import json

    import tensorflow as tf

    (x, y), _ = tf.keras.datasets.mnist.load_data()
    x = x[:5000] / 255.0
    model = tf.keras.Sequential([tf.keras.layers.Flatten(), tf.keras.layers.Dense(64, activation="relu"),
                                 tf.keras.layers.Dense(10)])
    model.compile(optimizer="adam", loss=tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True),
                  metrics=["accuracy"])
    # 텐서보드 로그를 MinIO(S3) 에 쓴다
    model.fit(x, y[:5000], epochs=epochs, callbacks=[tf.keras.callbacks.TensorBoard(log_dir=log_dir)])

    metadata = {"outputs": [{"type": "tensorboard", "source": log_dir}]}
    with open(mlpipeline_ui_metadata_path, "w") as f:
        json.dump(metadata, f)
    return log_dir


train_op = create_component_from_func(train_keras, base_image="tensorflow/tensorflow:2.7.0")


@dsl.pipeline(name="tensorboard-viz", description="학습 로그를 텐서보드로 보기")
def tensorboard_pipeline(epochs: int = 2, log_dir: str = "s3://mlpipeline/tensorboard/mnist"):
    train_op(epochs, log_dir)


if __name__ == "__main__":
    kfp.compiler.Compiler().compile(tensorboard_pipeline, "tensorboard_pipeline.yaml")

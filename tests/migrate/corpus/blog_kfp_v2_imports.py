# kfp 1.8 에서 v2 문법 미리 써보기 (v2 호환 모드)
import kfp
from kfp.v2 import dsl
from kfp.v2.dsl import Dataset, Input, Metrics, Model, Output, component


@component(base_image="python:3.9", packages_to_install=["pandas", "scikit-learn"])
def make_data(dataset: Output[Dataset]):
    import pandas as pd
    from sklearn.datasets import load_iris

    load_iris(as_frame=True).frame.to_csv(dataset.path, index=False)


@component(base_image="python:3.9", packages_to_install=["pandas", "scikit-learn", "joblib"])
def train(dataset: Input[Dataset], model: Output[Model], metrics: Output[Metrics], max_iter: int = 200):
    import joblib
    import pandas as pd
    from sklearn.linear_model import LogisticRegression

    df = pd.read_csv(dataset.path)
    clf = LogisticRegression(max_iter=max_iter).fit(df.drop(columns="target"), df["target"])
    metrics.log_metric("train_accuracy", float(clf.score(df.drop(columns="target"), df["target"])))
    joblib.dump(clf, model.path)


@dsl.pipeline(name="v2-compatible", description="kfp.v2.dsl 로 작성한 파이프라인")
def v2_pipeline(max_iter: int = 200):
    data = make_data()
    train(dataset=data.outputs["dataset"], max_iter=max_iter)


if __name__ == "__main__":
    kfp.compiler.Compiler(mode=kfp.dsl.PipelineExecutionMode.V2_COMPATIBLE).compile(
        pipeline_func=v2_pipeline, package_path="v2_pipeline.yaml"
    )

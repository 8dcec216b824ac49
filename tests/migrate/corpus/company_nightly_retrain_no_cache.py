# nightly 재학습: 모든 스텝 캐시 비활성화 (데이터가 매일 바뀜)
import kfp
from kfp import dsl
from kfp.components import create_component_from_func


def snapshot_features(ds: str) -> str:
    return f"s3://features/snapshots/{ds}"


def fit(features_uri: str, l2: float) -> str:
    print("fit", features_uri, l2)
    return features_uri.replace("features/snapshots", "models")


def backtest(model_uri: str) -> float:
    return 0.91


snapshot_op = create_component_from_func(snapshot_features, base_image="python:3.8")
fit_op = create_component_from_func(fit, base_image="python:3.8")
backtest_op = create_component_from_func(backtest, base_image="python:3.8")


def disable_cache(op):
    op.execution_options.caching_strategy.max_cache_staleness = "P0D"
    return op


@dsl.pipeline(name="nightly-retrain", description="매일 밤 재학습과 백테스트")
def nightly_retrain(ds: str = "2021-12-01", l2: float = 0.01):
    snap = snapshot_op(ds)
    model = fit_op(snap.output, l2)
    bt = backtest_op(model.output)
    for op in (snap, model, bt):
        disable_cache(op)


if __name__ == "__main__":
    pipeline_conf = dsl.PipelineConf()
    pipeline_conf.add_op_transformer(disable_cache)
    kfp.compiler.Compiler().compile(nightly_retrain, "nightly_retrain.yaml", pipeline_conf=pipeline_conf)

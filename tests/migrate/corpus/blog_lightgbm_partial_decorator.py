from functools import partial

import kfp
from kfp import dsl
from kfp.components import InputPath, OutputPath, create_component_from_func

# 자주 쓰는 설정을 묶어 둔 데코레이터
lgbm_component = partial(
    create_component_from_func,
    base_image="python:3.8",
    packages_to_install=["lightgbm==3.3.1", "pandas==1.3.4", "scikit-learn==1.0.1"],
)


@lgbm_component
def load_diabetes_data(x_path: OutputPath("CSV"), y_path: OutputPath("CSV")):
    from sklearn.datasets import load_diabetes

    x, y = load_diabetes(return_X_y=True, as_frame=True)
    x.to_csv(x_path, index=False)
    y.to_csv(y_path, index=False)


@lgbm_component
def train_lgbm(x_path: InputPath("CSV"), y_path: InputPath("CSV"), model_path: OutputPath("LGBMModel"),
               num_leaves: int = 31, learning_rate: float = 0.05) -> float:
    import lightgbm as lgb
    import pandas as pd
    from sklearn.model_selection import cross_val_score

    x = pd.read_csv(x_path)
    y = pd.read_csv(y_path).squeeze()
    model = lgb.LGBMRegressor(num_leaves=num_leaves, learning_rate=learning_rate)
    rmse = -cross_val_score(model, x, y, scoring="neg_root_mean_squared_error", cv=5).mean()
    model.fit(x, y)
    model.booster_.save_model(model_path)
    return float(rmse)


@lgbm_component
def print_score(rmse: float):
    print(f"교차검증 RMSE: {rmse:.3f}")


@dsl.pipeline(name="lgbm-diabetes", description="LightGBM 당뇨병 회귀")
def lgbm_pipeline(num_leaves: int = 31, learning_rate: float = 0.05):
    data = load_diabetes_data()
    trained = train_lgbm(data.outputs["x"], data.outputs["y"], num_leaves=num_leaves, learning_rate=learning_rate)
    print_score(trained.outputs["output"])


if __name__ == "__main__":
    kfp.compiler.Compiler().compile(lgbm_pipeline, "lgbm_pipeline.yaml")

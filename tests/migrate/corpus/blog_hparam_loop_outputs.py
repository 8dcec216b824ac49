import json

import kfp
from kfp import dsl
from kfp.components import create_component_from_func


def make_grid(max_depth_list: str, n_estimators_list: str) -> str:
    import itertools
    import json

    depths = [int(x) for x in max_depth_list.split(",")]
    trees = [int(x) for x in n_estimators_list.split(",")]
    grid = [{"max_depth": d, "n_estimators": n} for d, n in itertools.product(depths, trees)]
    # ParallelFor 에 넘길 수 있게 JSON 문자열로 반환
    return json.dumps(grid)


def train_rf(max_depth: int, n_estimators: int) -> float:
    from sklearn.datasets import load_digits
    from sklearn.ensemble import RandomForestClassifier
    from sklearn.model_selection import cross_val_score

    x, y = load_digits(return_X_y=True)
    model = RandomForestClassifier(max_depth=max_depth, n_estimators=n_estimators)
    score = cross_val_score(model, x, y, cv=3).mean()
    print(max_depth, n_estimators, score)
    return float(score)


make_grid_op = create_component_from_func(make_grid)
train_rf_op = create_component_from_func(train_rf, packages_to_install=["scikit-learn"])


@dsl.pipeline(name="grid-search", description="컴포넌트 출력으로 반복문 돌리기")
def grid_search_pipeline(max_depth_list: str = "3,5,10", n_estimators_list: str = "50,100"):
    grid = make_grid_op(max_depth_list, n_estimators_list)
    with dsl.ParallelFor(grid.output) as param:
        train_rf_op(param.max_depth, param.n_estimators)


if __name__ == "__main__":
    kfp.compiler.Compiler().compile(grid_search_pipeline, "grid_search.yaml")
    print(json.dumps({"compiled": "grid_search.yaml"}))

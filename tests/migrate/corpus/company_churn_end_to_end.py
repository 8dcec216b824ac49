# 고객 이탈 예측 E2E 파이프라인 (데이터사이언스팀)
from functools import partial
from typing import NamedTuple

import kfp
from kfp import dsl
from kfp.components import InputPath, OutputPath, create_component_from_func

BASE = "harbor.internal.example.com/ds/python:3.8-sklearn1.0"
component = partial(create_component_from_func, base_image=BASE)


@component
def extract(query_date: str, out_path: OutputPath("CSV")):
    import csv
    import random

    with open(out_path, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["tenure", "monthly", "support_calls", "churn"])
        for _ in range(500):
            tenure = random.randint(1, 72)
            w.writerow([tenure, random.uniform(20, 120), random.randint(0, 10), int(random.random() < 0.2)])


@component
def split(data_path: InputPath("CSV"), train_path: OutputPath("CSV"), test_path: OutputPath("CSV")):
    lines = open(data_path).read().splitlines()
    header, rows = lines[0], lines[1:]
    cut = int(len(rows) * 0.8)
    open(train_path, "w").write("\n".join([header] + rows[:cut]))
    open(test_path, "w").write("\n".join([header] + rows[cut:]))


@component
def train(train_path: InputPath("CSV"), model_path: OutputPath("Pickle"), n_estimators: int = 200):
    import pickle

    import pandas as pd
    from sklearn.ensemble import GradientBoostingClassifier

    df = pd.read_csv(train_path)
    clf = GradientBoostingClassifier(n_estimators=n_estimators).fit(df.drop(columns="churn"), df["churn"])
    pickle.dump(clf, open(model_path, "wb"))


@component
def evaluate(
    test_path: InputPath("CSV"), model_path: InputPath("Pickle"), mlpipeline_ui_metadata_path: OutputPath("UI_Metadata")
) -> NamedTuple("EvalOutputs", [("auc", float), ("mlpipeline_metrics", "Metrics")]):
    import json
    import pickle

    import pandas as pd
    from sklearn.metrics import confusion_matrix, roc_auc_score

    df = pd.read_csv(test_path)
    clf = pickle.load(open(model_path, "rb"))
    x, y = df.drop(columns="churn"), df["churn"]
    auc = float(roc_auc_score(y, clf.predict_proba(x)[:, 1]))
    cm = confusion_matrix(y, clf.predict(x), labels=[0, 1])
    source = "\n".join(f"{a},{p},{cm[a][p]}" for a in (0, 1) for p in (0, 1))
    json.dump({"outputs": [{"type": "confusion_matrix", "format": "csv", "storage": "inline", "source": source,
                            "schema": [{"name": "target", "type": "CATEGORY"}, {"name": "predicted", "type": "CATEGORY"},
                                       {"name": "count", "type": "NUMBER"}], "labels": ["0", "1"]}]},
              open(mlpipeline_ui_metadata_path, "w"))
    metrics = {"metrics": [{"name": "auc", "numberValue": auc, "format": "RAW"}]}
    return (auc, json.dumps(metrics))


@component
def deploy(model_path: InputPath("Pickle"), endpoint: str):
    print("deploying to", endpoint)


@dsl.pipeline(name="churn-e2e", description="이탈 예측: 추출 → 분할 → 학습 → 평가 → (조건부) 배포")
def churn_e2e(query_date: str = "2021-12-01", n_estimators: int = 200, min_auc: float = 0.7,
              endpoint: str = "churn-model.serving.svc"):
    raw = extract(query_date)
    parts = split(raw.outputs["out"])
    model = train(parts.outputs["train"], n_estimators)
    model.set_memory_limit("4G")
    ev = evaluate(parts.outputs["test"], model.outputs["model"])
    with dsl.Condition(ev.outputs["auc"] >= min_auc):
        deploy(model.outputs["model"], endpoint)


if __name__ == "__main__":
    kfp.Client().create_run_from_pipeline_func(churn_e2e, arguments={}, experiment_name="churn")

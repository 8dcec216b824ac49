import kfp
import kfp.components as comp
from kfp import dsl

# 한국어 영화 리뷰(NSMC) 감성 분석 파이프라인


def download_nsmc(train_path: comp.OutputPath("TSV"), test_path: comp.OutputPath("TSV")):
    import urllib.request

    base = "https://raw.githubusercontent.com/e9t/nsmc/master/"
    urllib.request.urlretrieve(base + "ratings_train.txt", train_path)
    urllib.request.urlretrieve(base + "ratings_test.txt", test_path)


def train_tfidf(train_path: comp.InputPath("TSV"), model_path: comp.OutputPath("Pickle"), max_features: int = 20000):
    import pickle

    import pandas as pd
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline

    df = pd.read_csv(train_path, sep="\t").dropna()
    pipe = make_pipeline(TfidfVectorizer(max_features=max_features, ngram_range=(1, 2)), LogisticRegression(max_iter=1000))
    pipe.fit(df["document"], df["label"])
    with open(model_path, "wb") as f:
        pickle.dump(pipe, f)


def evaluate(test_path: comp.InputPath("TSV"), model_path: comp.InputPath("Pickle")) -> float:
    import pickle

    import pandas as pd

    df = pd.read_csv(test_path, sep="\t").dropna()
    with open(model_path, "rb") as f:
        pipe = pickle.load(f)
    acc = pipe.score(df["document"], df["label"])
    print("테스트 정확도:", acc)
    return acc


download_op = comp.create_component_from_func(download_nsmc, base_image="python:3.8")
train_op = comp.create_component_from_func(train_tfidf, base_image="python:3.8", packages_to_install=["pandas", "scikit-learn"])
evaluate_op = comp.create_component_from_func(evaluate, base_image="python:3.8", packages_to_install=["pandas", "scikit-learn"])


@dsl.pipeline(name="nsmc-sentiment", description="네이버 영화 리뷰 감성 분석")
def nsmc_pipeline(max_features: int = 20000):
    data = download_op()
    model = train_op(data.outputs["train"], max_features)
    model.set_memory_request("2G").set_memory_limit("4G")
    evaluate_op(data.outputs["test"], model.output)


if __name__ == "__main__":
    client = kfp.Client()
    client.create_run_from_pipeline_func(nsmc_pipeline, arguments={"max_features": 30000})

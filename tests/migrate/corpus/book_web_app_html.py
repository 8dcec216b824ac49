import kfp
from kfp import dsl
from kfp.components import InputPath, OutputPath, create_component_from_func


def make_report(n_samples: int, report_path: OutputPath("HTML")):
    import random

    values = [random.gauss(0, 1) for _ in range(n_samples)]
    rows = "".join(f"<tr><td>{i}</td><td>{v:.3f}</td></tr>" for i, v in enumerate(values[:10]))
    html = f"<html><body><h1>샘플 리포트</h1><table>{rows}</table></body></html>"
    with open(report_path, "w") as f:
        f.write(html)


def show_report(report_path: InputPath("HTML"), mlpipeline_ui_metadata_path: OutputPath("UI_Metadata")):
    import json

    with open(report_path) as f:
        html = f.read()
    # web-app 타입은 HTML 을 그대로 iframe 으로 보여준다
    metadata = {"outputs": [{"type": "web-app", "storage": "inline", "source": html}]}
    with open(mlpipeline_ui_metadata_path, "w") as f:
        json.dump(metadata, f)


make_report_op = create_component_from_func(make_report, base_image="python:3.9")
show_report_op = create_component_from_func(show_report, base_image="python:3.9")


@dsl.pipeline(name="web-app-report", description="HTML 리포트를 web-app 으로 시각화")
def web_app_pipeline(n_samples: int = 100):
    report = make_report_op(n_samples)
    show_report_op(report.outputs["report"])


if __name__ == "__main__":
    kfp.compiler.Compiler().compile(web_app_pipeline, "web_app_pipeline.yaml")

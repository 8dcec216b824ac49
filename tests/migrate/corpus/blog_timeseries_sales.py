import kfp
from kfp import dsl
from kfp.components import InputPath, OutputPath, func_to_container_op


@func_to_container_op
def generate_sales(days: int, output_csv: OutputPath("CSV")):
    import math
    import random

    with open(output_csv, "w") as f:
        f.write("day,sales\n")
        for d in range(days):
            f.write(f"{d},{100 + 20 * math.sin(d / 7 * 2 * math.pi) + random.gauss(0, 5):.2f}\n")


def moving_average(sales_csv: InputPath("CSV"), window: int, output_csv: OutputPath("CSV")):
    rows = open(sales_csv).read().strip().split("\n")[1:]
    values = [float(r.split(",")[1]) for r in rows]
    with open(output_csv, "w") as f:
        f.write("day,ma\n")
        for i in range(window, len(values) + 1):
            f.write(f"{i - 1},{sum(values[i - window:i]) / window:.2f}\n")


def forecast(ma_csv: InputPath("CSV"), horizon: int) -> str:
    rows = open(ma_csv).read().strip().split("\n")[1:]
    last = float(rows[-1].split(",")[1])
    forecast = [round(last, 2)] * horizon
    print("예측:", forecast)
    return str(forecast)


moving_average_op = func_to_container_op(moving_average, base_image="python:3.7-slim")
forecast_op = func_to_container_op(forecast, base_image="python:3.7-slim")


@dsl.pipeline(name="sales-forecast", description="매출 시계열 이동평균 예측")
def sales_pipeline(days: int = 90, window: int = 7, horizon: int = 14):
    sales = generate_sales(days)
    ma = moving_average_op(sales.outputs["output_csv"], window)
    forecast_op(ma.outputs["output_csv"], horizon)


if __name__ == "__main__":
    kfp.compiler.Compiler().compile(sales_pipeline, "sales_pipeline.yaml")

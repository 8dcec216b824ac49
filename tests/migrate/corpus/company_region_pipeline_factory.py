"""리전별로 같은 파이프라인을 찍어내는 팩토리 (서울/도쿄/버지니아)"""
import kfp
from kfp import dsl
from kfp.components import load_component_from_text

SYNC = load_component_from_text("""
name: Sync region data
inputs:
- {name: region, type: String}
- {name: bucket, type: String}
outputs:
- {name: manifest, type: String}
implementation:
  container:
    image: harbor.internal.example.com/data/region-sync:1.0
    command: [sync, --region, {inputValue: region}, --bucket, {inputValue: bucket}, --manifest, {outputPath: manifest}]
""")

AGGREGATE = load_component_from_text("""
name: Aggregate
inputs:
- {name: manifest, type: String}
implementation:
  container:
    image: harbor.internal.example.com/data/aggregate:1.0
    command: [aggregate, {inputValue: manifest}]
""")

REGIONS = {"seoul": "ap-northeast-2", "tokyo": "ap-northeast-1", "virginia": "us-east-1"}


def make_pipeline(alias, region):
    @dsl.pipeline(name=f"region-sync-{alias}", description=f"{alias} 리전 데이터 동기화")
    def region_pipeline(bucket: str = f"data-{alias}"):
        synced = SYNC(region=region, bucket=bucket)
        AGGREGATE(manifest=synced.outputs["manifest"])

    return region_pipeline


PIPELINES = {alias: make_pipeline(alias, region) for alias, region in REGIONS.items()}


if __name__ == "__main__":
    for alias, func in PIPELINES.items():
        kfp.compiler.Compiler().compile(func, f"region_sync_{alias}.yaml")

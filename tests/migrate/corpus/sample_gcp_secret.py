import kfp
from kfp import dsl, gcp


def bq_export_op(query, output_gcs):
    return dsl.ContainerOp(
        name='bigquery-export',
        image='google/cloud-sdk:279.0.0',
        command=['sh', '-c'],
        arguments=[
            'bq query --format=csv --use_legacy_sql=false "$0" > /tmp/out.csv && gsutil cp /tmp/out.csv "$1" && echo "$1" > /tmp/path',
            query, output_gcs,
        ],
        file_outputs={'path': '/tmp/path'},
    ).apply(gcp.use_gcp_secret('user-gcp-sa'))


def gcs_list_op(path):
    return dsl.ContainerOp(
        name='gcs-list',
        image='google/cloud-sdk:279.0.0',
        command=['gsutil', 'ls', '-l', path],
    ).apply(gcp.use_gcp_secret('user-gcp-sa'))


@dsl.pipeline(
    name='BigQuery export',
    description='Export a query to GCS with a service account secret.'
)
def bq_pipeline(
    query='SELECT word, word_count FROM `bigquery-public-data.samples.shakespeare` LIMIT 100',
    output_gcs='gs://my-bucket/exports/shakespeare.csv',
):
    export = bq_export_op(query, output_gcs)
    gcs_list_op(export.outputs['path'])


if __name__ == '__main__':
    kfp.compiler.Compiler().compile(bq_pipeline, __file__ + '.yaml')

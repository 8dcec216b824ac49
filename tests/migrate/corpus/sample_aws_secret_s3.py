import kfp
from kfp import dsl
from kfp.aws import use_aws_secret


def s3_sync_op(src, dst):
    return dsl.ContainerOp(
        name='s3-sync',
        image='amazon/aws-cli:2.4.6',
        command=['aws', 's3', 'sync', src, dst],
    )


def train_op(data_dir, region):
    return dsl.ContainerOp(
        name='train',
        image='763104351884.dkr.ecr.us-east-1.amazonaws.com/tensorflow-training:2.7.0-cpu-py38',
        command=['python', '/opt/train.py'],
        arguments=['--data-dir', data_dir, '--region', region],
        file_outputs={'model_uri': '/tmp/model_uri'},
    )


@dsl.pipeline(name='s3-training', description='Copy data from S3 and train with AWS credentials.')
def s3_training(src='s3://my-bucket/raw/', dst='/mnt/data', region='us-east-1'):
    sync = s3_sync_op(src, dst).apply(use_aws_secret('aws-secret', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY'))
    train = train_op(dst, region).apply(use_aws_secret('aws-secret', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', region))
    train.after(sync)


if __name__ == '__main__':
    kfp.compiler.Compiler().compile(s3_training, __file__ + '.yaml')

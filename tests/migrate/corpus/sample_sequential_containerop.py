#!/usr/bin/env python3
# Copyright 2021 Example Authors. Licensed under the Apache License, Version 2.0.
"""Two container steps in a row: fetch a text file, then print its first line."""

import kfp
from kfp import dsl


def fetch_op(url):
    return dsl.ContainerOp(
        name='Fetch text',
        image='curlimages/curl:7.80.0',
        command=['sh', '-c'],
        arguments=['curl -sSL "$0" -o /tmp/results.txt', url],
        file_outputs={
            'data': '/tmp/results.txt',
        }
    )


def head_op(text):
    return dsl.ContainerOp(
        name='Print first line',
        image='library/bash:5.1',
        command=['sh', '-c'],
        arguments=['echo "$0" | head -n 1', text]
    )


@dsl.pipeline(
    name='Sequential pipeline',
    description='A pipeline with two sequential steps.'
)
def sequential_pipeline(url='https://www.gutenberg.org/files/11/11-0.txt'):
    """A pipeline with two sequential steps."""
    fetch_task = fetch_op(url)
    head_op(fetch_task.output)


if __name__ == '__main__':
    kfp.compiler.Compiler().compile(sequential_pipeline, __file__ + '.yaml')

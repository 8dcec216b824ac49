import kfp
from kfp import dsl
from kfp.components import load_component_from_text

echo_component = load_component_from_text("""
name: Echo
inputs:
- {name: text, type: String}
implementation:
  container:
    image: alpine:3.12
    command: [echo, {inputValue: text}]
""")


@dsl.pipeline(name='after-ordering', description='Order steps that share no data')
def after_pipeline():
    a = echo_component('A')
    b = echo_component('B').after(a)
    c = echo_component('C').after(a)
    d = echo_component('D')
    d.after(b, c)
    e = echo_component('E')
    e.after(d)


if __name__ == '__main__':
    kfp.compiler.Compiler().compile(after_pipeline, __file__ + '.yaml')

"""A first pass before the rewrite: a v1 ``dsl.ContainerOp`` subclass becomes the factory
function it always was.

v1 samples and the blog posts that copied them wrap a container in a class::

    class FlipCoinOp(dsl.ContainerOp):
        def __init__(self, name):
            super().__init__(name=name, image="python:3.11", command=[...],
                             file_outputs={"output": "/tmp/output"})

kfp 2 has no ``ContainerOp`` to subclass. Such a class is only a way of calling
``dsl.ContainerOp`` with some arguments filled in, so this pass writes it as a function
returning that call (``self`` becomes the task, for the settings made after ``super()``).
The rewrite then turns the ``dsl.ContainerOp`` inside into a ``@dsl.container_component``
as it does for any factory function. A class with anything else (methods, class attributes,
a base that is itself a subclass) is left for the rewrite to mark as a TODO.

:func:`line_map` maps the lines of the result back to the original, so every line the
summary names is a line of the learner's file.

Used in: :func:`kfp_tutorial.migrate.rewrite.migrate_source`.
"""

from __future__ import annotations

import difflib

import libcst as cst
import libcst.matchers as m

_BASES = {"ContainerOp", "dsl.ContainerOp", "kfp.dsl.ContainerOp"}
_TASK = "task"


def _dotted(node: cst.BaseExpression) -> str:
    if isinstance(node, cst.Name):
        return node.value
    if isinstance(node, cst.Attribute):
        return f"{_dotted(node.value)}.{node.attr.value}"
    return ""


def _super_init(statement: cst.BaseStatement, class_name: str) -> cst.Call | None:
    """The call of ``super().__init__(...)`` (or ``super(Cls, self)``, or
    ``dsl.ContainerOp.__init__(self, ...)``) that ``statement`` is, with ``self`` dropped."""
    if not m.matches(statement, m.SimpleStatementLine(body=[m.Expr(m.Call())])):
        return None
    call = statement.body[0].value  # type: ignore[attr-defined]
    func = call.func
    if not (isinstance(func, cst.Attribute) and func.attr.value == "__init__"):
        return None
    receiver = func.value
    if isinstance(receiver, cst.Call) and _dotted(receiver.func) == "super":
        if receiver.args and not (
            len(receiver.args) == 2 and _dotted(receiver.args[0].value) == class_name
        ):
            return None
        return call
    if _dotted(receiver) in _BASES and call.args and _dotted(call.args[0].value) == "self":
        return call.with_changes(args=call.args[1:])
    return None


class _SelfToTask(cst.CSTTransformer):
    def leave_Name(self, original_node: cst.Name, updated_node: cst.Name) -> cst.Name:
        return updated_node.with_changes(value=_TASK) if updated_node.value == "self" else updated_node


class _ClassesToFactories(cst.CSTTransformer):
    def __init__(self) -> None:
        super().__init__()
        self.converted: list[str] = []

    def leave_ClassDef(
        self, original_node: cst.ClassDef, updated_node: cst.ClassDef
    ) -> cst.BaseStatement:
        if len(updated_node.bases) != 1 or _dotted(updated_node.bases[0].value) not in _BASES:
            return updated_node
        body = list(updated_node.body.body)
        docstring = []
        if body and m.matches(body[0], m.SimpleStatementLine(body=[m.Expr(m.SimpleString())])):
            docstring = [body.pop(0)]
        if len(body) != 1 or not isinstance(body[0], cst.FunctionDef):
            return updated_node
        init = body[0]
        params = list(init.params.params)
        if init.name.value != "__init__" or init.decorators or not params:
            return updated_node
        if params[0].name.value != "self" or isinstance(init.body, cst.SimpleStatementSuite):
            return updated_node
        statements: list[cst.BaseStatement] = list(init.body.body)  # type: ignore[arg-type]
        found = next(
            (
                (i, call)
                for i, s in enumerate(statements)
                if (call := _super_init(s, updated_node.name.value)) is not None
            ),
            None,
        )
        if found is None:
            return updated_node
        index, call = found
        base = updated_node.bases[0].value
        op = call.with_changes(func=base)
        before, after = statements[:index], statements[index + 1 :]
        if any(m.findall(s, m.Name("self")) for s in before) or any(
            m.findall(s, m.Name(_TASK)) or m.findall(s, m.Return()) for s in statements
        ):
            return updated_node
        lead = statements[index].leading_lines  # type: ignore[attr-defined]
        if after:  # settings made on self after super().__init__: made on the task
            new_body = [
                *before,
                cst.SimpleStatementLine(
                    body=[cst.Assign(targets=[cst.AssignTarget(cst.Name(_TASK))], value=op)],
                    leading_lines=lead,
                ),
                *[s.visit(_SelfToTask()) for s in after],
                cst.SimpleStatementLine(body=[cst.Return(cst.Name(_TASK))]),
            ]
        else:
            new_body = [*before, cst.SimpleStatementLine(body=[cst.Return(op)], leading_lines=lead)]
        self.converted.append(updated_node.name.value)
        return cst.FunctionDef(
            name=updated_node.name,
            params=init.params.with_changes(params=params[1:]),
            body=init.body.with_changes(body=[*docstring, *new_body]),
            leading_lines=updated_node.leading_lines,
            lines_after_decorators=updated_node.lines_after_decorators,
            decorators=updated_node.decorators,
        )


def factories_from_classes(module: cst.Module) -> tuple[cst.Module, list[str]]:
    """``module`` with each plain ``dsl.ContainerOp`` subclass written as a function, and the
    names of the classes converted."""
    converter = _ClassesToFactories()
    new = module.visit(converter)
    return new, converter.converted


def line_map(before: str, after: str) -> dict[int, int]:
    """For each line of ``after`` (1-based), the line of ``before`` it came from: its own line
    when unchanged, else the first line of the changed stretch."""
    old, new = before.splitlines(), after.splitlines()
    mapping: dict[int, int] = {}
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for tag, i1, _, j1, j2 in matcher.get_opcodes():
        for offset, j in enumerate(range(j1, j2)):
            mapping[j + 1] = (
                (i1 + offset + 1) if tag == "equal" else (i1 + 1 if i1 < len(old) else len(old))
            )
    return mapping

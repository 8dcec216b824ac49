"""The codemod: KFP v1 source in, kfp 2 source out, every change recorded.

Concrete syntax (libcst), so what a person wrote stays: comments, blank lines, names, order.
Two passes over one parsed module:

1. :class:`Survey` reads the module: its functions, which are components (wrapped by
   ``create_component_from_func``, decorated), which are pipelines, the aliases
   (``add_op = create_component_from_func(add)``), and the types that flow from pipeline
   parameters into component inputs (v1 did not check types; kfp 2 does).
2. :class:`Rewriter` rewrites each v1 construct into its v2 form and records a
   :class:`~kfp_tutorial.migrate.catalogue.Change` with the line of the original. What has
   no automatic form stays, with ``# TODO(kfp-v2): <why>`` above its statement.

:func:`migrate_source` is the entry point. Used in: ``kfp-tutorial migrate``.
"""

from __future__ import annotations

import builtins
import json
import re
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import libcst as cst
import libcst.matchers as m
from libcst.metadata import MetadataWrapper, PositionProvider, QualifiedNameProvider

from kfp_tutorial.i18n import t
from kfp_tutorial.migrate import names as N
from kfp_tutorial.migrate.catalogue import Change
from kfp_tutorial.migrate.classes import factories_from_classes, line_map

TODO_PREFIX = "# TODO(kfp-v2): "
_BUILTINS = frozenset(dir(builtins))
# TODO kinds whose statement (a bare call such as ``task.apply(gcp.use_gcp_secret(...))``)
# cannot run on kfp 2: it is kept as a comment so the rest of the file still compiles.
# The statements a TODO turns into a comment: a bare call (task.apply(...)), and a setting
# no later code reads (task.execution_options... = "P1D")
_BARE_CALL = m.SimpleStatementLine(body=[m.Expr(m.Call())])
_SETTING = m.SimpleStatementLine(body=[m.Assign(targets=[m.AssignTarget(m.Attribute())])])
_COMMENTED_OUT = frozenset({"todo_removed", "todo_option", "todo_env", "todo_volume"})
_PRIMITIVES = {"str", "int", "float", "bool", "list", "dict"}


@dataclass
class Result:
    """The migrated source and what changed (empty ``changes``: nothing to do)."""

    source: str
    changes: list[Change]
    uses_kfp: bool

    @property
    def changed(self) -> bool:
        return bool(self.changes)

    @property
    def todos(self) -> list[Change]:
        return [change for change in self.changes if change.todo]


@dataclass
class Function:
    """What the survey learnt about one module-level function."""

    node: cst.FunctionDef
    component: bool = False  # a component (v1 or v2)
    v1_component: bool = False  # its parameters follow v1's rules
    v2_preview: bool = False  # @kfp.v2.dsl.component: v1's rules, but a path keeps its _path
    typed_factory: bool = False  # v1's @dsl.component on a function returning a ContainerOp
    pipeline: bool = False
    factory: bool = False  # returns a dsl.ContainerOp
    wraps: int = 0  # how many create_component_from_func calls wrap it
    undecorated_pipeline: bool = False  # compiled or run by v1 without @dsl.pipeline
    param_types: dict[str, str] = field(default_factory=dict)  # v2 type of each parameter


def _code(node: cst.CSTNode) -> str:
    return cst.Module(body=[]).code_for_node(node)


def _string_value(node: cst.BaseExpression | None) -> str | None:
    if isinstance(node, cst.SimpleString):
        value = node.evaluated_value
        return value if isinstance(value, str) else None
    if isinstance(node, cst.ConcatenatedString):
        joined = node.evaluated_value
        return joined if isinstance(joined, str) else None
    return None


def _string_like(original: cst.BaseExpression, value: str) -> cst.SimpleString:
    """A string literal for ``value`` in the quotes ``original`` used."""
    quote = (
        '"'
        if isinstance(original, cst.SimpleString) and original.value.lstrip("rbuRBU").startswith('"')
        else "'"
    )
    body = value.replace("\\", "\\\\").replace(quote, "\\" + quote)
    return cst.SimpleString(f"{quote}{body}{quote}")


def _literal_type(node: cst.BaseExpression | None) -> str | None:
    """The Python type of a literal (``3`` -> int), or None for anything else."""
    if isinstance(node, cst.UnaryOperation) and isinstance(node.operator, cst.Minus):
        node = node.expression
    if isinstance(node, cst.Integer):
        return "int"
    if isinstance(node, cst.Float):
        return "float"
    if isinstance(node, (cst.SimpleString, cst.ConcatenatedString, cst.FormattedString)):
        return "str"
    if isinstance(node, cst.Name) and node.value in ("True", "False"):
        return "bool"
    if isinstance(node, cst.List):
        return "list"
    if isinstance(node, cst.Dict):
        return "dict"
    return None


def _float_literal(node: cst.BaseExpression) -> cst.BaseExpression | None:
    """``3`` -> ``3.0`` (and ``-3`` -> ``-3.0``); None when ``node`` is not an int literal."""
    if isinstance(node, cst.UnaryOperation) and isinstance(node.operator, cst.Minus):
        inner = _float_literal(node.expression)
        return node.with_changes(expression=inner) if inner is not None else None
    if isinstance(node, cst.Integer):
        return cst.Float(value=str(int(node.evaluated_value)) + ".0")
    return None


def _annotation_type(annotation: cst.Annotation | None) -> str | None:
    """A primitive type an annotation names (``int``, ``'Integer'``), or None."""
    if annotation is None:
        return None
    node = annotation.annotation
    if isinstance(node, cst.Name) and node.value in _PRIMITIVES:
        return node.value
    text = _string_value(node)
    if text is not None:
        return N.PARAMETER_TYPES.get(text.lower())
    return None


def _dsl(local: str, attribute: str) -> cst.Attribute:
    return cst.Attribute(value=cst.Name(local), attr=cst.Name(attribute))


def _arg(value: cst.BaseExpression, keyword: str | None = None) -> cst.Arg:
    if keyword is None:
        return cst.Arg(value=value)
    return cst.Arg(
        value=value,
        keyword=cst.Name(keyword),
        equal=cst.AssignEqual(
            whitespace_before=cst.SimpleWhitespace(""), whitespace_after=cst.SimpleWhitespace("")
        ),
    )


def _strip_trailing_comma(args: Sequence[cst.Arg]) -> list[cst.Arg]:
    items = list(args)
    if items and items[-1].comma is not cst.MaybeSentinel.DEFAULT:
        items[-1] = items[-1].with_changes(comma=cst.MaybeSentinel.DEFAULT)
    return items


def _keywords(call: cst.Call, positional: Sequence[str], skip: int = 0) -> dict[str, cst.Arg]:
    """A call's arguments by parameter name (positional ones named from ``positional``)."""
    named: dict[str, cst.Arg] = {}
    index = 0
    for arg in call.args[skip:]:
        if arg.keyword is not None:
            named[arg.keyword.value] = arg
        elif arg.star:
            named[f"*{index}"] = arg
        else:
            if index < len(positional):
                named[positional[index]] = arg
            index += 1
    return named


def _loop_items(call: cst.Call) -> cst.Arg | None:
    """The items a ``dsl.ParallelFor`` call loops over: v1's ``loop_args`` or kfp 2's ``items``."""
    return _keywords(call, ("loop_args",)).get("loop_args") or _keywords(call, ("items",)).get("items")


def _mixed_dicts(items: cst.List) -> bool:
    """A literal list of dicts whose values are not all of one type (``{"lr": 0.1, "epochs":
    10}``): kfp 2.17 gives every field the type of the first dict's first value."""
    kinds = set()
    for element in items.elements:
        if not isinstance(element.value, cst.Dict):
            return False
        for entry in element.value.elements:
            if not isinstance(entry, cst.DictElement):
                return False
            kinds.add(_literal_type(entry.value) or "other")
    return len(kinds) > 1


def _negations(first: cst.BaseExpression, second: cst.BaseExpression) -> bool:
    """True when ``second`` is the opposite test of ``first`` (``x == 'a'`` / ``x != 'a'``)."""
    opposite = {
        cst.Equal: cst.NotEqual,
        cst.NotEqual: cst.Equal,
        cst.LessThan: cst.GreaterThanEqual,
        cst.GreaterThanEqual: cst.LessThan,
        cst.GreaterThan: cst.LessThanEqual,
        cst.LessThanEqual: cst.GreaterThan,
    }
    if not (isinstance(first, cst.Comparison) and isinstance(second, cst.Comparison)):
        return False
    if len(first.comparisons) != 1 or len(second.comparisons) != 1:
        return False
    a, b = first.comparisons[0], second.comparisons[0]
    want = opposite.get(type(a.operator))
    return (
        want is not None
        and isinstance(b.operator, want)
        and _code(first.left) == _code(second.left)
        and _code(a.comparator) == _code(b.comparator)
    )


class _Qualified(cst.CSTVisitor):
    """Shared: the qualified (normalised) kfp name an expression refers to."""

    METADATA_DEPENDENCIES = (QualifiedNameProvider, PositionProvider)

    def qname(self, node: cst.CSTNode) -> str | None:
        try:
            found = self.get_metadata(QualifiedNameProvider, node, set())
        except KeyError:
            return None
        for qualified in sorted(found, key=lambda q: q.name):
            if qualified.name.startswith(("kfp.", "kfp", "functools.", "kubernetes")):
                return N.normalise(qualified.name)
        return None

    def line(self, node: cst.CSTNode) -> int:
        try:
            return int(self.get_metadata(PositionProvider, node).start.line)
        except KeyError:
            return 0


class Survey(_Qualified):
    """First pass: what the module holds (see the module docstring)."""

    def __init__(self) -> None:
        super().__init__()
        self.functions: dict[str, Function] = {}
        self.aliases: dict[str, str] = {}  # add_op -> add
        self.partials: set[str] = set()  # names bound to partial(create_component_from_func, ...)
        self.decorator_wraps: set[int] = set()  # ids of factory calls that become decorators
        self.bound: dict[str, str] = {}  # local name -> what it imports ("kfp.dsl", ...)
        self.uses_kfp = False
        self.v1 = False
        self._depth = 0
        self._assign_targets: dict[int, str] = {}  # id(call) -> module-level name assigned
        self._calls: list[tuple[str | None, cst.Call, str | None]] = []  # (enclosing fn, call, qname)
        self._function_stack: list[str] = []
        self._first_arg: dict[int, str | None] = {}  # id(call) -> qualified name of its first argument
        self.module_names: set[str] = set()
        self.all_names: set[str] = set()  # every name the module uses, anywhere
        self._task_vars: dict[tuple[str, str], str] = {}  # (pipeline, variable) -> function called
        self.loop_params: set[tuple[str, str]] = set()  # (pipeline, parameter) looped over
        # (pipeline, task variable, output key or None for .output) looped over
        self._loop_outputs: set[tuple[str, str, str | None]] = set()
        self._looped_calls: set[str] = set()  # functions whose call's .output is looped over
        self.list_outputs: set[str] = set()  # components whose JSON text output is looped over
        # ContainerOps (id of the call, or the factory's name) whose file output is looped over
        self.list_file_outputs: set[tuple[int | str, str | None]] = set()
        self._container_vars: dict[tuple[str, str], int] = {}  # (pipeline, variable) -> id(call)
        # literal lists a ParallelFor loops over that become list pipeline parameters (mixed
        # value types, items given as text, whole dicts): id(list) -> (pipeline, variable or None)
        self.hoisted_lists: dict[int, tuple[str, str | None]] = {}
        self.to_containers: set[int] = set()  # those of them given to containers as text
        self.whole_items: set[int] = set()  # those whose whole dicts go to components
        self._local_lists: dict[tuple[str, str], list[cst.List]] = {}  # (pipeline, var) -> values
        self._looped_names: list[tuple[str, str]] = []  # (pipeline, variable a ParallelFor loops over)
        # (pipeline, ParallelFor call, loop variable, body): what the loop's items are given to
        self._loop_bodies: list[tuple[str, cst.Call, str, cst.BaseSuite]] = []
        self.input_types: dict[tuple[str, str], str] = {}  # (component, InputPath param) -> v2 type
        self.strings: dict[str, str] = {}  # module-level name -> the string literal it holds
        self._name_counts: dict[str, int] = {}  # how often each name appears, its def included
        self.loaded: dict[str, list[str]] = {}  # name of a loaded component -> v1's input order
        self.base_dir: Path | None = None  # where the file is: load_component_from_file reads there
        self._string_nodes: dict[str, cst.BaseExpression] = {}  # module-level name -> its literal
        # ids of YAML literals whose untyped inputs are passed by value -> those inputs
        self.untyped_inputs: dict[int, list[str]] = {}

    # imports -------------------------------------------------------------------------
    def visit_Import(self, node: cst.Import) -> None:
        for alias in node.names:
            full = _code(alias.name)
            if full.startswith("kfp"):
                self.uses_kfp = True
            local = _code(alias.asname.name) if alias.asname else full.split(".")[0]
            self.bound[local] = full if alias.asname else local
            self.module_names.add(local)

    def visit_ImportFrom(self, node: cst.ImportFrom) -> None:
        module = _code(node.module) if node.module else ""
        if module.startswith("kfp"):
            self.uses_kfp = True
        if isinstance(node.names, cst.ImportStar):
            return
        for alias in node.names:
            name = _code(alias.name)
            local = _code(alias.asname.name) if alias.asname else name
            self.bound[local] = N.normalise(f"{module}.{name}")
            self.module_names.add(local)

    # functions ---------------------------------------------------------------------------
    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        if not self._function_stack:
            info = self.functions.setdefault(node.name.value, Function(node))
            info.node = node
            self.module_names.add(node.name.value)
            for decorator in node.decorators:
                target = decorator.decorator
                callee = target.func if isinstance(target, cst.Call) else target
                qname = self.qname(callee)
                if qname in N.PIPELINE_DECORATORS or qname == N.GRAPH_COMPONENT:
                    info.pipeline = True
                elif (
                    qname in N.V1_DECORATORS
                    or (isinstance(callee, cst.Name) and callee.value in self.partials)
                    or (  # @partial(create_component_from_func, packages_to_install=[...])
                        qname == "functools.partial"
                        and isinstance(target, cst.Call)
                        and target.args
                        and self.qname(target.args[0].value) in N.FACTORIES
                    )
                ):
                    info.component = info.v1_component = True
                    info.v2_preview = qname == "kfp.v2.dsl.component"
                elif qname == "kfp.dsl.component" and m.findall(
                    node.body,
                    m.Call(func=m.Attribute(attr=m.Name("ContainerOp")) | m.Name("ContainerOp")),
                ):
                    # v1's @dsl.component checked the types of a ContainerOp factory; kfp 2's
                    # makes a Python component: this one stays a factory
                    info.typed_factory = True
                elif qname == "kfp.dsl.component":
                    info.component = True
        self._function_stack.append(node.name.value)

    def leave_FunctionDef(self, original_node: cst.FunctionDef) -> None:
        self._function_stack.pop()

    def visit_Assign(self, node: cst.Assign) -> None:
        if len(node.targets) == 1 and self._function_stack:
            target = node.targets[0].target
            if isinstance(target, cst.Name) and isinstance(node.value, cst.Call):
                callee = node.value.func
                if isinstance(callee, cst.Name):
                    self._task_vars[(self._function_stack[0], target.value)] = callee.value
                elif self.qname(callee) == "kfp.dsl.ContainerOp":
                    self._container_vars[(self._function_stack[0], target.value)] = id(node.value)
            if isinstance(target, cst.Name) and isinstance(node.value, cst.List):
                key = (self._function_stack[0], target.value)
                self._local_lists.setdefault(key, []).append(node.value)
        if self._function_stack or len(node.targets) != 1:
            return
        target = node.targets[0].target
        if isinstance(target, cst.Name):
            self.module_names.add(target.value)
            text = _string_value(node.value)
            if text is not None:
                self.strings[target.value] = text
                self._string_nodes[target.value] = node.value
            if isinstance(node.value, cst.Call):
                self._assign_targets[id(node.value)] = target.value

    def visit_Call(self, node: cst.Call) -> None:
        qname = self.qname(node.func)
        enclosing = self._function_stack[0] if self._function_stack else None
        first = self.qname(node.args[0].value) if node.args else None
        self._first_arg[id(node)] = first
        if qname == "kfp.dsl.ParallelFor" and self._function_stack:
            items = _loop_items(node)
            if items is not None and isinstance(items.value, cst.Name):
                self.loop_params.add((self._function_stack[0], items.value.value))
                self._looped_names.append((self._function_stack[0], items.value.value))
            if items is not None and isinstance(items.value, cst.List) and _mixed_dicts(items.value):
                self.hoisted_lists[id(items.value)] = (self._function_stack[0], None)
            if items is not None and m.matches(items.value, m.Attribute(m.Name(), m.Name("output"))):
                task = items.value.value.value  # type: ignore[attr-defined]
                self._loop_outputs.add((self._function_stack[0], task, None))
            elif items is not None and m.matches(
                items.value, m.Attribute(m.Call(func=m.Name()), m.Name("output"))
            ):  # ParallelFor(make_list().output): the call is the task
                self._looped_calls.add(items.value.value.func.value)  # type: ignore[attr-defined]
            elif items is not None and m.matches(
                items.value, m.Subscript(m.Attribute(m.Name(), m.Name("outputs")))
            ):
                index = items.value.slice[0].slice  # type: ignore[attr-defined]
                key = _string_value(index.value) if isinstance(index, cst.Index) else None
                task = items.value.value.value.value  # type: ignore[attr-defined]
                if key is not None:
                    self._loop_outputs.add((self._function_stack[0], task, key))
        self._calls.append((enclosing, node, qname))
        if qname in N.FACTORIES or qname == "kfp.dsl.ContainerOp":
            self.v1 = True

    def visit_With(self, node: cst.With) -> None:
        if not self._function_stack:
            return
        for item in node.items:
            call, target = item.item, item.asname
            if (
                isinstance(call, cst.Call)
                and self.qname(call.func) == "kfp.dsl.ParallelFor"
                and target is not None
                and isinstance(target.name, cst.Name)
            ):
                self._loop_bodies.append((self._function_stack[0], call, target.name.value, node.body))

    def _only_list(self, pipeline: str, variable: str) -> cst.List | None:
        """The literal list ``variable`` holds in ``pipeline`` when it is assigned once and
        used only by the loop: then it can become the pipeline's parameter."""
        values = self._local_lists.get((pipeline, variable), [])
        function = self.functions.get(pipeline)
        uses = len(m.findall(function.node, m.Name(variable))) if function else 0
        return values[0] if len(values) == 1 and uses == 2 else None

    def _find_unsubmitted_pipelines(self) -> None:
        """A module-level function that makes tasks, returns nothing and that nothing calls is
        a pipeline, even undecorated and submitted nowhere the file runs (the v1 tutorials'
        ``#kfp.Client().create_run_from_pipeline_func(my_pipeline)``): it gets @dsl.pipeline,
        so kfp 2 can compile it."""
        makers: set[str] = set()
        for enclosing, call, qname in self._calls:
            if enclosing is None or enclosing not in self.functions:
                continue
            callee = self.callee(call.func.value) if isinstance(call.func, cst.Name) else None
            if qname == "kfp.dsl.ContainerOp" or (
                callee is not None and (callee.component or callee.factory)
            ):
                makers.add(enclosing)
        for name in makers:
            info = self.functions[name]
            if info.pipeline or info.component or info.factory or info.node.decorators:
                continue
            if self._name_counts.get(name, 0) != 1 or m.findall(
                info.node.body, m.Return(value=m.MatchIfTrue(lambda v: v is not None))
            ):
                continue
            info.pipeline = info.undecorated_pipeline = True

    def _text_from_numbers(
        self, callee: Function, call: cst.Call, variable: str, literal: cst.List
    ) -> bool:
        """Whether ``call`` gives a loop item (or one of its fields) that is not text to a str
        input of a component: v1 passed it as text, kfp 2 checks the type."""
        params = [p for p in callee.node.params.params]
        for index, arg in enumerate(call.args):
            value = arg.value
            if m.matches(value, m.Name(variable)):
                field = None
            elif m.matches(value, m.Attribute(m.Name(variable), m.Name())):
                field = value.attr.value  # type: ignore[attr-defined]
            else:
                continue
            target = next((p for p in params if arg.keyword and p.name.value == arg.keyword.value), None)
            if target is None and arg.keyword is None and index < len(params):
                target = params[index]
            if target is None or (
                target.annotation is not None and _code(target.annotation.annotation) != "str"
            ):
                continue
            for element in literal.elements:
                item: cst.BaseExpression | None = element.value
                if field is not None and isinstance(item, cst.Dict):
                    item = next(
                        (
                            e.value
                            for e in item.elements
                            if isinstance(e, cst.DictElement) and _string_value(e.key) == field
                        ),
                        None,
                    )
                if (
                    item is not None
                    and not isinstance(item, cst.Dict)
                    and _literal_type(item) not in ("str", None)
                ):
                    return True
        return False

    def _items_to_containers(self) -> None:
        """A literal list of numbers (or dicts of them) whose items a loop gives to
        containers: v1 wrote each as text on the command line, kfp 2 checks the type against
        the container's str input. As a list parameter the items are typed at run time, and
        a container writes them as text again."""
        for pipeline, call, variable, body in self._loop_bodies:
            items = _loop_items(call)
            if items is None:
                continue
            literal: cst.BaseExpression | None = items.value
            name = None
            if isinstance(literal, cst.Name):
                name = literal.value
                literal = self._only_list(pipeline, name)
            if not isinstance(literal, cst.List) or id(literal) in self.hoisted_lists:
                continue
            scalars = [
                entry.value
                for element in literal.elements
                for entry in (
                    element.value.elements if isinstance(element.value, cst.Dict) else [element]
                )
                if isinstance(entry, (cst.DictElement, cst.Element))
            ]
            if all(_literal_type(value) == "str" for value in scalars):
                continue
            dicts = all(isinstance(element.value, cst.Dict) for element in literal.elements)
            for inner in m.findall(body, m.Call()):
                assert isinstance(inner, cst.Call)
                callee = (
                    self.functions.get(inner.func.value) if isinstance(inner.func, cst.Name) else None
                )
                container = (callee is not None and callee.factory) or self.qname(
                    inner.func
                ) == "kfp.dsl.ContainerOp"
                component = callee is not None and callee.component
                if (container and any(m.findall(arg, m.Name(variable)) for arg in inner.args)) or (
                    callee is not None
                    and component
                    and self._text_from_numbers(callee, inner, variable, literal)
                ):
                    self.to_containers.add(id(literal))  # given as text in v1
                elif (
                    component and dicts and any(m.matches(a.value, m.Name(variable)) for a in inner.args)
                ):
                    # the whole dict given to a component: v1 gave its JSON text, kfp 2 checks
                    # a struct against the input's type unless the list is a parameter
                    self.whole_items.add(id(literal))
                else:
                    continue
                self.hoisted_lists[id(literal)] = (pipeline, name)
                break

    def visit_Name(self, node: cst.Name) -> None:
        self.all_names.add(node.value)
        self._name_counts[node.value] = self._name_counts.get(node.value, 0) + 1
        qname = self.qname(node)
        if qname and (qname in N.V1_ONLY or qname.startswith(N.V1_MODULES)):
            self.v1 = True

    def visit_Attribute(self, node: cst.Attribute) -> None:
        qname = self.qname(node)
        if qname and (qname in N.V1_ONLY or qname.startswith(N.V1_MODULES)):
            self.v1 = True

    # after the walk ---------------------------------------------------------------------
    def finish(self) -> None:
        """Link calls to functions: components, aliases, factories, and types."""
        self._find_loaded()
        for pipeline, variable in self._looped_names:
            values = self._only_list(pipeline, variable)
            if values is not None and _mixed_dicts(values):
                self.hoisted_lists[id(values)] = (pipeline, variable)
        for enclosing, call, qname in self._calls:
            if qname == "functools.partial" and self._first_arg.get(id(call)) in N.FACTORIES:
                target = self._assign_targets.get(id(call))
                if target:
                    self.partials.add(target)
                self.v1 = True
            if qname in N.FACTORIES and call.args and isinstance(call.args[0].value, cst.Name):
                wrapped = self.functions.get(call.args[0].value.value)
                if wrapped is not None:
                    wrapped.component = wrapped.v1_component = True
                    wrapped.wraps += 1
                    alias = self._assign_targets.get(id(call))
                    if alias:
                        self.aliases[alias] = wrapped.node.name.value
                        if (
                            not wrapped.node.decorators
                            and alias != wrapped.node.name.value
                            and enclosing is None
                        ):
                            self.decorator_wraps.add(id(call))
            if qname == "kfp.dsl.ContainerOp" and enclosing in self.functions:
                self.functions[enclosing].factory = True
            pipeline_calls = ("compile", "create_run_from_pipeline_func")
            if (
                isinstance(call.func, cst.Attribute)
                and call.func.attr.value in pipeline_calls
                and call.args
                and isinstance(call.args[0].value, cst.Name)
            ):
                target_function = self.functions.get(call.args[0].value.value)
                if (
                    target_function is not None
                    and not target_function.pipeline
                    and not target_function.component
                ):
                    target_function.pipeline = target_function.undecorated_pipeline = True
        # a function wrapped twice keeps the call form (two components of one function)
        for call_id in list(self.decorator_wraps):
            for _, call, _ in self._calls:
                if id(call) == call_id:
                    name = call.args[0].value.value  # type: ignore[attr-defined]
                    if self.functions[name].wraps > 1:
                        self.decorator_wraps.discard(call_id)
        # decorators of partial factories are known only now
        for info in self.functions.values():
            for decorator in info.node.decorators:
                decorated = decorator.decorator
                callee = decorated.func if isinstance(decorated, cst.Call) else decorated
                if isinstance(callee, cst.Name) and callee.value in self.partials:
                    info.component = info.v1_component = True
        self._infer_types()
        self._infer_input_paths()
        self._items_to_containers()
        self._find_unsubmitted_pipelines()
        looped = [
            (self._task_vars.get((pipeline, task)), key, self._container_vars.get((pipeline, task)))
            for pipeline, task, key in self._loop_outputs
        ] + [(called, None, None) for called in self._looped_calls]
        for producer_name, key, container_op in looped:
            producer = self.callee(producer_name) if producer_name else None
            if container_op is not None:
                self.list_file_outputs.add((container_op, key))
            elif producer is not None and producer.factory:
                self.list_file_outputs.add((producer.node.name.value, key))
            returns = producer.node.returns if producer is not None else None
            if producer is not None and returns is not None and _code(returns.annotation) == "str":
                self.list_outputs.add(producer.node.name.value)

    def _output_type(self, producer: Function, key: str | None) -> str | None:
        """The parameter type (str, int, dict...) of a producer's output ``key`` (None: its
        single output), or None when it is a file or unknown."""
        returns = producer.node.returns
        if key is None and returns is not None:
            return _annotation_type(returns)
        for param in producer.node.params.params:
            annotation = param.annotation.annotation if param.annotation else None
            if not isinstance(annotation, cst.Call) or not annotation.args:
                continue
            if re.sub(r"_(path|file)$", "", param.name.value) not in (key, None):
                continue
            if "OutputPath" in _code(annotation.func):
                return None  # a file: migrated to an artifact, which any InputPath takes
        if (
            key is not None
            and isinstance(returns, cst.Annotation)
            and isinstance(returns.annotation, cst.Call)
        ):
            call = returns.annotation
            if len(call.args) >= 2 and isinstance(call.args[1].value, cst.List):
                for element in call.args[1].value.elements:
                    value = element.value
                    if isinstance(value, cst.Tuple) and len(value.elements) == 2:
                        if _string_value(value.elements[0].value) == key:
                            field_type = value.elements[1].value
                            if isinstance(field_type, cst.Name) and field_type.value in _PRIMITIVES:
                                return field_type.value
                            text = _string_value(field_type)
                            return N.PARAMETER_TYPES.get(text.lower()) if text else None
        return None

    def _infer_input_paths(self) -> None:
        """An untyped v1 ``InputPath()`` took any upstream output; kfp 2 reads it as an
        artifact, which a parameter output (a str, a dict) cannot feed. Where the pipeline
        feeds it a parameter output, the input gets that type (``dsl.InputPath(dict)``)."""
        for enclosing, call, _ in self._calls:
            if enclosing is None or not isinstance(call.func, cst.Name):
                continue
            consumer = self.callee(call.func.value)
            if consumer is None or not consumer.component:
                continue
            stems = {
                re.sub(r"_(path|file)$", "", p.name.value): p.name.value
                for p in consumer.node.params.params
            }
            positional = list(stems)
            for name, arg in _keywords(call, positional).items():
                value = arg.value
                key: str | None = None
                if m.matches(value, m.Attribute(value=m.Name(), attr=m.Name("output"))):
                    variable = value.value.value  # type: ignore[attr-defined]
                elif isinstance(value, cst.Subscript) and m.matches(
                    value.value, m.Attribute(value=m.Name(), attr=m.Name("outputs"))
                ):
                    variable = value.value.value.value  # type: ignore[attr-defined]
                    index = value.slice[0].slice
                    key = _string_value(index.value) if isinstance(index, cst.Index) else None
                else:
                    continue
                producer_name = self._task_vars.get((enclosing, variable))
                producer = self.callee(producer_name) if producer_name else None
                if producer is None or name not in stems:
                    continue
                produced = self._output_type(producer, key)
                if produced is not None:
                    self.input_types[(consumer.node.name.value, stems[name])] = produced

    def _find_loaded(self) -> None:
        """The input order of each component loaded from YAML the migration can read: a
        string in the file, or a file beside it. v1 called them positionally too."""
        for _, call, qname in self._calls:
            target = self._assign_targets.get(id(call))
            if target is None or not call.args or call.args[0].keyword is not None:
                continue
            first = call.args[0].value
            text = _string_value(first)
            literal: cst.BaseExpression | None = first if text is not None else None
            if text is None and isinstance(first, cst.Name):
                text = self.strings.get(first.value)
                literal = self._string_nodes.get(first.value)
            if qname == "kfp.components.load_component_from_file" and text is not None:
                path = Path(text) if self.base_dir is None else self.base_dir / text
                try:
                    text = path.read_text(encoding="utf-8")
                except (OSError, UnicodeDecodeError):
                    continue
                literal = None  # the YAML is in its own file, not in this one
            elif qname != "kfp.components.load_component_from_text" or text is None:
                continue
            spec = N.component_spec(text)
            if spec is None:
                continue
            self.loaded[target] = N.loaded_input_order(spec)
            untyped = N.untyped_value_inputs(spec)
            if untyped and literal is not None:
                self.untyped_inputs[id(literal)] = untyped

    def callee(self, name: str) -> Function | None:
        """The function a name in the pipeline calls (through an alias)."""
        return self.functions.get(self.aliases.get(name, name))

    def _infer_types(self) -> None:
        """Types for unannotated parameters: pipelines from their defaults and from the
        component inputs they feed; components from what pipelines pass them."""
        for info in self.functions.values():
            for param in info.node.params.params:
                declared = _annotation_type(param.annotation)
                if declared:
                    info.param_types[param.name.value] = declared
        feeds: dict[tuple[str, str], set[str]] = {}  # (pipeline, param) -> input types it feeds
        passed: dict[tuple[str, str], set[str]] = {}  # (callee, param) -> types given to it
        for enclosing, call, _ in self._calls:
            if enclosing is None or not isinstance(call.func, cst.Name):
                continue
            caller = self.functions.get(enclosing)
            callee = self.callee(call.func.value)
            if caller is None or callee is None or not (callee.component or callee.factory):
                continue
            positional = _input_names(callee)
            for param_name, arg in _keywords(call, positional).items():
                value = arg.value
                given = _literal_type(value)
                if isinstance(value, cst.Name) and value.value in positional_of(caller):
                    given = caller.param_types.get(value.value)
                    wanted = callee.param_types.get(param_name)
                    if wanted:
                        feeds.setdefault((enclosing, value.value), set()).add(wanted)
                if given:
                    passed.setdefault((callee.node.name.value, param_name), set()).add(given)
        for info in self.functions.values():
            if not (info.pipeline or info.component or info.factory):
                continue
            for param in info.node.params.params:
                name = param.name.value
                if name in info.param_types:
                    continue
                options = feeds.get((info.node.name.value, name)) or passed.get(
                    (info.node.name.value, name)
                )
                default = _literal_type(param.default)
                if options and len(options) == 1:
                    info.param_types[name] = next(iter(options))
                elif default in _PRIMITIVES:
                    info.param_types[name] = default
        # a second round: components fed by now-typed pipeline parameters
        for enclosing, call, _ in self._calls:
            if enclosing is None or not isinstance(call.func, cst.Name):
                continue
            caller, callee = self.functions.get(enclosing), self.callee(call.func.value)
            if caller is None or callee is None or not (callee.component or callee.factory):
                continue
            positional = _input_names(callee)
            for param_name, arg in _keywords(call, positional).items():
                if isinstance(arg.value, cst.Name) and arg.value.value in caller.param_types:
                    callee.param_types.setdefault(param_name, caller.param_types[arg.value.value])


def _with_names(node: cst.Import | cst.ImportFrom, kept: list[cst.ImportAlias]) -> Any:
    """``node`` importing only ``kept`` (its last comma dropped), or removed when nothing is left."""
    if not kept:
        return cst.RemoveFromParent()
    kept[-1] = kept[-1].with_changes(comma=cst.MaybeSentinel.DEFAULT)
    return node.with_changes(names=kept)


def _comments_of(statement: cst.SimpleStatementLine) -> list[cst.EmptyLine]:
    """A removed statement's comments, to keep above the statement that follows it."""
    kept = [line for line in statement.leading_lines if line.comment]
    if statement.trailing_whitespace.comment is not None:
        kept.append(cst.EmptyLine(indent=True, comment=statement.trailing_whitespace.comment))
    return kept


def _local_bindings(function: cst.FunctionDef) -> set[str]:
    """Names a function binds itself: parameters, assignment, loop and ``with`` targets."""
    names = {param.name.value for param in function.params.params}
    for node in m.findall(function.body, m.AssignTarget(target=m.Name()) | m.For(target=m.Name())):
        target = node.target  # type: ignore[attr-defined]
        names.add(target.value)
    for node in m.findall(function.body, m.WithItem(asname=m.AsName(name=m.Name()))):
        names.add(node.asname.name.value)  # type: ignore[attr-defined]
    return names


def _input_names(info: Function) -> list[str]:
    """The names a caller gives a component's inputs, in order: v1 leaves out the outputs
    (``OutputPath`` parameters) and drops ``_path``/``_file`` from a file input's name."""
    names = []
    for param in info.node.params.params:
        annotation = param.annotation.annotation if param.annotation else None
        kind = _code(annotation.func) if isinstance(annotation, cst.Call) else ""
        if kind.endswith(("OutputPath", "OutputTextFile", "OutputBinaryFile")) or (
            isinstance(annotation, cst.Subscript) and _code(annotation.value).endswith("Output")
        ):
            continue
        name = param.name.value
        if (
            info.v1_component
            and not info.v2_preview
            and kind.endswith(("InputPath", "InputTextFile", "InputBinaryFile"))
        ):
            name = re.sub(r"_(path|file)$", "", name)
        names.append(name)
    return names


def _split_docstring(body: cst.IndentedBlock) -> tuple[list[cst.BaseStatement], list[cst.BaseStatement]]:
    """A function body's docstring (a list of none or one statement) and the statements after
    it: code added at the top of a body goes after the docstring."""
    statements = list(body.body)
    if statements and m.matches(statements[0], m.SimpleStatementLine(body=[m.Expr(m.SimpleString())])):
        return statements[:1], statements[1:]
    return [], statements


def _open_around(body: cst.IndentedBlock, opened: list[tuple[str, str, str]]) -> cst.IndentedBlock:
    """``body`` inside ``with open(path, mode) as name, ...:`` (its docstring stays first), so
    each file is open while the function runs and closed, flushed, when it ends."""
    docstring, statements = _split_docstring(body)
    items = [
        cst.WithItem(
            item=cst.Call(
                func=cst.Name("open"),
                args=[_arg(cst.Name(path)), _arg(cst.SimpleString(repr(mode)))],
            ),
            asname=cst.AsName(name=cst.Name(name)),
            comma=cst.Comma(whitespace_after=cst.SimpleWhitespace(" "))
            if index < len(opened) - 1
            else cst.MaybeSentinel.DEFAULT,
        )
        for index, (name, path, mode) in enumerate(opened)
    ]
    block = cst.With(
        items=items, body=cst.IndentedBlock(body=statements or [cst.SimpleStatementLine([cst.Pass()])])
    )
    return body.with_changes(body=[*docstring, block])


def _write_values_first(
    body: cst.IndentedBlock, entries: list[tuple[str, str, str]]
) -> cst.IndentedBlock:
    """``body`` after lines that write each value to a file, as v1 did for an InputPath fed
    a value (text as it is, anything else as JSON), the file's path under the name the body
    reads."""
    docstring, statements = _split_docstring(body)
    lines = ["import json", "import tempfile"]
    for value, path, type_name in entries:
        target = path if path != value else f"{path}_file"
        text = value if type_name == "str" else f"json.dumps({value})"
        lines += [
            f"{target} = tempfile.mkstemp()[1]  # v1 wrote the value {value} to a file",
            f"with open({target}, 'w') as value_file:",
            f"    value_file.write({text})",
        ]
        if target != path:
            lines.append(f"{path} = {target}")
    prologue = cst.parse_module("\n".join(lines) + "\n").body
    if "json.dumps" not in "\n".join(lines):
        prologue = prologue[1:]
    return body.with_changes(body=[*docstring, *prologue, *statements])


def positional_of(info: Function) -> set[str]:
    return {param.name.value for param in info.node.params.params}


class Rewriter(cst.CSTTransformer):
    """Second pass: rewrite and record (see the module docstring)."""

    METADATA_DEPENDENCIES = (QualifiedNameProvider, PositionProvider)

    def __init__(self, survey: Survey) -> None:
        super().__init__()
        self.survey = survey
        self.changes: list[Change] = []
        self.need: set[str] = set()  # "dsl", "compiler", "kubernetes"
        self.dsl = self._local_name("kfp.dsl", "dsl")
        self.kubernetes = (
            "kfp_kubernetes"
            if survey.bound.get("kubernetes", "kfp.kubernetes") not in ("kfp.kubernetes",)
            else "kubernetes"
        )
        self.compiler = self._local_name("kfp.compiler", "compiler")
        self._statements: list[cst.CSTNode] = []  # original statements enclosing the node
        self._todos: dict[int, list[str]] = {}
        self._pending: dict[int, list[cst.EmptyLine]] = {}  # comments of removed statements
        self._comment_out: set[int] = set()  # statements a person must redo: kept as comments
        self._after: dict[int, list[cst.BaseStatement]] = {}
        self._before_top: dict[int, list[cst.BaseStatement]] = {}
        self._functions: list[cst.FunctionDef] = []
        self._in_import = 0
        self._ifs: dict[int, int] = {}  # id of a dsl.If made from dsl.Condition -> its line
        self._output_keys: dict[str, str] = {}  # ContainerOp output key -> v2 name
        self._generated: set[str] = set(survey.module_names)
        self._generated_names: set[str] = set()  # functions made from ContainerOps
        self._vop_names: set[str] = set()  # variables holding a VolumeOp
        self._task_pvcs: dict[str, cst.BaseExpression] = {}  # task variable -> the PVC it mounts
        self._missing: dict[int, set[str]] = {}  # line -> kfp names kfp 2 lacks, said there
        self._hoisted: dict[str, list[cst.Param]] = {}  # pipeline -> parameters to add
        self._in_annotation = 0
        self._gone: set[str] = set()  # variables of v1 objects kfp 2 has not, commented out
        self._removed_imports: set[str] = set()

    # helpers --------------------------------------------------------------------------
    def _local_name(self, module: str, default: str) -> str:
        for local, target in self.survey.bound.items():
            if target == module:
                return local
        return default

    def qname(self, node: cst.CSTNode) -> str | None:
        return Survey.qname(self, node)  # type: ignore[arg-type]

    def line(self, node: cst.CSTNode) -> int:
        return Survey.line(self, node)  # type: ignore[arg-type]

    def record(self, kind: str, node: cst.CSTNode, **fields: object) -> None:
        change = Change(kind, self.line(node), {k: str(v) for k, v in fields.items()})
        self.changes.append(change)
        if change.todo and self._statements:
            statement = self._statements[-1]
            self._todos.setdefault(id(statement), []).append(change.why())
            # sidecar = dsl.Sidecar(...): kfp 2 has no such object, and the one use of it,
            # sidecars=[sidecar], is dropped with its own TODO
            helper = m.SimpleStatementLine(
                body=[m.Assign(targets=[m.AssignTarget(m.Name())], value=m.Call())]
            )
            # conf = dsl.get_pipeline_conf(), web = dsl.Sidecar(...): an object kfp 2 has no
            # such thing as; the statements that use it later go with it
            made = (
                kind == "todo_removed"
                and m.matches(statement, helper)
                and self.qname(statement.body[0].value.func) == fields.get("name")  # type: ignore[attr-defined]
            )
            if made:
                self._gone.add(statement.body[0].targets[0].target.value)  # type: ignore[attr-defined]
            if kind in _COMMENTED_OUT and (
                m.matches(statement, _BARE_CALL) or m.matches(statement, _SETTING) or made
            ):
                self._comment_out.add(id(statement))

    def use(self, what: str) -> cst.Name:
        self.need.add(what)
        return cst.Name(
            {"dsl": self.dsl, "kubernetes": self.kubernetes, "compiler": self.compiler}[what]
        )

    def dsl_attr(self, attribute: str) -> cst.Attribute:
        return cst.Attribute(value=self.use("dsl"), attr=cst.Name(attribute))

    def kube_call(self, function: str, task: cst.BaseExpression, args: Sequence[cst.Arg]) -> cst.Call:
        return cst.Call(
            func=cst.Attribute(value=self.use("kubernetes"), attr=cst.Name(function)),
            args=[cst.Arg(task), *_strip_trailing_comma(args)],
        )

    # statements: TODO comments and inserted statements -----------------------------------
    def on_visit(self, node: cst.CSTNode) -> bool:
        if isinstance(node, (cst.SimpleStatementLine, cst.BaseCompoundStatement)):
            self._statements.append(node)
        if isinstance(node, (cst.Import, cst.ImportFrom)):
            self._in_import += 1
        return super().on_visit(node)

    def on_leave(self, original_node: cst.CSTNode, updated_node: cst.CSTNode):
        result = super().on_leave(original_node, updated_node)
        if isinstance(original_node, (cst.Import, cst.ImportFrom)):
            self._in_import -= 1
        if isinstance(original_node, (cst.SimpleStatementLine, cst.BaseCompoundStatement)):
            self._statements.pop()
            depth = len(self._statements)
            if (
                isinstance(original_node, cst.SimpleStatementLine)
                and len(original_node.body) == 1
                and isinstance(original_node.body[0], cst.Assign)
                and id(original_node.body[0].value) in self.survey.hoisted_lists
                and self._functions
            ):
                # params = [{...}, ...] used only by a loop: now the pipeline's parameter
                variable = self.survey.hoisted_lists[id(original_node.body[0].value)][1]
                if variable is not None:
                    self._hoist(
                        self._functions[0].name.value,
                        variable,
                        original_node.body[0].value,
                        original_node,
                    )
                    result = result.with_changes(body=[])  # type: ignore[union-attr]
            if isinstance(result, cst.SimpleStatementLine) and not result.body:
                # a statement that is gone (an import of v1 names): its comments stay, above
                # the statement that follows it
                self._pending.setdefault(depth, []).extend(_comments_of(result))
                return cst.RemoveFromParent()
            if (
                isinstance(result, cst.SimpleStatementLine)
                and self._gone
                and id(original_node) not in self._comment_out
                and any(m.findall(result, m.Name(name)) for name in self._gone)
                and (m.matches(result, _BARE_CALL) or m.matches(result, _SETTING))
            ):  # conf.set_parallelism(2): conf is commented out above, so is this
                names = sorted(n for n in self._gone if m.findall(result, m.Name(n)))
                change = Change("todo_gone", self.line(original_node), {"name": ", ".join(names)})
                self.changes.append(change)
                self._todos.setdefault(id(original_node), []).append(change.why())
                self._comment_out.add(id(original_node))
            pending = self._pending.pop(depth, [])
            if pending and isinstance(result, (cst.SimpleStatementLine, cst.BaseCompoundStatement)):
                result = result.with_changes(leading_lines=[*pending, *result.leading_lines])
            todos = self._todos.pop(id(original_node), [])
            if todos and isinstance(result, (cst.SimpleStatementLine, cst.BaseCompoundStatement)):
                existing = {line.comment.value for line in result.leading_lines if line.comment}
                lines = list(result.leading_lines)
                for todo in dict.fromkeys(todos):
                    comment = TODO_PREFIX + todo
                    if comment not in existing:
                        lines.append(cst.EmptyLine(indent=True, comment=cst.Comment(comment)))
                if id(original_node) in self._comment_out and isinstance(
                    result, cst.SimpleStatementLine
                ):
                    # kfp 2 has no such call: the v1 line stays, as a comment, for a person to redo
                    bare = original_node.with_changes(
                        leading_lines=[], trailing_whitespace=cst.TrailingWhitespace()
                    )
                    code = cst.Module(body=[]).code_for_node(bare)
                    for text in textwrap.dedent(code.rstrip("\n")).splitlines():
                        lines.append(
                            cst.EmptyLine(indent=True, comment=cst.Comment(f"# {text.rstrip()}"))
                        )
                    if result.trailing_whitespace.comment is not None:
                        lines.append(
                            cst.EmptyLine(indent=True, comment=result.trailing_whitespace.comment)
                        )
                    result = cst.SimpleStatementLine(body=[cst.Pass()], leading_lines=lines)
                else:
                    result = result.with_changes(leading_lines=lines)
            after = self._after.pop(id(original_node), [])
            before = self._before_top.pop(id(original_node), []) if not self._statements else []
            if (after or before) and isinstance(result, cst.BaseStatement):
                return cst.FlattenSentinel([*before, result, *after])
        return result

    # imports -----------------------------------------------------------------------------
    def leave_Import(self, original_node: cst.Import, updated_node: cst.Import):
        names = []
        for alias in updated_node.names:
            full = _code(alias.name)
            if full.startswith("kfp.v2"):
                new = "kfp" + full[len("kfp.v2") :]
                self.record("v2_namespace", original_node, new=new)
                alias = alias.with_changes(name=cst.parse_expression(new))
            elif full.startswith(N.V1_MODULES):
                self.record("import_removed", original_node, name=full)
                self._removed_imports.add(full)
                continue
            names.append(alias)
        return _with_names(updated_node, names)

    def leave_ImportFrom(self, original_node: cst.ImportFrom, updated_node: cst.ImportFrom):
        module = _code(updated_node.module) if updated_node.module else ""
        if not module.startswith("kfp") or isinstance(updated_node.names, cst.ImportStar):
            return updated_node
        if module.startswith(N.V1_MODULES):
            self.record("import_removed", original_node, name=module)
            return cst.RemoveFromParent()
        new_module = module
        if module == "kfp.v2" or module.startswith("kfp.v2."):
            rest = module[len("kfp.v2") :]
            new_module = "kfp.dsl" if rest.startswith(".components") else "kfp" + rest
            self.record("v2_namespace", original_node, new=new_module)
        kept = []
        for alias in updated_node.names:
            name = _code(alias.name)
            full = N.normalise(f"{module}.{name}")
            if full in N.V1_ONLY or f"{module}.{name}".startswith(N.V1_MODULES):
                self.record("import_removed", original_node, name=name)
                self._removed_imports.add(name)
                continue
            if self._missing_in_kfp2(f"{new_module}.{name}", original_node):
                self.record("todo_missing", original_node, name=f"{module}.{name}")
            kept.append(alias)
        result = _with_names(updated_node, kept)
        if new_module != module and isinstance(result, cst.ImportFrom):
            result = result.with_changes(module=cst.parse_expression(new_module))
        return result

    # references ------------------------------------------------------------------------
    def visit_Annotation(self, node: cst.Annotation) -> None:
        self._in_annotation += 1

    def leave_Annotation(self, original_node: cst.Annotation, updated_node: cst.Annotation):
        self._in_annotation -= 1
        annotation = original_node.annotation
        if isinstance(annotation, cst.Call) and self.qname(annotation.func) in N.DSL_TYPE_NAMES:
            python = N.DSL_TYPE_NAMES[str(self.qname(annotation.func))]
            self.record("dsl_type", original_node, old=_code(annotation), new=python)
            return updated_node.with_changes(annotation=cst.Name(python))
        return updated_node

    def _rename(self, original: cst.BaseExpression, updated: cst.BaseExpression) -> cst.BaseExpression:
        if self._in_import:
            return updated
        qname = self.qname(original)
        if self._in_annotation and qname in ("kfp.dsl.ContainerOp", "kfp.dsl.BaseOp"):
            # def extract_op(...) -> dsl.ContainerOp: a factory's task is a PipelineTask now
            self.record("task_annotation", original, old=_code(original))
            return self.dsl_attr("PipelineTask")
        if qname in N.DSL_RENAMES:
            if qname in N.PLACEHOLDERS:
                self.record("placeholder", original, old=_code(original), new=N.PLACEHOLDERS[qname])
            if qname == N.GRAPH_COMPONENT:
                self.record("graph_component", original)
                function = self._functions[-1] if self._functions else None
                if function is not None and m.findall(
                    function.body, m.Call(func=m.Name(function.name.value))
                ):
                    # a graph component that calls itself: v1's only loop with a condition
                    self.record("todo_recursion", function, name=function.name.value)
            return self.dsl_attr(N.DSL_RENAMES[qname])
        if qname in N.FACTORIES:
            return self.dsl_attr("component")
        if qname in N.VOLUME_MODES:
            return cst.List([cst.Element(cst.SimpleString(repr(N.VOLUME_MODES[qname])))])
        if qname in N.REMOVED:
            self.record("todo_removed", original, name=qname, advice=N.REMOVED[qname])
        elif self._missing_in_kfp2(qname, original):
            self.record("todo_missing", original, name=qname)
        return updated

    def _missing_in_kfp2(self, qname: str | None, node: cst.CSTNode) -> bool:
        """A kfp name no rule here knows and kfp 2 does not have (dsl.VolumeSnapshotOp,
        kfp.dsl._for_loop): said once per line, for its shortest missing prefix."""
        if qname is None or not qname.startswith("kfp.") or qname in N.V1_ONLY:
            return False
        if not isinstance(node, cst.ImportFrom) and not re.fullmatch(r"[\w.]+", _code(node)):
            return False  # Compiler().compile: a method of a value, not a name kfp exports
        name = "kfp." + qname.removeprefix("kfp.").removeprefix("v2.")
        if name.startswith(N.V1_MODULES) or N.exists_in_kfp2(name):
            return False
        line = self.line(node)
        if any(name.startswith(seen) for seen in self._missing.get(line, ())):
            return False
        self._missing.setdefault(line, set()).add(name)
        return True

    def leave_Name(self, original_node: cst.Name, updated_node: cst.Name):
        return self._rename(original_node, updated_node)

    def leave_Attribute(self, original_node: cst.Attribute, updated_node: cst.Attribute):
        renamed = self._rename(original_node, updated_node)
        if renamed is not updated_node:
            return renamed
        # a Name renamed inside may have become an Attribute: keep the attr as written
        return updated_node.with_changes(attr=original_node.attr)

    def leave_Arg(self, original_node: cst.Arg, updated_node: cst.Arg):
        if original_node.keyword is not None:
            return updated_node.with_changes(keyword=original_node.keyword)
        return updated_node

    def leave_SimpleString(self, original_node: cst.SimpleString, updated_node: cst.SimpleString):
        value = _string_value(original_node) or ""
        untyped = self.survey.untyped_inputs.get(id(original_node))
        if untyped and "\\" not in updated_node.value:
            typed = N.with_string_types(updated_node.value, untyped)
            if typed is not None:
                self.record("yaml_string_type", original_node, names=", ".join(untyped))
                return updated_node.with_changes(value=typed)
        if untyped:
            self.record("todo_yaml_type", original_node, names=", ".join(untyped))
        for argo, v2 in N.ARGO_PLACEHOLDERS.items():
            if argo in value:
                self.record("todo_argo_placeholder", original_node, old=argo, new=v2)
        return updated_node

    # functions -------------------------------------------------------------------------
    def leave_ClassDef(self, original_node: cst.ClassDef, updated_node: cst.ClassDef):
        # a plain subclass was made a function before this pass; one that is left has
        # methods or settings of its own
        if any(self.qname(base.value) == "kfp.dsl.ContainerOp" for base in original_node.bases):
            self.record("todo_container_op", original_node, reason="a subclass of dsl.ContainerOp")
        return updated_node

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        self._functions.append(node)

    def leave_FunctionDef(self, original_node: cst.FunctionDef, updated_node: cst.FunctionDef):
        self._functions.pop()
        if self._functions:
            return updated_node
        info = self.survey.functions.get(original_node.name.value)
        if info is None:
            return updated_node
        if info.typed_factory:
            kept = [d for d in updated_node.decorators if not _code(d.decorator).endswith("component")]
            self.record("typed_factory", original_node, name=original_node.name.value)
            updated_node = updated_node.with_changes(decorators=kept, returns=None)
        if info.component:
            updated_node = self._component_params(original_node, updated_node, info)
        if info.pipeline:
            updated_node = self._pipeline_function(original_node, updated_node, info)
        hoisted = self._hoisted.pop(original_node.name.value, [])
        if hoisted:
            params = list(updated_node.params.params)
            if params:
                params[-1] = params[-1].with_changes(comma=cst.MaybeSentinel.DEFAULT)
            updated_node = updated_node.with_changes(
                params=updated_node.params.with_changes(params=[*params, *hoisted])
            )
        return updated_node

    def _add_decorators(self, body: Sequence[cst.BaseStatement]) -> list[cst.BaseStatement]:
        """``@dsl.component(...)`` on functions a ``create_component_from_func`` call wrapped,
        ``@dsl.pipeline`` on functions v1 compiled without one (the calls come after the
        functions, so this waits for the whole module)."""
        result = []
        for statement in body:
            if isinstance(statement, cst.FunctionDef):
                name = statement.name.value
                for (function, _), options in self._decorators.items():
                    if function == name:
                        decorator = self.dsl_attr("component")
                        expr: cst.BaseExpression = (
                            cst.Call(func=decorator, args=_strip_trailing_comma(options))
                            if options
                            else decorator
                        )
                        statement = statement.with_changes(
                            decorators=[cst.Decorator(decorator=expr), *statement.decorators]
                        )
                info = self.survey.functions.get(name)
                if info is not None and info.undecorated_pipeline:
                    self.changes.append(
                        Change("pipeline_decorator", self.line(info.node), {"name": name})
                    )
                    statement = statement.with_changes(
                        decorators=[
                            cst.Decorator(decorator=self.dsl_attr("pipeline")),
                            *statement.decorators,
                        ]
                    )
            result.append(statement)
        return result

    @property
    def _decorators(self) -> dict[tuple[str, int], list[cst.Arg]]:
        return self.__dict__.setdefault("_decorator_options", {})

    def _annotate(self, param: cst.Param, type_name: str, reason: str, original: cst.Param) -> cst.Param:
        self.record(
            "annotation_added", original, name=param.name.value, type=type_name, reason=t(reason)
        )
        return param.with_changes(
            annotation=cst.Annotation(
                annotation=cst.Name(type_name),
                whitespace_before_indicator=cst.SimpleWhitespace(""),
                whitespace_after_indicator=cst.SimpleWhitespace(" "),
            ),
            equal=(
                cst.AssignEqual(
                    whitespace_before=cst.SimpleWhitespace(" "),
                    whitespace_after=cst.SimpleWhitespace(" "),
                )
                if param.default is not None
                else param.equal
            ),
        )

    def _float_default(self, param: cst.Param, original: cst.Param, type_name: str) -> cst.Param:
        if type_name == "float" and param.default is not None:
            fixed = _float_literal(param.default)
            if fixed is not None:
                self.record(
                    "float_literal",
                    original,
                    name=param.name.value,
                    old=_code(param.default),
                    new=_code(fixed),
                )
                return param.with_changes(default=fixed)
        return param

    def _component_params(
        self, original: cst.FunctionDef, updated: cst.FunctionDef, info: Function
    ) -> cst.FunctionDef:
        renames: dict[str, cst.BaseExpression] = {}
        params = []
        todos: list[tuple[str, dict[str, object]]] = []
        opened: list[tuple[str, str, str]] = []  # (file name in the body, path parameter, mode)
        value_files: list[tuple[str, str, str]] = []  # (value parameter, path in the body, type)
        for original_param, param in zip(original.params.params, updated.params.params, strict=True):
            name = param.name.value
            annotation = param.annotation.annotation if param.annotation else None
            call = annotation if isinstance(annotation, cst.Call) else None
            orig_call = (
                original_param.annotation.annotation
                if original_param.annotation
                and isinstance(original_param.annotation.annotation, cst.Call)
                else None
            )
            qname = self.qname(orig_call.func) if orig_call is not None else None
            if original_param.annotation is not None and qname is None:
                qname = self.qname(original_param.annotation.annotation)
            if qname in N.FILE_OBJECTS:
                # v1 opened the file and passed the open file; kfp 2 passes its path: the
                # function opens it around its body, under the name the body uses
                kind = str(qname).rsplit(".", 1)[-1]
                mode = ("r" if kind.startswith("Input") else "w") + ("b" if "Binary" in kind else "")
                # a file stays a file: a generic artifact, which kfp 2 passes as a path at run
                # time (an InputPath of a parameter type compiles, then finds no file)
                type_node: cst.BaseExpression = self.dsl_attr("Artifact")
                stem = (
                    re.sub(r"_(path|file)$", "", name)
                    if info.v1_component and not info.v2_preview
                    else name
                )
                if not stem.isidentifier() or (stem != name and stem in positional_of(info)):
                    stem = name
                file_path = "InputPath" if kind.startswith("Input") else "OutputPath"
                annotation_call = cst.Call(func=self.dsl_attr(file_path), args=[cst.Arg(type_node)])
                opened.append((name, stem, mode))
                self.record("file_object", original_param, name=name, old=kind, new=f"dsl.{file_path}")
                params.append(
                    param.with_changes(
                        name=cst.Name(stem),
                        annotation=cst.Annotation(annotation_call),
                    )
                )
                continue
            path_kind = qname.rsplit(".", 1)[-1] if qname in N.PATH_ANNOTATIONS else None
            if path_kind is None or call is None:
                if param.annotation is None and info.v1_component and not param.star:
                    type_name = info.param_types.get(name)
                    reason = (
                        "migrate_reason_default"
                        if _literal_type(param.default) == type_name
                        else ("migrate_reason_caller" if type_name else "migrate_reason_v1_untyped")
                    )
                    param = self._annotate(param, type_name or "str", reason, original_param)
                    param = self._float_default(param, original_param, type_name or "str")
                elif info.v1_component and param.annotation is not None:
                    declared = _string_value(param.annotation.annotation)
                    if declared:  # a v1 type name; one kfp 2 does not know was text in v1
                        new = N.PARAMETER_TYPES.get(declared.lower(), "str")
                        self.record("path_type", original_param, old=repr(declared), new=new)
                        param = param.with_changes(
                            annotation=param.annotation.with_changes(annotation=cst.Name(new))
                        )
                params.append(param)
                continue
            type_text = _string_value(call.args[0].value) if call.args else None
            has_type = bool(call.args)
            stem = (
                re.sub(r"_(path|file)$", "", name) if info.v1_component and not info.v2_preview else name
            )
            lowered = (type_text or "").lower().replace("_", "")
            if path_kind == "OutputPath" and (
                stem == "mlpipeline_ui_metadata" or lowered == "uimetadata"
            ):
                kind = self._ui_kind(original)
                new_type = {"markdown": "Markdown", "table": "Markdown", "web-app": "HTML"}.get(
                    kind, "ClassificationMetrics"
                )
                new_name = (
                    "mlpipeline_ui_metadata"
                    if stem == name or stem == "mlpipeline_ui_metadata"
                    else stem
                )
                param = self._artifact_param(param, new_name, new_type)
                renames[name] = cst.Attribute(value=cst.Name(new_name), attr=cst.Name("path"))
                todos.append(
                    ("todo_ui_metadata", {"name": new_name, "new": f"Output[{new_type}]", "kind": kind})
                )
                params.append(param)
                continue
            if path_kind == "OutputPath" and (stem == "mlpipeline_metrics" or lowered == "metrics"):
                param = self._artifact_param(param, stem, "Metrics")
                renames[name] = cst.Attribute(value=cst.Name(stem), attr=cst.Name("path"))
                todos.append(("todo_metrics", {"name": stem}))
                params.append(param)
                continue
            new_call = call.with_changes(func=self.dsl_attr(path_kind))
            fed = self.survey.input_types.get((original.name.value, name))
            if (
                path_kind == "InputPath"
                and fed
                and (type_text is None or type_text not in N.V2_TYPE_STRINGS)
            ):
                # the pipeline feeds it a value: kfp 2 passes the value (an InputPath of a
                # value type compiles, then finds no file at run time), and the function
                # writes it to the file its body reads, as v1 did
                old = f"InputPath({type_text!r})" if type_text else "InputPath()"
                value_name = (
                    stem if stem.isidentifier() and stem not in positional_of(info) - {name} else name
                )
                self.record("input_fed", original_param, old=old, new=f"{value_name}: {fed}", name=name)
                value_files.append((value_name, name, fed))
                params.append(
                    param.with_changes(
                        name=cst.Name(value_name), annotation=cst.Annotation(cst.Name(fed))
                    )
                )
                continue
            if type_text is not None:
                key = type_text.lower()
                if key in N.PARAMETER_TYPES:
                    # v1's "dict" only described the file; a file stays a file (an artifact),
                    # which kfp.local can pass as well as a cluster
                    new_call = new_call.with_changes(args=[cst.Arg(self.dsl_attr("Artifact"))])
                    self.record(
                        "path_type_value",
                        original_param,
                        old=f"{path_kind}({type_text!r})",
                        new=f"dsl.{path_kind}(dsl.Artifact)",
                        type=repr(type_text),
                        value=N.PARAMETER_TYPES[key],
                    )
                elif type_text not in N.V2_TYPE_STRINGS:
                    artifact = N.artifact_for(type_text)
                    new_call = new_call.with_changes(args=[cst.Arg(self.dsl_attr(artifact))])
                    self.record(
                        "path_type_generic",
                        original_param,
                        old=f"{path_kind}({type_text!r})",
                        new=f"dsl.{path_kind}(dsl.{artifact})",
                        type=repr(type_text),
                    )
            elif not has_type:
                new_call = new_call
            if stem != name and stem.isidentifier() and stem not in positional_of(info):
                self.record("path_suffix", original_param, old=name, new=stem)
                renames[name] = cst.Name(stem)
                param = param.with_changes(name=cst.Name(stem))
            params.append(
                param.with_changes(annotation=param.annotation.with_changes(annotation=new_call))  # type: ignore[union-attr]
            )
        updated = updated.with_changes(params=updated.params.with_changes(params=params))
        updated = self._return_annotation(original, updated)
        if renames:
            updated = updated.with_changes(body=updated.body.visit(_RenameNames(renames)))
        if opened and isinstance(updated.body, cst.IndentedBlock):
            updated = updated.with_changes(body=_open_around(updated.body, opened))
        if value_files and isinstance(updated.body, cst.IndentedBlock):
            updated = updated.with_changes(body=_write_values_first(updated.body, value_files))
        if todos:
            lines = list(updated.leading_lines)
            existing = {line.comment.value for line in lines if line.comment}
            for kind, fields in todos:
                change = Change(kind, self.line(original), {k: str(v) for k, v in fields.items()})
                self.changes.append(change)
                comment = TODO_PREFIX + change.why()
                if comment not in existing:
                    lines.append(cst.EmptyLine(indent=True, comment=cst.Comment(comment)))
            updated = updated.with_changes(leading_lines=lines)
        return updated

    def _artifact_param(self, param: cst.Param, name: str, artifact: str) -> cst.Param:
        annotation = cst.Subscript(
            value=self.dsl_attr("Output"),
            slice=[cst.SubscriptElement(cst.Index(self.dsl_attr(artifact)))],
        )
        return param.with_changes(
            name=cst.Name(name),
            annotation=param.annotation.with_changes(annotation=annotation),  # type: ignore[union-attr]
        )

    def _ui_kind(self, function: cst.FunctionDef) -> str:
        strings = {
            _string_value(node)
            for node in m.findall(function, m.SimpleString())
            if isinstance(node, cst.SimpleString)
        }
        for kind in ("markdown", "web-app", "confusion_matrix", "roc", "table"):
            if kind in strings:
                return kind
        return "markdown"

    def _return_annotation(self, original: cst.FunctionDef, updated: cst.FunctionDef) -> cst.FunctionDef:
        if updated.returns is None:
            return updated
        if original.name.value in self.survey.list_outputs:
            return self._list_output(original, updated)
        node = updated.returns.annotation
        text = _string_value(node)
        if text is not None and (self._is_v1_component(original) or text.lower() in N.PARAMETER_TYPES):
            # a v1 type name; one kfp 2 does not know ("Something") was text in v1, as it is here
            new = N.PARAMETER_TYPES.get(text.lower(), "str")
            self.record("namedtuple_type", original, name="Output", old=repr(text), new=new)
            return updated.with_changes(returns=updated.returns.with_changes(annotation=cst.Name(new)))
        if (
            isinstance(node, cst.Call)
            and len(node.args) >= 2
            and isinstance(node.args[1].value, cst.List)
        ):
            elements = []
            todo: list[tuple[str, dict[str, object]]] = []
            for element in node.args[1].value.elements:
                value = element.value
                if isinstance(value, cst.Tuple) and len(value.elements) == 2:
                    field_name = _string_value(value.elements[0].value) or ""
                    field_type = _string_value(value.elements[1].value)
                    if field_type is not None:
                        lowered = field_type.lower().replace("_", "")
                        new_field = N.PARAMETER_TYPES.get(field_type.lower())
                        new = new_field or "str"
                        if lowered in {"metrics", "uimetadata"}:
                            todo.append(
                                (
                                    "todo_metrics" if lowered == "metrics" else "todo_ui_metadata",
                                    {"name": field_name, "new": "Output[Markdown]", "kind": "markdown"},
                                )
                            )
                        self.record(
                            "namedtuple_type", original, name=field_name, old=repr(field_type), new=new
                        )
                        value = value.with_changes(
                            elements=[
                                value.elements[0],
                                value.elements[1].with_changes(value=cst.Name(new)),
                            ]
                        )
                elements.append(element.with_changes(value=value))
            args = list(node.args)
            args[1] = args[1].with_changes(value=node.args[1].value.with_changes(elements=elements))
            for kind, fields in todo:
                self._todos.setdefault(id(original), []).append(
                    Change(kind, self.line(original), {k: str(v) for k, v in fields.items()}).why()
                )
                self.changes.append(
                    Change(kind, self.line(original), {k: str(v) for k, v in fields.items()})
                )
            return updated.with_changes(
                returns=updated.returns.with_changes(annotation=node.with_changes(args=args))
            )
        return updated

    def _returns_a_value(self, task: cst.BaseExpression) -> bool:
        """Whether ``task`` (a variable of the pipeline) is a task of a v1 component that
        returns a single value."""
        if not isinstance(task, cst.Name) or not self._functions:
            return False
        called = self.survey._task_vars.get((self._functions[0].name.value, task.value))
        info = self.survey.callee(called) if called else None
        if info is None or not info.v1_component or info.node.returns is None:
            return False
        returns = info.node.returns.annotation
        return not (isinstance(returns, cst.Call) or _code(returns) == "None")

    def _is_v1_component(self, function: cst.FunctionDef) -> bool:
        info = self.survey.functions.get(function.name.value)
        return info is not None and info.node is function and info.v1_component

    def _list_output(self, original: cst.FunctionDef, updated: cst.FunctionDef) -> cst.FunctionDef:
        """``-> str`` returning JSON that a ParallelFor loops over becomes ``-> list``: v1
        parsed the text when it looped, kfp 2 loops over a list only."""
        self.record("loop_output_list", original, name=original.name.value)

        class Returns(cst.CSTTransformer):
            def visit_FunctionDef(self, node: cst.FunctionDef) -> bool:
                return node is updated  # a nested function's returns are its own

            def leave_Return(self, original_node: cst.Return, updated_node: cst.Return):
                value = updated_node.value
                if value is None:
                    return updated_node
                if m.matches(value, m.Call(func=m.Attribute(m.Name("json"), m.Name("dumps")))):
                    call = value  # return json.dumps(x) -> return x
                    if len(call.args) == 1:  # type: ignore[attr-defined]
                        return updated_node.with_changes(value=call.args[0].value)  # type: ignore[attr-defined]
                text = _string_value(value)
                if text is not None:
                    try:
                        return updated_node.with_changes(
                            value=cst.parse_expression(json.dumps(json.loads(text)))
                        )
                    except ValueError:
                        pass
                parsed = cst.parse_expression(f"__import__('json').loads({_code(value)})")
                return updated_node.with_changes(value=parsed)

        body = updated.visit(Returns())
        assert isinstance(body, cst.FunctionDef)
        return body.with_changes(returns=cst.Annotation(cst.Name("list")))

    def _pipeline_function(
        self, original: cst.FunctionDef, updated: cst.FunctionDef, info: Function
    ) -> cst.FunctionDef:
        params = []
        for original_param, param in zip(original.params.params, updated.params.params, strict=True):
            if (original.name.value, param.name.value) in self.survey.loop_params:
                params.append(self._loop_param(original_param, param))
                continue
            type_name = info.param_types.get(param.name.value)
            if param.annotation is None and not param.star:
                reason = (
                    "migrate_reason_default"
                    if _literal_type(param.default) == type_name
                    else ("migrate_reason_caller" if type_name else "migrate_reason_v1_untyped")
                )
                param = self._annotate(param, type_name or "str", reason, original_param)
            elif param.annotation is not None:
                declared = _string_value(param.annotation.annotation)
                if declared:  # a v1 type name; one kfp 2 does not know was text in v1
                    new = N.PARAMETER_TYPES.get(declared.lower(), "str")
                    self.record("path_type", original_param, old=repr(declared), new=new)
                    param = param.with_changes(
                        annotation=param.annotation.with_changes(annotation=cst.Name(new))
                    )
            param = self._float_default(param, original_param, type_name or "")
            params.append(param)
        updated = updated.with_changes(params=updated.params.with_changes(params=params))
        decorators = []
        for decorator in updated.decorators:
            expr = decorator.decorator
            if isinstance(expr, cst.Call) and m.matches(
                expr.func, m.Attribute(attr=m.Name("pipeline")) | m.Name("pipeline")
            ):
                expr = self._pipeline_decorator(expr, original)
            decorators.append(decorator.with_changes(decorator=expr))
        return updated.with_changes(decorators=decorators)

    def _loop_param(self, original: cst.Param, param: cst.Param) -> cst.Param:
        """A pipeline parameter a ParallelFor loops over is a list in kfp 2 (v1 took a JSON
        string): its type becomes ``list`` and a JSON default the list it spells."""
        annotation = _annotation_type(param.annotation)
        default = param.default
        text = _string_value(default) if default is not None else None
        new_default = default
        if text is not None:
            try:
                value = json.loads(text)
            except ValueError:
                value = None
            if isinstance(value, list):
                new_default = cst.parse_expression(repr(value))
        if annotation == "list" and new_default is default:
            return param
        self.record("loop_list", original, name=param.name.value)
        changed = param.with_changes(
            annotation=cst.Annotation(
                annotation=cst.Name("list"),
                whitespace_before_indicator=cst.SimpleWhitespace(""),
                whitespace_after_indicator=cst.SimpleWhitespace(" "),
            ),
            default=new_default,
        )
        if new_default is not None and param.equal is cst.MaybeSentinel.DEFAULT:
            changed = changed.with_changes(
                equal=cst.AssignEqual(
                    whitespace_before=cst.SimpleWhitespace(" "),
                    whitespace_after=cst.SimpleWhitespace(" "),
                )
            )
        return changed

    def _pipeline_decorator(self, call: cst.Call, function: cst.FunctionDef) -> cst.Call:
        named = _keywords(call, ("name", "description", "output_directory"))
        args = []
        for key, arg in named.items():
            if key == "output_directory":
                self.record("compiler_option", function, name="output_directory")
                continue
            args.append(arg if arg.keyword is not None else _arg(arg.value, key))
        name = _string_value(named["name"].value) if "name" in named else None
        if name is not None and not N.sanitize_k8s(name):
            new_name = N.sanitize_k8s(function.name.value) or "pipeline"
            self.record("pipeline_name", function, old=repr(name), new=repr(new_name))
            args = [a for a in args if a.keyword is None or a.keyword.value != "name"]
            args = [_arg(_string_like(named["name"].value, new_name), "name"), *args]
            if "display_name" not in named:
                args.append(_arg(named["name"].value, "display_name"))
        if [a.keyword.value if a.keyword else None for a in args] != [
            a.keyword.value if a.keyword else None for a in call.args
        ] or len(args) != len(call.args):
            return call.with_changes(
                args=_strip_trailing_comma(
                    [a.with_changes(comma=cst.MaybeSentinel.DEFAULT) for a in args]
                )
            )
        return call

    # calls -----------------------------------------------------------------------------
    def leave_Call(self, original_node: cst.Call, updated_node: cst.Call):
        qname = self.qname(original_node.func)
        if qname in N.FACTORIES:
            return self._factory_call(original_node, updated_node, qname)
        if (
            qname == "functools.partial"
            and original_node.args
            and self.qname(original_node.args[0].value) in N.FACTORIES
        ):
            return self._partial(original_node, updated_node)
        if qname == "kfp.dsl.ContainerOp":
            return self._container_op(original_node, updated_node)
        if qname == "kfp.dsl.VolumeOp":
            return self._volume_op(original_node, updated_node)
        if qname == "kfp.dsl.Condition":
            self.record("condition", original_node)
            self._ifs[id(updated_node)] = self.line(original_node)
            return updated_node
        if qname == "kfp.dsl.ParallelFor":
            updated_node = self._hoist_inline_items(original_node, updated_node)
            return self._rename_keyword(original_node, updated_node, "loop_args", "items", "loop_items")
        if qname == "kfp.dsl.ExitHandler":
            return self._rename_keyword(original_node, updated_node, "exit_op", "exit_task", "exit_task")
        if qname == "kfp.compiler.Compiler":
            return self._drop_keywords(original_node, updated_node, {"mode", "launcher_image"})
        if qname in N.REMOVED and qname not in ("kfp.dsl.SubGraph",):
            return updated_node  # recorded as a reference
        if isinstance(original_node.func, cst.Attribute) and isinstance(
            updated_node.func, cst.Attribute
        ):
            value = original_node.func.value
            dotted = isinstance(value, (cst.Name, cst.Attribute)) and re.fullmatch(
                r"[\w.]+", _code(value)
            )
            receiver = self.qname(value) if dotted else None  # not dsl.ContainerOp(...).container
            if receiver is not None and receiver.startswith("kfp") and receiver not in N.V1_ONLY:
                return updated_node  # kubernetes.set_timeout(...), dsl.If(...): already kfp 2
            return self._method(original_node, updated_node, original_node.func.attr.value)
        if isinstance(original_node.func, cst.Name):
            if original_node.func.value in self.survey.loaded:
                return self._loaded_call(original_node, updated_node)
            return self._call_site(original_node, updated_node)
        return updated_node

    def _loaded_call(self, original: cst.Call, updated: cst.Call) -> cst.Call:
        """A component loaded from YAML, called positionally: kfp 2 takes names only."""
        names = self.survey.loaded[original.func.value]  # type: ignore[attr-defined]
        positional = [arg for arg in updated.args if arg.keyword is None and not arg.star]
        if not positional or any(arg.star for arg in updated.args) or len(positional) > len(names):
            return updated
        args = [
            _arg(arg.value, names[index]).with_changes(comma=arg.comma)
            for index, arg in enumerate(positional)
        ] + [arg for arg in updated.args if arg.keyword is not None]
        result = updated.with_changes(args=args)
        self.record("keyword_arguments", original, old=_code(original), new=_code(result))
        return result

    def _hoist_inline_items(self, original: cst.Call, updated: cst.Call) -> cst.Call:
        """``ParallelFor([{...}, ...])`` with mixed value types: the list becomes a pipeline
        parameter (its default), which kfp 2 types field by field at run time."""
        for index, arg in enumerate(original.args):
            if id(arg.value) in self.survey.hoisted_lists and self._functions:
                pipeline = self._functions[0].name.value
                name = "loop_items"
                taken = _local_bindings(self._functions[0]) | {
                    p.name.value for p in self._hoisted.get(pipeline, [])
                }
                while name in taken:
                    name += "_"
                self._hoist(pipeline, name, arg.value, original)
                args = list(updated.args)
                args[index] = args[index].with_changes(value=cst.Name(name))
                return updated.with_changes(args=args)
        return updated

    def _hoist(self, pipeline: str, name: str, value: cst.BaseExpression, node: cst.CSTNode) -> None:
        kind = "loop_list_parameter"
        if id(value) in self.survey.to_containers:
            kind = "loop_text_parameter"
        elif id(value) in self.survey.whole_items:
            kind = "loop_dict_parameter"
        self.record(kind, node, name=name)
        param = cst.Param(
            name=cst.Name(name),
            annotation=cst.Annotation(cst.Name("list")),
            default=value,
            equal=cst.AssignEqual(
                whitespace_before=cst.SimpleWhitespace(" "), whitespace_after=cst.SimpleWhitespace(" ")
            ),
        )
        self._hoisted.setdefault(pipeline, []).append(param)

    def _rename_keyword(
        self, original: cst.Call, updated: cst.Call, old: str, new: str, kind: str
    ) -> cst.Call:
        args = []
        for arg in updated.args:
            if arg.keyword is not None and arg.keyword.value == old:
                self.record(kind, original)
                arg = arg.with_changes(keyword=cst.Name(new))
            args.append(arg)
        return updated.with_changes(args=args)

    def _drop_keywords(self, original: cst.Call, updated: cst.Call, drop: set[str]) -> cst.Call:
        kept = []
        for arg in updated.args:
            if arg.keyword is not None and arg.keyword.value in drop:
                self.record("compiler_option", original, name=arg.keyword.value)
                continue
            kept.append(arg)
        return (
            updated.with_changes(args=_strip_trailing_comma(kept))
            if len(kept) != len(updated.args)
            else updated
        )

    def _map_factory_options(
        self, original: cst.Call, args: Sequence[cst.Arg], qname: str, skip: int
    ) -> tuple[list[cst.Arg], cst.BaseExpression | None]:
        named = _keywords(cst.Call(func=original.func, args=args), N.FACTORY_POSITIONAL[qname], skip)
        kept: list[cst.Arg] = []
        component_file = None
        for key, arg in named.items():
            if key in N.FACTORY_KEEP:
                kept.append(arg if arg.keyword is not None else _arg(arg.value, key))
            elif key == "output_component_file":
                if not (isinstance(arg.value, cst.Name) and arg.value.value == "None"):
                    component_file = arg.value
            elif key == "extra_code":
                self.record("todo_option", original, name="extra_code=")
                kept.append(arg)
            else:
                self.record("component_option", original, name=key)
        return [a.with_changes(comma=cst.MaybeSentinel.DEFAULT) for a in kept], component_file

    def _factory_call(self, original: cst.Call, updated: cst.Call, qname: str) -> cst.BaseExpression:
        old = qname.rsplit(".", 1)[-1]
        if not original.args:
            return updated
        options, component_file = self._map_factory_options(original, updated.args, qname, 1)
        function = _code(original.args[0].value)
        assigned = self._statements and m.matches(
            self._statements[-1],
            m.SimpleStatementLine(body=[m.Assign(targets=[m.AssignTarget(m.Name())])]),
        )
        target = None
        if assigned:
            statement = self._statements[-1]
            target = statement.body[0].targets[0].target.value  # type: ignore[attr-defined]
        if component_file is not None:
            if target is None:
                options.append(_arg(component_file, "output_component_file"))
            else:
                compile_call = cst.parse_statement(
                    f"{self.use('compiler').value}.Compiler().compile("
                    f"{target}, {_code(component_file)})\n"
                )
                self._after.setdefault(id(self._statements[-1]), []).append(compile_call)
                self.record("component_file", original, path=_code(component_file))
        if id(original) in self.survey.decorator_wraps:
            self._decorators[(function, id(original))] = options
            self.record("component_decorator", original, old=old, name=function, alias=target)
            return updated.args[0].value
        self.record("component_call", original, old=old)
        return updated.with_changes(
            func=self.dsl_attr("component"),
            args=_strip_trailing_comma(
                [updated.args[0].with_changes(comma=cst.MaybeSentinel.DEFAULT), *options]
            ),
        )

    def _partial(self, original: cst.Call, updated: cst.Call) -> cst.Call:
        qname = self.qname(original.args[0].value) or ""
        options, component_file = self._map_factory_options(original, updated.args, qname, 1)
        if component_file is not None:
            self.record("component_option", original, name="output_component_file")
        self.record(
            "component_partial",
            original,
            old=qname.rsplit(".", 1)[-1],
            name=self._assigned_name() or "...",
        )
        return updated.with_changes(
            args=_strip_trailing_comma([cst.Arg(self.dsl_attr("component")), *options])
        )

    def _assigned_name(self) -> str | None:
        if self._statements and m.matches(
            self._statements[-1],
            m.SimpleStatementLine(body=[m.Assign(targets=[m.AssignTarget(m.Name())])]),
        ):
            return self._statements[-1].body[0].targets[0].target.value  # type: ignore[attr-defined]
        return None

    def _call_site(self, original: cst.Call, updated: cst.Call) -> cst.Call:
        """Int literals given to float inputs of the module's own components."""
        assert isinstance(original.func, cst.Name)
        callee = self.survey.callee(original.func.value)
        if callee is None or not (callee.component or callee.pipeline):
            return updated  # a pipeline is a component in kfp 2, called by name too
        names = _input_names(callee)
        args = []
        changed = False
        index = 0
        positional = any(arg.keyword is None and not arg.star for arg in updated.args)
        for arg in updated.args:
            name = (
                arg.keyword.value
                if arg.keyword is not None
                else (names[index] if index < len(names) else None)
            )
            if arg.keyword is None and not arg.star:
                index += 1
                if name is not None:
                    arg = _arg(arg.value, name).with_changes(comma=arg.comma)
                    changed = True
            if name and callee.param_types.get(name) == "float":
                fixed = _float_literal(arg.value)
                if fixed is not None:
                    self.record(
                        "float_literal", original, name=name, old=_code(arg.value), new=_code(fixed)
                    )
                    arg = arg.with_changes(value=fixed)
                    changed = True
            args.append(arg)
        if not changed:
            return updated
        result = updated.with_changes(args=args)
        if positional and not any(arg.star for arg in updated.args):
            self.record("keyword_arguments", original, old=_code(original), new=_code(result))
        return result

    # task methods ----------------------------------------------------------------------
    def _method(self, original: cst.Call, updated: cst.Call, method: str) -> cst.BaseExpression:
        func = updated.func
        assert isinstance(func, cst.Attribute)
        receiver = func.value
        if m.matches(receiver, m.Attribute(attr=m.Name("container"))) and method in N.CONTAINER_METHODS:
            self.record("container_attr", original, name=method)
            receiver = receiver.value  # type: ignore[attr-defined]
            updated = updated.with_changes(func=func.with_changes(value=receiver))
        args = list(updated.args)
        if (
            method == "delete"
            and not args
            and isinstance(receiver, cst.Name)
            and receiver.value in self._vop_names
        ):
            # vop.delete(): kfp-kubernetes deletes the PVC CreatePVC made
            self.record("delete_pvc", original)
            return cst.Call(
                func=cst.Attribute(value=self.use("kubernetes"), attr=cst.Name("DeletePVC")),
                args=[_arg(cst.parse_expression(f"{receiver.value}.outputs['name']"), "pvc_name")],
            )
        if method == "set_gpu_limit" and args:
            vendor = _string_value(args[1].value) if len(args) > 1 else "nvidia"
            accelerator = "amd.com/gpu" if vendor == "amd" else "nvidia.com/gpu"
            self.record("gpu", original, old=_code(args[0].value), type=repr(accelerator))
            typed = cst.Call(
                func=cst.Attribute(value=receiver, attr=cst.Name("set_accelerator_type")),
                args=[cst.Arg(cst.SimpleString(repr(accelerator)))],
            )
            return cst.Call(
                func=cst.Attribute(value=typed, attr=cst.Name("set_accelerator_limit")),
                args=[args[0].with_changes(comma=cst.MaybeSentinel.DEFAULT)],
            )
        if (
            method == "add_resource_limit"
            and args
            and _string_value(args[0].value) in ("nvidia.com/gpu", "amd.com/gpu")
        ):
            self.record("gpu", original, old=_code(args[1].value), type=_code(args[0].value))
            typed = cst.Call(
                func=cst.Attribute(value=receiver, attr=cst.Name("set_accelerator_type")),
                args=[args[0].with_changes(comma=cst.MaybeSentinel.DEFAULT)],
            )
            return cst.Call(
                func=cst.Attribute(value=typed, attr=cst.Name("set_accelerator_limit")),
                args=[args[1].with_changes(comma=cst.MaybeSentinel.DEFAULT)],
            )
        if method == "add_node_selector_constraint" and len(args) >= 2:
            self.record("node_selector", original)
            return self.kube_call(
                "add_node_selector",
                receiver,
                [_arg(args[0].value, "label_key"), _arg(args[1].value, "label_value")],
            )
        if method in N.KUBERNETES_METHODS:
            self.record("kubernetes_call", original, old=method, new=N.KUBERNETES_METHODS[method])
            return self.kube_call(N.KUBERNETES_METHODS[method], receiver, args)
        if method == "add_env_variable" and len(args) == 1:
            env = args[0].value
            if isinstance(env, cst.Call) and _code(env.func).endswith("V1EnvVar"):
                named = _keywords(env, ("name", "value", "value_from"))
                if set(named) == {"name", "value"}:
                    self.record("env_variable", original)
                    value = self._compile_time(original, named["value"].value, "set_env_variable")
                    return updated.with_changes(
                        func=cst.Attribute(value=receiver, attr=cst.Name("set_env_variable")),
                        args=[_arg(named["name"].value, "name"), _arg(value, "value")],
                    )
            self.record("todo_env", original)
            return updated
        if method == "add_toleration" and len(args) == 1 and isinstance(args[0].value, cst.Call):
            named = _keywords(args[0].value, ())
            if named and set(named) <= {"key", "operator", "value", "effect", "toleration_seconds"}:
                self.record("kubernetes_call", original, old=method, new="add_toleration")
                return self.kube_call(
                    "add_toleration",
                    receiver,
                    [a.with_changes(comma=cst.MaybeSentinel.DEFAULT) for a in named.values()],
                )
            self.record("todo_option", original, name=method)
            return updated
        if method == "set_retry":
            kept = [a for a in args if not (a.keyword is not None and a.keyword.value == "policy")]
            if len(kept) != len(args) or len(args) > 1 and args[1].keyword is None:
                kept = [a for i, a in enumerate(kept) if not (i == 1 and a.keyword is None)]
                self.record("retry_policy", original)
                return updated.with_changes(args=_strip_trailing_comma(kept))
            return updated
        if method == "add_pvolumes" and len(args) == 1:
            return self._mount(original, receiver, args[0].value) or updated
        if method == "apply" and len(args) == 1 and isinstance(args[0].value, cst.Call):
            return self._apply(original, updated, receiver, args[0].value)
        if method in N.UNSUPPORTED_METHODS and isinstance(original.func, cst.Attribute):
            if self._looks_like_task(original.func.value):
                self.record("todo_option", original, name=method)
            return updated
        if method == "compile" and m.matches(updated.func, m.Attribute(value=m.Call())):
            inner = original.func.value  # type: ignore[attr-defined]
            if self.qname(inner.func) == "kfp.compiler.Compiler":
                return self._compile_call(original, updated)
        if method in (
            "create_run_from_pipeline_func",
            "create_run_from_pipeline_package",
            "upload_pipeline",
        ):
            return self._client_call(original, updated, method)
        return updated

    def _looks_like_task(self, receiver: cst.BaseExpression) -> bool:
        return m.matches(receiver, m.Attribute(attr=m.Name("container"))) or isinstance(
            receiver, (cst.Name, cst.Call)
        )

    def _yaml_path(self, original: cst.Call, arg: cst.Arg) -> cst.Arg:
        value = _string_value(arg.value)
        if value is not None and isinstance(arg.value, cst.SimpleString):
            for suffix in (".tar.gz", ".tgz", ".zip"):
                if value.endswith(suffix):
                    new = value[: -len(suffix)] + ".yaml"
                    self.record("compiled_yaml", original, old=repr(value), new=repr(new))
                    return arg.with_changes(value=_string_like(arg.value, new))
        return arg

    def _compile_call(self, original: cst.Call, updated: cst.Call) -> cst.Call:
        args = []
        positional = 0
        for arg in updated.args:
            if arg.keyword is None:
                positional += 1
                if positional == 2:
                    arg = self._yaml_path(original, arg)
                elif positional == 3:
                    self.record("compiler_option", original, name="type_check")
                    arg = _arg(arg.value, "type_check")
            elif arg.keyword.value == "package_path":
                arg = self._yaml_path(original, arg)
            elif arg.keyword is not None and arg.keyword.value == "pipeline_conf":
                self.record(
                    "todo_removed",
                    original,
                    name="pipeline_conf=",
                    advice=N.REMOVED["kfp.dsl.PipelineConf"],
                )
                # the compile still compiles: only the option goes, named by the TODO
                if self._statements:
                    self._comment_out.discard(id(self._statements[-1]))
                continue
            args.append(arg)
        return updated.with_changes(args=_strip_trailing_comma(args))

    def _client_call(self, original: cst.Call, updated: cst.Call, method: str) -> cst.Call:
        args = []
        for index, arg in enumerate(updated.args):
            if arg.keyword is not None and arg.keyword.value == "mode":
                self.record("compiler_option", original, name="mode")
                continue
            if method != "create_run_from_pipeline_func" and (
                index == 0
                or (arg.keyword and arg.keyword.value in ("pipeline_package_path", "pipeline_file"))
            ):
                arg = self._yaml_path(original, arg)
            args.append(arg)
        if method == "create_run_from_pipeline_func" and any(
            a.keyword and a.keyword.value == "arguments" for a in args
        ):
            self.record("client_arguments", original)
        if len(args) == len(updated.args):
            return updated.with_changes(args=args)
        return updated.with_changes(args=_strip_trailing_comma(args))

    def _apply(
        self, original: cst.Call, updated: cst.Call, receiver: cst.BaseExpression, inner: cst.Call
    ) -> cst.BaseExpression:
        original_inner = original.args[0].value
        qname = self.qname(original_inner.func) if isinstance(original_inner, cst.Call) else None
        if qname == "kfp.onprem.mount_pvc":
            named = _keywords(inner, ("pvc_name", "volume_name", "volume_mount_path"))
            if "pvc_name" in named and "volume_mount_path" in named:
                self.record("mount_pvc", original, path=_code(named["volume_mount_path"].value))
                return self.kube_call(
                    "mount_pvc",
                    receiver,
                    [
                        _arg(named["pvc_name"].value, "pvc_name"),
                        _arg(
                            self._compile_time(original, named["volume_mount_path"].value, "mount_path"),
                            "mount_path",
                        ),
                    ],
                )
        if qname == "kfp.onprem.use_k8s_secret":
            named = _keywords(inner, ("secret_name", "k8s_secret_key_to_env"))
            if "secret_name" in named and "k8s_secret_key_to_env" in named:
                self.record("secret", original)
                return self.kube_call(
                    "use_secret_as_env",
                    receiver,
                    [
                        _arg(named["secret_name"].value, "secret_name"),
                        _arg(named["k8s_secret_key_to_env"].value, "secret_key_to_env"),
                    ],
                )
        if qname == "kfp.aws.use_aws_secret" and isinstance(inner, cst.Call):
            return self._aws_secret(original, receiver, inner)
        if qname == "kfp.gcp.use_gcp_secret" and isinstance(inner, cst.Call):
            return self._gcp_secret(original, receiver, inner)
        if qname and qname.startswith(N.V1_MODULES):
            self.record(
                "todo_removed",
                original,
                name=qname,
                advice=N.REMOVED.get(qname, N.REMOVED["kfp.dsl.PipelineConf"]),
            )
            # the task keeps its other settings; kfp 2 has no .apply, so the call goes and
            # the TODO above the line names it. A statement that still makes a task stays.
            if isinstance(receiver, cst.Call) and self._statements:
                self._comment_out.discard(id(self._statements[-1]))
            return receiver
        return updated

    def _compile_time(
        self, original: cst.CSTNode, value: cst.BaseExpression, what: str
    ) -> cst.BaseExpression:
        """A pipeline parameter where kfp 2 needs a value at compile time (an environment
        variable, a mount path): v1 filled it in at run time. Its default is used, and a TODO
        says so; anything else is left as it is."""
        if not isinstance(value, cst.Name) or not self._functions:
            return value
        for param in self._functions[0].params.params:
            if param.name.value == value.value and param.default is not None:
                if _literal_type(param.default) is None:
                    break
                self.record(
                    "todo_compile_time",
                    original,
                    name=value.value,
                    what=what,
                    default=_code(param.default),
                )
                return param.default
        return value

    def _forget_removed(self, node: cst.CSTNode, name: str) -> None:
        """Take back the TODO a name recorded on this line: the call around it was rewritten."""
        line = self.line(node)
        dropped = [
            c
            for c in self.changes
            if c.kind == "todo_removed" and c.line == line and c.fields.get("name") == name
        ]
        self.changes = [c for c in self.changes if c not in dropped]
        whys = {c.why() for c in dropped}
        for key, texts in self._todos.items():
            self._todos[key] = [text for text in texts if text not in whys]
        if dropped and self._statements:  # nor is the line a comment now
            self._comment_out.discard(id(self._statements[-1]))

    def _aws_secret(
        self, original: cst.Call, receiver: cst.BaseExpression, inner: cst.Call
    ) -> cst.BaseExpression:
        """use_aws_secret: the secret's two keys as the AWS variables, as v1 set them."""
        self._forget_removed(original.args[0].value, "kfp.aws.use_aws_secret")
        named = _keywords(
            inner, ("secret_name", "aws_access_key_id_name", "aws_secret_access_key_name", "aws_region")
        )

        def given(key: str, default: str) -> cst.BaseExpression:
            return named[key].value if key in named else cst.SimpleString(repr(default))

        keys = cst.Dict(
            [
                cst.DictElement(
                    given("aws_access_key_id_name", "AWS_ACCESS_KEY_ID"),
                    cst.SimpleString("'AWS_ACCESS_KEY_ID'"),
                ),
                cst.DictElement(
                    given("aws_secret_access_key_name", "AWS_SECRET_ACCESS_KEY"),
                    cst.SimpleString("'AWS_SECRET_ACCESS_KEY'"),
                ),
            ]
        )
        self.record("secret", original)
        result: cst.BaseExpression = self.kube_call(
            "use_secret_as_env",
            receiver,
            [_arg(given("secret_name", "aws-secret"), "secret_name"), _arg(keys, "secret_key_to_env")],
        )
        if "aws_region" in named:
            result = cst.Call(
                func=cst.Attribute(value=result, attr=cst.Name("set_env_variable")),
                args=[
                    _arg(cst.SimpleString("'AWS_REGION'"), "name"),
                    _arg(self._compile_time(original, named["aws_region"].value, "AWS_REGION"), "value"),
                ],
            )
        return result

    def _gcp_secret(
        self, original: cst.Call, receiver: cst.BaseExpression, inner: cst.Call
    ) -> cst.BaseExpression:
        """use_gcp_secret: the key file's secret mounted, and the variables that point at it."""
        named = _keywords(
            inner,
            ("secret_name", "secret_file_path_in_volume", "volume_name", "secret_volume_mount_path"),
        )
        secret = (
            named["secret_name"].value if "secret_name" in named else cst.SimpleString("'user-gcp-sa'")
        )
        mount = (
            _string_value(named["secret_volume_mount_path"].value)
            if "secret_volume_mount_path" in named
            else "/secret/gcp-credentials"
        )
        name = _string_value(secret)
        file = (
            _string_value(named["secret_file_path_in_volume"].value)
            if "secret_file_path_in_volume" in named
            else (f"/{name}.json" if name is not None else None)
        )
        if mount is None or file is None:
            return receiver  # the name's TODO stands
        self._forget_removed(original.args[0].value, "kfp.gcp.use_gcp_secret")
        self.record("secret", original)
        result: cst.BaseExpression = self.kube_call(
            "use_secret_as_volume",
            receiver,
            [_arg(secret, "secret_name"), _arg(cst.SimpleString(repr(mount)), "mount_path")],
        )
        for variable in ("GOOGLE_APPLICATION_CREDENTIALS", "CLOUDSDK_AUTH_CREDENTIAL_FILE_OVERRIDE"):
            result = cst.Call(
                func=cst.Attribute(value=result, attr=cst.Name("set_env_variable")),
                args=[
                    _arg(cst.SimpleString(repr(variable)), "name"),
                    _arg(cst.SimpleString(repr(mount.rstrip("/") + file)), "value"),
                ],
            )
        return result

    def _volume_source(self, volume: cst.BaseExpression) -> cst.BaseExpression | None:
        """The PVC name a v1 volume expression stands for (``vop.volume`` -> ``vop.outputs['name']``)."""
        if m.matches(volume, m.Attribute(value=m.Name(), attr=m.Name("volume"))):
            return cst.parse_expression(f"{volume.value.value}.outputs['name']")  # type: ignore[attr-defined]
        if isinstance(volume, cst.Call) and _code(volume.func).endswith("PipelineVolume"):
            named = _keywords(volume, ("pvc",))
            if "pvc" in named:
                return named["pvc"].value
        return None

    def _mount(
        self, original: cst.CSTNode, task: cst.BaseExpression, volumes: cst.BaseExpression
    ) -> cst.BaseExpression | None:
        if not isinstance(volumes, cst.Dict):
            self.record("todo_volume", original)
            return None
        result = task
        upstream: list[str] = []
        mounted: list[cst.BaseExpression] = []
        for element in volumes.elements:
            if not isinstance(element, cst.DictElement):
                self.record("todo_volume", original)
                return None
            value = element.value
            waits: list[str] = []
            if m.matches(value, m.Call(func=m.Attribute(attr=m.Name("after")))) and all(
                isinstance(arg.value, cst.Name) and arg.keyword is None
                for arg in value.args  # type: ignore[attr-defined]
            ):  # vop.volume.after(step1, step2): the volume, once those steps are done
                waits = [arg.value.value for arg in value.args]  # type: ignore[attr-defined]
                value = value.func.value  # type: ignore[attr-defined]
            pvc = self._volume_source(value)
            if pvc is not None:
                upstream.extend(waits)
            if pvc is None and (
                m.matches(value, m.Attribute(m.Name(), m.Name("pvolume")))
                or m.matches(value, m.Subscript(m.Attribute(m.Name(), m.Name("pvolumes"))))
            ):
                # step1.pvolume: the PVC step1 mounted, once step1 is done with it
                holder = value if isinstance(value, cst.Attribute) else value.value  # type: ignore[attr-defined]
                producer = _code(holder.value)
                pvc = self._task_pvcs.get(producer)
                if pvc is not None:
                    upstream.append(producer)
                    self.record("pvolume_after", original, task=producer)
            if pvc is None:
                self.record("todo_volume", original)
                return None
            mounted.append(pvc)
            self.record("mount_pvc", original, path=_code(element.key))
            path = self._compile_time(original, element.key, "mount_path")
            result = self.kube_call(
                "mount_pvc", result, [_arg(pvc, "pvc_name"), _arg(path, "mount_path")]
            )
        if upstream:
            result = cst.Call(
                func=cst.Attribute(value=result, attr=cst.Name("after")),
                args=_strip_trailing_comma([_arg(cst.Name(name)) for name in dict.fromkeys(upstream)]),
            )
        target = self._assigned_name()
        if target is not None and len(mounted) == 1:
            self._task_pvcs[target] = mounted[0]
        return result

    def _volume_op(self, original: cst.Call, updated: cst.Call) -> cst.BaseExpression:
        named = _keywords(updated, ("name", "resource_name", "size", "storage_class", "modes"))
        if "resource_name" not in named or "size" not in named:
            self.record(
                "todo_removed", original, name="dsl.VolumeOp", advice=N.REMOVED["kfp.dsl.ResourceOp"]
            )
            return updated
        resource = named["resource_name"].value
        suffix = _string_value(resource)
        args = [
            _arg(
                cst.SimpleString(repr("-" + suffix)) if suffix is not None else resource,
                "pvc_name_suffix",
            ),
            _arg(
                named["modes"].value if "modes" in named else cst.parse_expression("['ReadWriteMany']"),
                "access_modes",
            ),
            _arg(named["size"].value, "size"),
        ]
        if "storage_class" in named:
            args.append(_arg(named["storage_class"].value, "storage_class_name"))
        self.record("create_pvc", original)
        target = self._assigned_name()
        if target is not None:
            self._vop_names.add(target)
        return cst.Call(
            func=cst.Attribute(value=self.use("kubernetes"), attr=cst.Name("CreatePVC")), args=args
        )

    # ContainerOp ------------------------------------------------------------------------
    def _container_op(self, original: cst.Call, updated: cst.Call) -> cst.BaseExpression:
        named = _keywords(
            updated,
            (
                "name",
                "image",
                "command",
                "arguments",
                "init_containers",
                "sidecars",
                "container_kwargs",
                "artifact_argument_paths",
                "file_outputs",
                "output_artifact_paths",
                "is_exit_handler",
                "pvolumes",
            ),
        )
        display = _string_value(named["name"].value) if "name" in named else None
        unsupported = sorted(
            set(named)
            & {
                "init_containers",
                "container_kwargs",
                "artifact_argument_paths",
                "output_artifact_paths",
            }
        )
        if "sidecars" in named:  # the task runs without them; a person decides what replaces them
            self.record("todo_sidecar", original, names=_code(named["sidecars"].value))
        reason = None
        # A name computed at run time (a factory's parameter, an f-string): the component
        # is named after the function that makes it, and each task shows the computed name.
        computed_name = named["name"].value if "name" in named and display is None else None
        if computed_name is not None:  # FlipCoinOp / flip_coin_op -> flip_coin
            maker = self._functions[-1].name.value if self._functions else "container_op"
            snake = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", maker)
            display = re.sub(r"(?i)_?op$", "", snake) or snake
        if display is None:
            reason = "no name="
        elif "image" not in named:
            reason = "no image="
        elif unsupported:
            reason = ", ".join(f"{key}=" for key in unsupported)
        image = named["image"].value if "image" in named else None
        if image is not None and not (
            _string_value(image) is not None
            or (isinstance(image, cst.Name) and image.value in self.survey.module_names)
            or isinstance(image, cst.Attribute)
        ):
            reason = reason or "image= is computed in the pipeline"
        pieces: dict[str, list[cst.BaseExpression]] = {}
        for key in ("command", "arguments"):
            if key not in named:
                pieces[key] = []
                continue
            value = named[key].value
            if _string_value(value) is not None:
                pieces[key] = [value]
            elif isinstance(value, cst.List) and all(isinstance(e, cst.Element) for e in value.elements):
                pieces[key] = [e.value for e in value.elements]
            else:
                reason = reason or f"{key}= is not a list"
        outputs: dict[str, str] = {}
        if "file_outputs" in named:
            value = named["file_outputs"].value
            if isinstance(value, cst.Dict) and all(
                isinstance(e, cst.DictElement)
                and _string_value(e.key) is not None
                and _string_value(e.value) is not None
                for e in value.elements
            ):
                outputs = {
                    str(_string_value(e.key)): str(_string_value(e.value))
                    for e in value.elements
                    if isinstance(e, cst.DictElement)
                }
            else:
                reason = reason or "file_outputs= is not a dict of strings"
        if outputs and not pieces.get("command"):
            reason = reason or "file_outputs= without command= (the image's own entrypoint)"
        if reason is not None:
            self.record("todo_container_op", original, reason=reason)
            return updated
        assert display is not None and image is not None
        # The task is named after the function. When the name is taken (a variable
        # ``train = dsl.ContainerOp(name="train")``), the function gets a suffix and the task
        # keeps v1's name as its display name.
        # The task is named after the function, and kfp drops a trailing "_" from that name:
        # when the name is taken (a variable ``write = dsl.ContainerOp(name="write")``, a
        # builtin such as ``print``), ``write_`` still makes the task ``write``.
        function_name = N.identifier(display, "container_op")
        local = self._functions[-1] if self._functions else None
        taken = self._generated | (_local_bindings(local) if local is not None else set()) | _BUILTINS
        while function_name in taken and function_name not in self._generated_names:
            function_name += "_"
        self._generated.add(function_name)
        self._generated_names.add(function_name)
        params: list[str] = []
        call_args: list[cst.Arg] = []
        spec_items: dict[str, list[str]] = {}
        # outputs are named first: consumers read them by name (outputs["uri"]), while the
        # inputs are passed by this file's own call, so an input gives way (uri -> uri_2)
        output_names: dict[str, str] = {}
        for key in outputs:
            ident = N.identifier(key, "output")
            while ident in output_names.values():
                ident += "_"
            output_names[key] = ident
        used: set[str] = set(output_names.values())
        for key, items in pieces.items():
            rendered = []
            for item in items:
                literal = _literal_type(item)
                if literal in ("str", "int", "float") and not isinstance(item, cst.FormattedString):
                    # a string stays as written; a number becomes the text v1 passed
                    text = _string_value(item)
                    rendered.append(_code(item) if text is not None else json.dumps(_code(item)))
                    continue
                param = self._input_name(item, used)
                used.add(param)
                type_name = self._expression_type(item)
                params.append(f"{param}: {type_name}")
                call_args.append(_arg(item, param))
                rendered.append(param)
            spec_items[key] = rendered
        output_params = []
        for key in outputs:
            ident = output_names[key]
            if ident != key:
                self._output_keys[key] = ident
            output_params.append(ident)
            factory = self._functions[-1].name.value if self._functions else ""
            looped: set[tuple[int | str, str | None]] = {(id(original), key), (factory, key)}
            if len(outputs) == 1:
                looped |= {(id(original), None), (factory, None)}
            # a file of JSON that a ParallelFor loops over: kfp 2 loops over a list
            kind = "list" if looped & self.survey.list_file_outputs else "str"
            params.append(f"{ident}: {self.use('dsl').value}.OutputPath({kind})")
        dsl_name = self.use("dsl").value
        if outputs:
            lines = [f'{name}="${index + 1}"' for index, name in enumerate(output_params)]
            copies = [
                f'mkdir -p "$(dirname "${name}")" && cp {path} "${name}"'
                for name, path in zip(output_params, outputs.values(), strict=True)
            ]
            script = "; ".join([*lines, f"shift {len(outputs)}", " && ".join(['"$@"', *copies])])
            command = ['"sh"', '"-c"', json.dumps(script), '"kfp-v1-file-outputs"']
            args_list = [*output_params, *spec_items["command"], *spec_items["arguments"]]
        else:
            command = spec_items["command"]
            args_list = spec_items["arguments"]
        spec_args = [f"image={_code(image)}"]
        if command:
            spec_args.append(f"command=[{', '.join(command)}]")
        if args_list:
            spec_args.append(f"args=[{', '.join(args_list)}]")
        source = (
            f"@{dsl_name}.container_component\n"
            f"def {function_name}({', '.join(params)}):\n"
            f"    return {dsl_name}.ContainerSpec(\n"
            + "".join(f"        {item},\n" for item in spec_args)
            + "    )\n"
        )
        definition = cst.parse_statement(source)
        anchor = self._statements[0] if self._statements else None
        if anchor is not None:
            blank = cst.EmptyLine()
            definition = definition.with_changes(leading_lines=[blank, blank])
            self._before_top.setdefault(id(anchor), []).append(definition)
        self.record("container_op", original, name=repr(display), new=function_name)
        result: cst.BaseExpression = cst.Call(
            func=cst.Name(function_name), args=_strip_trailing_comma(call_args)
        )
        if computed_name is not None:
            result = cst.Call(
                func=cst.Attribute(value=result, attr=cst.Name("set_display_name")),
                args=[cst.Arg(computed_name)],
            )
        if "pvolumes" in named:
            mounted = self._mount(original, result, named["pvolumes"].value)
            result = mounted if mounted is not None else result
        return result

    def _unique(self, name: str) -> str:
        candidate, number = name, 2
        while candidate in self._generated:
            candidate, number = f"{name}_{number}", number + 1
        self._generated.add(candidate)
        return candidate

    def _input_name(self, item: cst.BaseExpression, used: set[str]) -> str:
        if isinstance(item, cst.Name):
            base = item.value
        elif m.matches(item, m.Attribute(attr=m.Name("output"))):
            base = f"{_code(item.value)}_output"  # type: ignore[attr-defined]
        elif isinstance(item, cst.Subscript) and m.matches(
            item.value, m.Attribute(attr=m.Name("outputs"))
        ):
            key = (
                _string_value(item.slice[0].slice.value)
                if isinstance(item.slice[0].slice, cst.Index)
                else None
            )
            base = key or "value"
        else:
            base = "arg"
        name = N.identifier(base, "arg")
        candidate, number = name, 2
        while candidate in used:
            candidate, number = f"{name}_{number}", number + 1
        return candidate

    def _expression_type(self, item: cst.BaseExpression) -> str:
        """The v2 input type for an argument of a ContainerOp: the pipeline parameter's type
        when it is one, else ``str`` (v1 passed every argument as text)."""
        if isinstance(item, cst.Name) and self._functions:
            outer = self.survey.functions.get(self._functions[0].name.value)
            if outer is not None and item.value in outer.param_types:
                return outer.param_types[item.value]
        return "str"

    def leave_Subscript(self, original_node: cst.Subscript, updated_node: cst.Subscript):
        if (
            m.matches(updated_node.value, m.Attribute(attr=m.Name("outputs")))
            and len(updated_node.slice) == 1
        ):
            index = updated_node.slice[0].slice
            key = _string_value(index.value) if isinstance(index, cst.Index) else None
            if key == "output" and self._returns_a_value(original_node.value.value):  # type: ignore[attr-defined]
                # v1 spelt a function's return output "output" too; kfp 2 only "Output"
                self.record("output_key", original_node, old=repr(key), new=repr("Output"))
                return updated_node.with_changes(
                    slice=[
                        updated_node.slice[0].with_changes(slice=cst.Index(cst.SimpleString('"Output"')))
                    ]
                )
            if key in self._output_keys:
                new = self._output_keys[key]
                return updated_node.with_changes(
                    slice=[
                        updated_node.slice[0].with_changes(slice=cst.Index(cst.SimpleString(repr(new))))
                    ]
                )
        return updated_node

    # caching: op.execution_options.caching_strategy.max_cache_staleness = "P0D" ----------
    def leave_Assign(self, original_node: cst.Assign, updated_node: cst.Assign):
        if len(updated_node.targets) != 1:
            return updated_node
        target = updated_node.targets[0].target
        matcher = m.Attribute(
            value=m.Attribute(
                value=m.Attribute(attr=m.Name("execution_options")), attr=m.Name("caching_strategy")
            ),
            attr=m.Name("max_cache_staleness"),
        )
        if m.matches(target, matcher):
            task = target.value.value.value  # type: ignore[attr-defined]
            if _string_value(updated_node.value) == "P0D":
                self.record("caching", original_node)
                return cst.Expr(
                    cst.Call(
                        func=cst.Attribute(value=task, attr=cst.Name("set_caching_options")),
                        args=[cst.Arg(cst.Name("False"))],
                    )
                )
            self.record("todo_option", original_node, name="max_cache_staleness")
        return updated_node

    # dsl.Condition pairs -> If / Else -----------------------------------------------------
    def leave_With(self, original_node: cst.With, updated_node: cst.With):
        """``with dsl.SubGraph(parallelism=N):`` around one ``dsl.ParallelFor``: kfp 2 takes
        the limit on the loop itself."""
        if len(original_node.items) != 1 or not isinstance(original_node.items[0].item, cst.Call):
            return updated_node
        outer = original_node.items[0].item
        if self.qname(outer.func) != "kfp.dsl.SubGraph":
            return updated_node
        limit = _keywords(outer, ("parallelism",)).get("parallelism")
        body = updated_node.body.body if isinstance(updated_node.body, cst.IndentedBlock) else ()
        inner = body[0] if len(body) == 1 else None
        if (
            limit is None
            or not isinstance(inner, cst.With)
            or len(inner.items) != 1
            or not isinstance(inner.items[0].item, cst.Call)
            or not _code(inner.items[0].item.func).endswith("ParallelFor")
            or any(
                a.keyword is not None and a.keyword.value == "parallelism"
                for a in inner.items[0].item.args
            )
        ):
            return updated_node
        self._forget_removed(original_node, "kfp.dsl.SubGraph")
        self.record("subgraph_parallelism", original_node, limit=_code(limit.value))
        loop = inner.items[0].item
        loop = loop.with_changes(
            args=[*_strip_trailing_comma(loop.args), _arg(limit.value, "parallelism")]
        )
        # the inner block moves out one level: libcst indents relative to the parent
        return inner.with_changes(
            items=[inner.items[0].with_changes(item=loop)],
            leading_lines=[*updated_node.leading_lines, *inner.leading_lines],
        )

    def _pair_conditions(self, body: Sequence[cst.BaseStatement]) -> list[cst.BaseStatement]:
        result = list(body)
        for index in range(1, len(result)):
            first, second = result[index - 1], result[index]
            if not (isinstance(first, cst.With) and isinstance(second, cst.With)):
                continue
            if len(first.items) != 1 or len(second.items) != 1:
                continue
            a, b = first.items[0].item, second.items[0].item
            if not (
                isinstance(a, cst.Call)
                and isinstance(b, cst.Call)
                and id(a) in self._ifs
                and id(b) in self._ifs
            ):
                continue
            if a.args and b.args and _negations(a.args[0].value, b.args[0].value):
                else_args = [
                    arg for arg in b.args[1:] if arg.keyword is not None and arg.keyword.value == "name"
                ]
                else_call = b.with_changes(
                    func=self.dsl_attr("Else"), args=_strip_trailing_comma(else_args)
                )
                line = self._ifs.pop(id(b))
                result[index] = second.with_changes(items=[second.items[0].with_changes(item=else_call)])
                self.changes.append(Change("condition_else", line, {}))
        return result

    def leave_IndentedBlock(self, original_node: cst.IndentedBlock, updated_node: cst.IndentedBlock):
        return updated_node.with_changes(body=self._pair_conditions(updated_node.body))

    # the module: imports it now needs -------------------------------------------------------
    def leave_Module(self, original_node: cst.Module, updated_node: cst.Module) -> cst.Module:
        body = self._add_decorators(self._pair_conditions(updated_node.body))
        wanted = [
            ("dsl", self.dsl, "kfp.dsl", "from kfp import dsl\n"),
            ("compiler", self.compiler, "kfp.compiler", "from kfp import compiler\n"),
            (
                "kubernetes",
                self.kubernetes,
                "kfp.kubernetes",
                "from kfp import kubernetes"
                + ("" if self.kubernetes == "kubernetes" else f" as {self.kubernetes}")
                + "\n",
            ),
        ]
        # new imports go after the imports (and docstring) the file starts with
        position = 0
        for index, statement in enumerate(body):
            if not m.matches(
                statement,
                m.SimpleStatementLine(body=[m.Import() | m.ImportFrom() | m.Expr(m.SimpleString())]),
            ):
                break
            position = index + 1
        missing = []
        for what, local, module, text in wanted:
            if what not in self.need:
                continue
            bound_at = next((i for i, st in enumerate(body) if _binds(st, local, module)), None)
            used_at = next((i for i, st in enumerate(body) if m.findall(st, m.Name(local))), None)
            # not imported, or imported only after its first use (a notebook whose imports
            # come in a later cell than the functions that now need them)
            if bound_at is None or (used_at is not None and used_at < bound_at):
                missing.append((what, text))
        if missing:
            new = [cst.parse_statement(text) for _, text in missing]
            body = [*body[:position], *new, *body[position:]]
            for what, _ in missing:
                self.changes.append(Change("import_added", 0, {"name": what}))
        return updated_node.with_changes(body=body)


def _binds(statement: cst.CSTNode, local: str, module: str) -> bool:
    """Whether ``statement`` is an import that binds ``local`` to ``module``."""
    if not m.matches(statement, m.SimpleStatementLine(body=[m.Import() | m.ImportFrom()])):
        return False
    node = statement.body[0]  # type: ignore[attr-defined]
    if isinstance(node.names, cst.ImportStar):
        return False
    for alias in node.names:
        name = _code(alias.name)
        bound = _code(alias.asname.name) if alias.asname else name.split(".")[0]
        full = (
            f"{_code(node.module)}.{name}" if isinstance(node, cst.ImportFrom) and node.module else name
        )
        if bound == local and (
            full == module or (alias.asname is None and module.startswith(f"{name}."))
        ):
            return True
    return False


class _RenameNames(cst.CSTTransformer):
    """Rename a function's parameters inside its body (not attributes, not keywords)."""

    def __init__(self, renames: dict[str, cst.BaseExpression]) -> None:
        super().__init__()
        self.renames = renames

    def leave_Name(self, original_node: cst.Name, updated_node: cst.Name):
        return self.renames.get(updated_node.value, updated_node)

    def leave_Attribute(self, original_node: cst.Attribute, updated_node: cst.Attribute):
        return updated_node.with_changes(attr=original_node.attr)

    def leave_Arg(self, original_node: cst.Arg, updated_node: cst.Arg):
        return updated_node.with_changes(keyword=original_node.keyword)

    def leave_Param(self, original_node: cst.Param, updated_node: cst.Param):
        return updated_node.with_changes(name=original_node.name)


def _remove_unused_imports(module: cst.Module, before: cst.Module) -> cst.Module:
    """Drop imports the rewrite left unused (``V1EnvVar``, ``kfp.components as comp``...):
    only names the v1 code used and the v2 code no longer does."""

    def used_names(tree: cst.Module) -> set[str]:
        names = set()
        for node in m.findall(tree, m.Name()):
            names.add(node.value)  # type: ignore[attr-defined]
        return names

    class Drop(cst.CSTTransformer):
        def __init__(self, used_before: dict[str, int], used_after: dict[str, int]) -> None:
            self.before, self.after = used_before, used_after
            self.pending: list[cst.EmptyLine] = []

        def leave_Import(self, original_node: cst.Import, updated_node: cst.Import):
            kept = []
            for alias in updated_node.names:
                full = _code(alias.name)
                local = _code(alias.asname.name) if alias.asname else full.split(".")[0]
                if (
                    full.startswith(("kfp.", "kubernetes"))
                    and alias.asname is not None
                    and self.before.get(local, 0) > 0
                    and self.after.get(local, 0) == 0
                ):
                    continue  # import kfp.components as comp, no longer used
                kept.append(alias)
            return _with_names(updated_node, kept)

        def leave_ImportFrom(self, original_node: cst.ImportFrom, updated_node: cst.ImportFrom):
            module_name = _code(updated_node.module) if updated_node.module else ""
            if not module_name.startswith(("kubernetes", "kfp")) or isinstance(
                updated_node.names, cst.ImportStar
            ):
                return updated_node
            kept = []
            for alias in updated_node.names:
                local = _code(alias.asname.name) if alias.asname else _code(alias.name)
                if self.before.get(local, 0) > 0 and self.after.get(local, 0) == 0:
                    continue
                kept.append(alias)
            return _with_names(updated_node, kept)

        def on_leave(self, original_node: cst.CSTNode, updated_node: cst.CSTNode):
            result = super().on_leave(original_node, updated_node)
            if isinstance(result, cst.SimpleStatementLine) and not result.body:
                # an import with nothing left goes; its comments move to the next statement
                self.pending += _comments_of(result)
                return cst.RemoveFromParent()
            if self.pending and isinstance(result, (cst.SimpleStatementLine, cst.BaseCompoundStatement)):
                result = result.with_changes(leading_lines=[*self.pending, *result.leading_lines])
                self.pending = []
            return result

    def counts(tree: cst.Module) -> dict[str, int]:
        result: dict[str, int] = {}
        for statement in tree.body:
            if m.matches(statement, m.SimpleStatementLine(body=[m.ImportFrom() | m.Import()])):
                continue
            for node in m.findall(statement, m.Name()):
                result[node.value] = result.get(node.value, 0) + 1  # type: ignore[attr-defined]
        return result

    del used_names
    return module.visit(Drop(counts(before), counts(module)))


class SourceSyntaxError(ValueError):
    """Code that is not Python: the line and Python's own words for what is wrong."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line, self.message = line, message


def _parse(source: str) -> cst.Module:
    try:
        return cst.parse_module(source)
    except cst.ParserSyntaxError as exc:
        try:  # Python's compiler names the line a person expects, in words they know
            compile(source, "<migrate>", "exec", dont_inherit=True)
        except SyntaxError as python_error:
            raise SourceSyntaxError(python_error.lineno or exc.raw_line, python_error.msg) from None
        raise SourceSyntaxError(exc.raw_line, exc.message) from None


def _class_lines(code: str, names: list[str]) -> list[tuple[str, Change]]:
    """Where each converted class's function starts in ``code``."""
    found = []
    for name in names:
        match = re.search(rf"^[ \t]*def {re.escape(name)}\(", code, re.M)
        line = code.count("\n", 0, match.start()) + 1 if match else 1
        found.append((name, Change("container_op_class", line)))
    return found


def migrate_source(source: str, base_dir: Path | None = None) -> Result:
    """Rewrite v1 ``source`` into kfp 2 source; raises :class:`SourceSyntaxError` for code
    that is not Python. ``base_dir`` is the file's folder: component files it loads are read
    there."""
    module = _parse(source)
    module, classes = factories_from_classes(module)
    intermediate = module.code if classes else source
    wrapper = MetadataWrapper(module)
    survey = Survey()
    survey.base_dir = base_dir
    wrapper.visit(survey)
    survey.finish()
    if not survey.uses_kfp:
        return Result(source, [], uses_kfp=False)
    rewriter = Rewriter(survey)
    new_module = wrapper.visit(rewriter)
    new_module = _remove_unused_imports(new_module, wrapper.module)
    changes = rewriter.changes
    if classes:  # name the lines of the learner's file, not of the first pass's result
        lines = line_map(source, intermediate)
        changes = [
            Change("container_op_class", lines.get(c.line, c.line), {"name": name})
            for name, c in _class_lines(intermediate, classes)
        ] + [Change(c.kind, lines.get(c.line, c.line), c.fields) for c in changes]
        changes.sort(key=lambda change: change.line)
    code = new_module.code
    if code == source:
        changes = []
    return Result(code, changes, uses_kfp=True)

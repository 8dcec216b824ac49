"""Which KFP v1 constructs each program of the migration corpus uses, and the README tables.

The corpus (``tests/migrate/corpus/``) is the material ``kfp-tutorial migrate`` (issue 19) is
measured on. Its README lists, per style and per construct, the files that use it; this module
computes those tables from the programs themselves, so the README cannot drift:

    python -m tests.migrate.corpus_constructs          # rewrite the tables in the README
    python -m tests.migrate.corpus_constructs --check  # exit 1 if the README is stale

``tests/migrate/test_migrate_corpus.py`` runs the check and asserts every construct issue 19
names is used by at least one program.
"""

from __future__ import annotations

import ast
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from tests.migrate.task_graph import program_code

CORPUS = Path(__file__).resolve().parent / "corpus"
README = CORPUS / "README.md"
STYLES = {
    "book": "Korean MLOps book: `create_component_from_func`, `OutputPath`/`InputPath`, UI metadata",
    "blog": "Korean blog posts: `func_to_container_op`, `kfp.Client` at the end, `kfp.v2` previews",
    "sample": "the v1 samples: `dsl.ContainerOp`, control flow, volumes, secrets, placeholders",
    "company": "company wikis: factories, `ContainerOp` subclasses, component YAML, several pipelines",
}
TABLE_MARKERS = {
    "styles": ("<!-- styles:start -->", "<!-- styles:end -->"),
    "constructs": ("<!-- constructs:start -->", "<!-- constructs:end -->"),
}


@dataclass(frozen=True)
class Program:
    """One corpus file, read once: its code and syntax tree."""

    path: Path
    code: str
    tree: ast.Module

    @property
    def style(self) -> str:
        return self.path.name.split("_", 1)[0]


Detector = Callable[[Program], bool]


def _rx(pattern: str, flags: int = 0) -> Detector:
    compiled = re.compile(pattern, flags | re.MULTILINE)
    return lambda program: compiled.search(program.code) is not None


def _calls(tree: ast.AST) -> list[ast.Call]:
    return [node for node in ast.walk(tree) if isinstance(node, ast.Call)]


def _name(node: ast.AST) -> str:
    """The last name of a call target: ``dsl.ParallelFor`` -> ``ParallelFor``."""
    if isinstance(node, ast.Attribute):
        return node.attr
    if isinstance(node, ast.Name):
        return node.id
    return ""


def _is_pipeline_decorator(node: ast.expr) -> bool:
    target = node.func if isinstance(node, ast.Call) else node
    return _name(target) == "pipeline"


def _pipeline_defs(program: Program) -> list[ast.FunctionDef]:
    return [
        node
        for node in ast.walk(program.tree)
        if isinstance(node, ast.FunctionDef)
        and any(_is_pipeline_decorator(d) for d in node.decorator_list)
    ]


def _parallel_for_args(program: Program) -> list[tuple[ast.expr, dict[str, ast.expr], set[str]]]:
    """Each ParallelFor's loop argument, with the names assigned in the enclosing function and
    that function's parameters (to tell a literal list from a pipeline parameter)."""
    found = []
    for func in ast.walk(program.tree):
        if not isinstance(func, ast.FunctionDef):
            continue
        assigned = {
            target.id: node.value
            for node in ast.walk(func)
            if isinstance(node, ast.Assign)
            for target in node.targets
            if isinstance(target, ast.Name)
        }
        params = {a.arg for a in func.args.args}
        for call in _calls(func):
            if _name(call.func) == "ParallelFor" and call.args:
                found.append((call.args[0], assigned, params))
    return found


def _loop_over(kind: str) -> Detector:
    def detect(program: Program) -> bool:
        for arg, assigned, params in _parallel_for_args(program):
            value = assigned.get(arg.id, arg) if isinstance(arg, ast.Name) else arg
            if (
                kind == "dicts"
                and isinstance(value, ast.List)
                and any(isinstance(e, ast.Dict) for e in value.elts)
            ):
                return True
            if (
                kind == "values"
                and isinstance(value, ast.List)
                and not any(isinstance(e, ast.Dict) for e in value.elts)
            ):
                return True
            if kind == "output" and (
                (isinstance(value, ast.Attribute) and value.attr == "output")
                or (isinstance(value, ast.Subscript) and _name(value.value) == "outputs")
            ):
                return True
            if (
                kind == "parameter"
                and isinstance(arg, ast.Name)
                and arg.id in params
                and arg.id not in assigned
            ):
                return True
        return False

    return detect


_OPPOSITES = {"==": "!=", "!=": "==", ">": "<=", "<=": ">", "<": ">=", ">=": "<"}
_CONDITION = re.compile(r"Condition\(\s*([\w.\[\]'\"]+)\s*(==|!=|>=|<=|>|<)\s*([^,)]+?)\s*[,)]")


def _opposite_conditions(program: Program) -> bool:
    tests = {(lhs, op, rhs.strip()) for lhs, op, rhs in _CONDITION.findall(program.code)}
    return any((lhs, _OPPOSITES[op], rhs) in tests for lhs, op, rhs in tests)


def _nested_conditions(program: Program) -> bool:
    def is_condition(node: ast.AST) -> bool:
        return isinstance(node, ast.With) and any(
            isinstance(item.context_expr, ast.Call) and _name(item.context_expr.func) == "Condition"
            for item in node.items
        )

    return any(
        is_condition(outer)
        and any(is_condition(inner) for inner in ast.walk(outer) if inner is not outer)
        for outer in ast.walk(program.tree)
    )


def _inside_main_guard_or_function(program: Program, call_names: set[str]) -> tuple[bool, bool]:
    """(called at module level, called under ``if __name__ == "__main__"`` or in a function)."""
    top_level = guarded = False

    def visit(node: ast.AST, sheltered: bool) -> None:
        nonlocal top_level, guarded
        if isinstance(node, ast.Call) and _name(node.func) in call_names:
            if sheltered:
                guarded = True
            else:
                top_level = True
        for child in ast.iter_child_nodes(node):
            shelter = sheltered or isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
            if isinstance(node, ast.If) and "__main__" in ast.unparse(node.test):
                shelter = True
            visit(child, shelter)

    visit(program.tree, False)
    return top_level, guarded


def _client_at_module_level(program: Program) -> bool:
    return _inside_main_guard_or_function(program, {"Client"})[0]


def _client_guarded(program: Program) -> bool:
    return _inside_main_guard_or_function(program, {"Client"})[1]


def _several_pipelines(program: Program) -> bool:
    defs = _pipeline_defs(program)
    nested = any(
        isinstance(outer, ast.FunctionDef)
        and any(inner in defs for inner in ast.walk(outer) if inner is not outer)
        for outer in ast.walk(program.tree)
    )
    return len(defs) >= 2 or nested


def _containerop_factory(program: Program) -> bool:
    pipelines = set(map(id, _pipeline_defs(program)))
    for func in ast.walk(program.tree):
        if not isinstance(func, ast.FunctionDef) or id(func) in pipelines:
            continue
        makes_op = any(_name(call.func) == "ContainerOp" for call in _calls(func))
        returns = any(isinstance(node, ast.Return) and node.value is not None for node in ast.walk(func))
        if makes_op and returns:
            return True
    return False


def _namedtuple_with_ui_fields(program: Program) -> bool:
    """A ``NamedTuple(...)`` return annotation with a field typed ``"Metrics"`` or ``"UI_metadata"``."""
    for call in _calls(program.tree):
        if _name(call.func) == "NamedTuple":
            strings = {
                n.value.lower()
                for n in ast.walk(call)
                if isinstance(n, ast.Constant) and isinstance(n.value, str)
            }
            if strings & {"metrics", "ui_metadata"}:
                return True
    return False


def _ui_type(kind: str) -> Detector:
    return _rx(r"""["']type["']\s*:\s*["']""" + re.escape(kind) + r"""["']""")


def _compile_to(suffix: str) -> Detector:
    return _rx(r"""\.compile\((?:[^()]|\([^()]*\))*?\.""" + re.escape(suffix) + r"""["']""", re.DOTALL)


def _v1_dsl_component(program: Program) -> bool:
    return (
        "@dsl.component" in program.code
        and re.search(r"^from kfp import .*\bdsl\b", program.code, re.M) is not None
    )


# Construct -> how to see it in a program. The order is the README's; the first group is what
# issue 19 names, the rest is what the same material also uses.
CONSTRUCTS: dict[str, Detector] = {
    "`create_component_from_func(...)` call": _rx(r"(?<!@)\bcreate_component_from_func\(\s*\w"),
    "`@create_component_from_func` decorator": _rx(r"^@\s*(?:\w+\.)*create_component_from_func\s*$"),
    "`functools.partial(create_component_from_func, ...)`": _rx(
        r"partial\(\s*(?:\w+\.)*create_component_from_func"
    ),
    "`func_to_container_op` (call or decorator)": _rx(r"\bfunc_to_container_op\b"),
    "`import kfp.components as comp`": _rx(r"^import kfp\.components as comp\b"),
    "`output_component_file=`": _rx(r"output_component_file\s*="),
    "`load_component_from_text`": _rx(r"load_component_from_text\("),
    "`load_component_from_file`": _rx(r"load_component_from_file\("),
    '`InputPath`/`OutputPath` with `"CSV"`/`"csv"`': _rx(
        r"""(?:Input|Output)Path\(\s*["'](?i:csv)["']"""
    ),
    '`InputPath`/`OutputPath` with `"dict"`, `dict` or `list`': _rx(
        r"""(?:Input|Output)Path\(\s*(?:["']dict["']|dict\b|list\b)"""
    ),
    '`OutputPath("UI_Metadata")`': _rx(r"""OutputPath\(\s*["']UI_Metadata["']"""),
    "`InputPath()`/`OutputPath()` without a type": _rx(r"(?:Input|Output)Path\(\s*\)"),
    "`InputPath`/`OutputPath` with another type string": _rx(
        r"""(?:Input|Output)Path\(\s*["'](?!(?i:csv|dict|UI_Metadata|Metrics)["'])\w+["']"""
    ),
    "`*_path`/`*_file` parameters (v1 drops the suffix)": _rx(
        r"\b\w+_(?:path|file)\s*:\s*(?:\w+\.)*(?:Input|Output)"
    ),
    "`InputTextFile`/`OutputTextFile`/`*BinaryFile`": _rx(r"(?:Input|Output)(?:Text|Binary)File\("),
    "UI metadata: markdown": _ui_type("markdown"),
    "UI metadata: table": _ui_type("table"),
    "UI metadata: confusion_matrix": _ui_type("confusion_matrix"),
    "UI metadata: roc": _ui_type("roc"),
    "UI metadata: web-app": _ui_type("web-app"),
    "UI metadata: tensorboard": _ui_type("tensorboard"),
    "`mlpipeline_metrics` JSON": _rx(r"mlpipeline_metrics"),
    '`"format": "PERCENTAGE"` metric': _rx(r"""["']PERCENTAGE["']"""),
    "`NamedTuple` outputs": _rx(r"NamedTuple\("),
    "`NamedTuple` with `Metrics`/`UI_metadata` fields": _namedtuple_with_ui_fields,
    "`dsl.ContainerOp(...)`": _rx(r"\bContainerOp\("),
    "`file_outputs=`": _rx(r"file_outputs\s*="),
    "helper function returning a `ContainerOp`": _containerop_factory,
    "`ContainerOp` subclass": _rx(r"^class \w+\((?:\w+\.)*ContainerOp\)"),
    "`op.output` / `op.outputs[...]`": _rx(r"\.output\b|\.outputs\["),
    "`.container.set_*`": _rx(r"\.container\.set_\w+\("),
    "`add_env_variable(V1EnvVar(...))`": _rx(r"add_env_variable\(\s*(?:\w+\.)*V1EnvVar"),
    "`dsl.Condition`": _rx(r"\bCondition\("),
    "`dsl.Condition` pair with opposite tests": _opposite_conditions,
    "nested `dsl.Condition`": _nested_conditions,
    "`dsl.ParallelFor` over a list of dicts": _loop_over("dicts"),
    "`dsl.ParallelFor` over a list of values": _loop_over("values"),
    "`dsl.ParallelFor` over an output": _loop_over("output"),
    "`dsl.ParallelFor` over a pipeline parameter": _loop_over("parameter"),
    "`dsl.ExitHandler`": _rx(r"ExitHandler\("),
    "`.after(...)`": _rx(r"\.after\("),
    "`set_gpu_limit`": _rx(r"set_gpu_limit\("),
    "`set_memory_*`/`set_cpu_*`": _rx(r"set_(?:memory|cpu)_(?:limit|request)\("),
    "`add_node_selector_constraint`": _rx(r"add_node_selector_constraint\("),
    "`dsl.VolumeOp`": _rx(r"\bVolumeOp\("),
    "`pvolumes=`": _rx(r"\bpvolumes\s*="),
    "`add_pvolumes`": _rx(r"add_pvolumes\("),
    "`use_k8s_secret`": _rx(r"use_k8s_secret\("),
    "`use_gcp_secret`": _rx(r"use_gcp_secret\("),
    "`use_aws_secret`": _rx(r"use_aws_secret\("),
    "`onprem.mount_pvc`": _rx(r"mount_pvc\("),
    "`set_retry`": _rx(r"set_retry\("),
    "`max_cache_staleness`": _rx(r"max_cache_staleness"),
    "`dsl.RUN_ID_PLACEHOLDER`": _rx(r"RUN_ID_PLACEHOLDER"),
    "`dsl.EXECUTION_ID_PLACEHOLDER`": _rx(r"EXECUTION_ID_PLACEHOLDER"),
    "`{{workflow.*}}` in arguments": _rx(r"\{\{workflow\.\w+"),
    "`Compiler().compile` to `.yaml`": _compile_to("yaml"),
    "`Compiler().compile` to `.zip`": _compile_to("zip"),
    "`Compiler().compile` to `.tar.gz`": _compile_to("tar.gz"),
    "`kfp.v2.dsl` imports": _rx(r"kfp\.v2\.dsl|from kfp\.v2 import (?:.*\b)?dsl\b"),
    "`kfp.v2.compiler`": _rx(r"kfp\.v2\.compiler|from kfp\.v2 import (?:.*\b)?compiler\b"),
    "`kfp.Client()` at module level": _client_at_module_level,
    "`kfp.Client()` under `__main__` or in a function": _client_guarded,
    "`create_run_from_pipeline_func`": _rx(r"create_run_from_pipeline_func\("),
    "`upload_pipeline` / `run_pipeline`": _rx(
        r"\.(?:upload_pipeline|upload_pipeline_version|run_pipeline)\("
    ),
    "`dsl.python_component` (removed in v2)": _rx(r"python_component\("),
    "`dsl.graph_component` (recursion)": _rx(r"graph_component\b"),
    "v1 `@dsl.component` returning a `ContainerOp`": _v1_dsl_component,
    "`kfp.dsl.types` (`GCSPath`, `Integer`...)": _rx(r"kfp\.dsl\.types"),
    "several pipelines in one file": _several_pipelines,
    "`dsl.ResourceOp`": _rx(r"\bResourceOp\("),
    "`dsl.VolumeSnapshotOp`": _rx(r"VolumeSnapshotOp\("),
    "`VolumeOp.delete()`": _rx(r"\bv\w*op\w*\.delete\(\)"),
    "`dsl.Sidecar`": _rx(r"Sidecar\("),
    "`dsl.InputArgumentPath`": _rx(r"InputArgumentPath\("),
    "`PipelineConf` / `get_pipeline_conf`": _rx(r"PipelineConf\(|get_pipeline_conf\("),
    "`add_toleration`": _rx(r"add_toleration\("),
    "`add_volume` + `add_volume_mount`": _rx(r"add_volume\("),
    "`set_display_name`": _rx(r"set_display_name\("),
    "`set_timeout`": _rx(r"\.set_timeout\("),
    "`add_pod_label` / `add_pod_annotation`": _rx(r"add_pod_(?:label|annotation)\("),
    "`set_image_pull_policy`": _rx(r"set_image_pull_policy\("),
    "Korean comments or descriptions": _rx(r"[가-힣]"),
}

# The constructs issue 19 lists: each must be used by at least one program.
REQUIRED = [name for name in CONSTRUCTS if name != "Korean comments or descriptions"]


def corpus_files(corpus: Path = CORPUS) -> list[Path]:
    """The corpus programs, sorted: every ``.py`` and ``.ipynb`` in the folder."""
    return sorted(p for p in corpus.iterdir() if p.suffix in (".py", ".ipynb"))


def read_program(path: Path) -> Program:
    code = program_code(path)
    return Program(path, code, ast.parse(code, filename=str(path)))


def constructs_of(program: Program) -> list[str]:
    """The constructs ``program`` uses, in table order."""
    return [name for name, detect in CONSTRUCTS.items() if detect(program)]


def styles_table(programs: list[Program]) -> str:
    rows = ["| Style | What it imitates | `.py` | `.ipynb` |", "|---|---|---:|---:|"]
    for style, what in STYLES.items():
        py = sum(1 for p in programs if p.style == style and p.path.suffix == ".py")
        nb = sum(1 for p in programs if p.style == style and p.path.suffix == ".ipynb")
        rows.append(f"| `{style}_*` | {what} | {py} | {nb} |")
    total_py = sum(1 for p in programs if p.path.suffix == ".py")
    total_nb = sum(1 for p in programs if p.path.suffix == ".ipynb")
    rows.append(f"| **total** | | **{total_py}** | **{total_nb}** |")
    return "\n".join(rows)


def constructs_table(programs: list[Program]) -> str:
    used = {p.path.name: set(constructs_of(p)) for p in programs}
    rows = ["| Construct | Files | Where |", "|---|---:|---|"]
    for name in CONSTRUCTS:
        files = [f for f in sorted(used) if name in used[f]]
        rows.append(f"| {name} | {len(files)} | {', '.join(f'`{f}`' for f in files)} |")
    return "\n".join(rows)


def render(readme_text: str, programs: list[Program]) -> str:
    """``readme_text`` with both tables regenerated between their markers."""
    tables = {"styles": styles_table(programs), "constructs": constructs_table(programs)}
    for key, (start, end) in TABLE_MARKERS.items():
        pattern = re.compile(re.escape(start) + r".*?" + re.escape(end), re.DOTALL)
        if not pattern.search(readme_text):
            raise ValueError(f"{README}: markers {start} ... {end} are missing")
        readme_text = pattern.sub(
            lambda _m, k=key, s=start, e=end: f"{s}\n{tables[k]}\n{e}", readme_text
        )
    return readme_text


def main(argv: list[str]) -> int:
    programs = [read_program(p) for p in corpus_files()]
    current = README.read_text(encoding="utf-8")
    fresh = render(current, programs)
    if "--check" in argv:
        if fresh != current:
            print(f"{README} is stale: run python -m tests.migrate.corpus_constructs", file=sys.stderr)
            return 1
        return 0
    README.write_text(fresh, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

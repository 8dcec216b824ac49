"""Every kind of change ``kfp-tutorial migrate`` makes, said once: why, in the learner's
language, and the page that teaches the v2 form.

A :class:`Change` the rewriter records names its *kind* (a key of :data:`KINDS`); the kind
holds the message key of its one-line reason and the pages to read. Kinds whose ``todo`` is
true are the constructs v2 has no automatic form for: the rewriter leaves the code in place,
puts ``# TODO(kfp-v2): <reason>`` above it, and the summary lists them with file and line.

Used in: ``kfp-tutorial migrate`` (:mod:`kfp_tutorial.migrate.command`) and the migration
page's section on the command.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kfp_tutorial.i18n import register_messages, t
from kfp_tutorial.migrate import names as N

MIGRATION_PAGE = "migration.md"


@dataclass(frozen=True)
class Kind:
    """One kind of change: its reason's message key, the pages that teach it, and whether a
    person must finish it (``todo``)."""

    key: str
    pages: tuple[str, ...]
    todo: bool = False
    # the v2 form runs as a different task than v1's (another name, or none): said, not a TODO
    reshapes: bool = False

    @property
    def message(self) -> str:
        return f"migrate_why_{self.key}"


@dataclass(frozen=True)
class Change:
    """One change in one file: its kind, the line of the original it concerns (1-based), and
    the fields its reason names (``name``, ``old``, ``new``...)."""

    kind: str
    line: int
    fields: dict[str, str] = field(default_factory=dict, compare=False, hash=False)

    @property
    def todo(self) -> bool:
        return KINDS[self.kind].todo

    def why(self) -> str:
        """The one-line reason, in the current language."""
        fields = dict(self.fields)
        advice = _ADVICE_KEYS.get(fields.get("advice", ""))
        if advice is not None:  # the advice of names.REMOVED, said in the learner's language
            fields["advice"] = t(advice)
        return t(KINDS[self.kind].message, **fields)

    def pages(self) -> str:
        """The pages that teach the v2 form, comma separated
        (``migration.md#files, 04-file-passing.md``)."""
        return ", ".join(KINDS[self.kind].pages)


def _page(anchor: str, *lessons: str) -> tuple[str, ...]:
    return (f"{MIGRATION_PAGE}#{anchor}", *(f"{lesson}.md" for lesson in lessons))


_KIND_LIST = (
    Kind("v2_namespace", _page("table")),
    Kind("import_removed", _page("table")),
    Kind("import_added", _page("table")),
    Kind("component_decorator", _page("components", "01-hello-world")),
    Kind("component_call", _page("components", "01-hello-world")),
    Kind("component_partial", _page("packages", "10-reusable-components")),
    Kind("component_file", _page("components", "10-reusable-components")),
    Kind("component_option", _page("components")),
    Kind("path_suffix", _page("files", "04-file-passing")),
    Kind("path_type", _page("files", "04-file-passing")),
    Kind("path_type_generic", _page("files", "04-file-passing")),
    Kind("path_type_value", _page("files", "04-file-passing")),
    Kind("input_fed", _page("files", "04-file-passing")),
    Kind("annotation_added", _page("components", "02-add")),
    Kind("float_literal", _page("components", "02-add")),
    Kind("keyword_arguments", _page("components", "02-add")),
    Kind("namedtuple_type", _page("metrics", "05-metrics")),
    Kind("container_op", _page("container", "01-hello-world")),
    Kind("container_op_class", _page("container", "01-hello-world")),
    Kind("loop_output_list", _page("table", "03-parallel")),
    Kind("loop_list_parameter", _page("table", "03-parallel")),
    Kind("loop_text_parameter", _page("table", "03-parallel")),
    Kind("loop_dict_parameter", _page("table", "03-parallel")),
    Kind("yaml_string_type", _page("table", "10-reusable-components")),
    Kind("output_key", _page("components", "02-add")),
    Kind("task_annotation", _page("container", "01-hello-world")),
    Kind("subgraph_parallelism", _page("table", "03-parallel")),
    Kind("file_object", _page("files", "04-file-passing")),
    Kind("delete_pvc", _page("volumes"), reshapes=True),
    Kind("dsl_type", _page("components", "02-add")),
    Kind("typed_factory", _page("container", "01-hello-world")),
    Kind("container_attr", _page("env", "08-resources")),
    Kind("env_variable", _page("env", "08-resources")),
    Kind("gpu", _page("gpu", "08-resources")),
    Kind("kubernetes_call", _page("volumes", "08-resources")),
    Kind("node_selector", _page("gpu", "08-resources")),
    Kind("create_pvc", _page("volumes")),
    Kind("pvolume_after", _page("volumes")),
    Kind("mount_pvc", _page("volumes")),
    Kind("secret", _page("volumes")),
    Kind("retry_policy", _page("table", "08-resources")),
    Kind("caching", _page("table", "08-resources")),
    Kind("condition", _page("conditions", "07-control-flow")),
    Kind("condition_else", _page("conditions", "07-control-flow")),
    Kind("loop_items", _page("table", "03-parallel")),
    Kind("loop_list", _page("table", "03-parallel")),
    Kind("exit_task", _page("table", "07-control-flow")),
    Kind("placeholder", _page("table")),
    Kind("compiled_yaml", _page("compiled", "10-reusable-components")),
    Kind("compiler_option", _page("compiled")),
    Kind("client_arguments", _page("client", "11-kfp-client")),
    Kind("pipeline_name", _page("components", "02-add")),
    Kind("pipeline_decorator", _page("components", "01-hello-world")),
    Kind("graph_component", _page("table", "10-reusable-components")),
    Kind("todo_ui_metadata", _page("metrics", "06-visualizations"), todo=True),
    Kind("todo_metrics", _page("metrics", "05-metrics"), todo=True),
    Kind("todo_removed", _page("table"), todo=True),
    Kind("todo_container_op", _page("container", "01-hello-world"), todo=True),
    Kind("todo_missing", _page("table"), todo=True),
    Kind("todo_sidecar", _page("table"), todo=True),
    Kind("todo_recursion", _page("table", "07-control-flow"), todo=True),
    Kind("todo_gone", _page("table"), todo=True),
    Kind("todo_yaml_type", _page("table", "10-reusable-components"), todo=True),
    Kind("todo_compile_time", _page("env"), todo=True),
    Kind("todo_option", _page("table"), todo=True),
    Kind("todo_volume", _page("volumes"), todo=True),
    Kind("todo_env", _page("env", "08-resources"), todo=True),
    Kind("todo_argo_placeholder", _page("table"), todo=True),
    Kind("todo_param_type", _page("components", "02-add"), todo=True),
)
KINDS: dict[str, Kind] = {kind.key: kind for kind in _KIND_LIST}


def TODO_PAGES_EXIST() -> bool:  # noqa: N802 - reads as a fact in the tests
    """True when every page a kind names is a lesson page of the course (both languages),
    and every anchor is a heading id of the migration page."""
    from pathlib import Path

    lessons = Path(__file__).resolve().parents[2] / "lessons"
    if not lessons.is_dir():  # an installed package has no pages: nothing to check against
        return True
    for kind in KINDS.values():
        for page in kind.pages:
            name, _, anchor = page.partition("#")
            for lang in ("en", "ko"):
                path = lessons / lang / name
                if not path.is_file() or (
                    anchor and "{#" + anchor + "}" not in path.read_text(encoding="utf-8")
                ):
                    return False
    return True


register_messages(
    {
        "migrate_why_v2_namespace": {
            "en": "kfp.v2 was the v1 SDK's preview of v2; in kfp 2 the same names live in {new}.",
            "ko": "kfp.v2는 v1 SDK 안에 있던 v2 미리보기입니다. kfp 2에서는 같은 이름이 {new}에 "
            "있습니다.",
        },
        "migrate_why_import_removed": {
            "en": "{name} is a KFP v1 name that kfp 2 does not have; its uses are rewritten below.",
            "ko": "{name}(은) kfp 2에 없는 KFP v1 이름입니다. 이 이름을 쓰는 곳은 아래에서 고쳤습니다.",
        },
        "migrate_why_import_added": {
            "en": "the v2 forms below need {name}.",
            "ko": "아래에서 쓰는 v2 형태에 {name}(이) 필요합니다.",
        },
        "migrate_why_component_decorator": {
            "en": "{old}({name}) becomes the @dsl.component decorator on {name}; {alias} stays a name "
            "for the same component, so the pipeline code does not change.",
            "ko": "{old}({name}) 대신 {name} 함수에 @dsl.component 데코레이터를 붙였습니다. {alias}(은) "
            "같은 Component를 가리키는 이름으로 남아서 Pipeline 코드는 바뀌지 않습니다.",
        },
        "migrate_why_component_call": {
            "en": "{old}(...) becomes dsl.component(...): the same options, the v2 function.",
            "ko": "{old}(...) 대신 dsl.component(...)(을) 씁니다. 옵션은 같고 함수만 v2의 것입니다.",
        },
        "migrate_why_component_partial": {
            "en": "a partial of {old} becomes a partial of dsl.component: every @{name} component "
            "gets the same base image and packages in v2.",
            "ko": "{old}의 partial(을) dsl.component의 partial로 바꿨습니다. @{name}(을) 붙인 "
            "Component는 v2에서도 같은 베이스 이미지와 패키지를 씁니다.",
        },
        "migrate_why_component_file": {
            "en": "output_component_file= is deprecated in kfp 2: the component is compiled to "
            "{path} by "
            "Compiler().compile, which writes the v2 YAML.",
            "ko": "kfp 2에서 output_component_file=(은) 폐기 예정입니다. v2 YAML을 쓰는 "
            "Compiler().compile로 Component를 {path}에 컴파일합니다.",
        },
        "migrate_why_component_option": {
            "en": "{name}= has no v2 counterpart and was removed: v2 always embeds the function's "
            "source.",
            "ko": "{name}=에 해당하는 v2 옵션이 없어서 지웠습니다. v2는 늘 함수의 소스 코드를 넣습니다.",
        },
        "migrate_why_path_suffix": {
            "en": "v1 dropped the _path/_file ending from the name callers use; v2 keeps it, so "
            "{old} is renamed {new} and callers keep writing {new}.",
            "ko": "v1은 호출하는 쪽이 쓰는 이름에서 _path/_file(을) 뗐지만 v2는 그대로 둡니다. 그래서 "
            "{old}의 이름을 {new}(으로) 바꿔, 호출하는 코드가 계속 {new}(을) 쓸 수 있게 했습니다.",
        },
        "migrate_why_path_type": {
            "en": "{old} becomes {new}: kfp 2 takes a Python type here, and a type name string "
            "raises an error.",
            "ko": "{old} 대신 {new}(을) 씁니다. kfp 2는 여기에 Python 타입을 받으며, 타입 이름 문자열은 "
            "오류가 납니다.",
        },
        "migrate_why_path_type_value": {
            "en": "{old} becomes {new}: v1's {type} only described the file, and kfp 2 raises on it "
            "here. The file stays a file (a generic artifact); to pass the value itself, return it "
            "(-> {value}).",
            "ko": "{old} 대신 {new}(을) 씁니다. v1의 {type}(은) 파일 내용을 설명했을 뿐이고 kfp 2에서는 "
            "오류가 납니다. 파일은 그대로 파일(일반 Artifact)로 넘기고, 값 자체를 넘기려면 "
            "반환하세요(-> {value}).",
        },
        "migrate_why_path_type_generic": {
            "en": "{old} becomes {new}: kfp 2 would silently make the unknown type {type} a generic "
            "Artifact.",
            "ko": "{old} 대신 {new}(을) 씁니다. kfp 2는 모르는 타입 {type}(을) 아무 말 없이 일반 "
            "Artifact로 만듭니다.",
        },
        "migrate_why_input_fed": {
            "en": "{old} becomes the value input {new}: the pipeline feeds it a value output, which "
            "kfp 2 cannot pass as a file; the function writes the value to a file at {name} first, "
            "as v1 did.",
            "ko": "{old} 대신 값 입력 {new}(을) 씁니다. Pipeline이 여기에 값 출력을 넘기는데, kfp 2는 "
            "이를 파일로 넘기지 못합니다. 그래서 v1처럼 함수가 먼저 값을 {name} 파일에 씁니다.",
        },
        "migrate_why_annotation_added": {
            "en": "kfp 2 needs a type on every parameter: {name} gets {type} ({reason}).",
            "ko": "kfp 2는 모든 매개변수에 타입이 있어야 합니다. {name}에 {type}(을) 붙였습니다 "
            "({reason}).",
        },
        "migrate_why_float_literal": {
            "en": "{name} is a float input and kfp 2 does not turn an int into a float: {old} "
            "becomes {new}.",
            "ko": "{name}(은) float 입력이고 kfp 2는 int를 float로 바꿔 주지 않습니다. {old}(을) "
            "{new}(으로) 바꿨습니다.",
        },
        "migrate_why_keyword_arguments": {
            "en": "kfp 2 takes a component's inputs by name only: {old} becomes {new}.",
            "ko": "kfp 2는 Component의 입력을 이름으로만 받습니다. {old} 대신 {new}(을) 씁니다.",
        },
        "migrate_why_namedtuple_type": {
            "en": "the output {name} was declared with the v1 type name {old}; kfp 2 takes {new}.",
            "ko": "출력 {name}(은) v1 타입 이름 {old}(으로) 선언되어 있었습니다. kfp 2에서는 "
            "{new}(을) 씁니다.",
        },
        "migrate_why_container_op": {
            "en": "dsl.ContainerOp({name}) becomes the container component {new}: each file output is "
            "a dsl.OutputPath, and a small shell step copies the file there after the command.",
            "ko": "dsl.ContainerOp({name})(을) 컨테이너 Component {new}(으로) 바꿨습니다. 파일 출력은 "
            "각각 dsl.OutputPath가 되고, 명령이 끝난 뒤 짧은 셸 명령이 파일을 그곳에 복사합니다.",
        },
        "migrate_why_container_op_class": {
            "en": "class {name}(dsl.ContainerOp) becomes the function {name}: kfp 2 has no "
            "ContainerOp to subclass, and the class only filled in its arguments.",
            "ko": "class {name}(dsl.ContainerOp)(을) 함수 {name}(으로) 바꿨습니다. kfp 2에는 "
            "상속할 ContainerOp이 없고, 이 클래스는 인자를 채워 넣는 일만 했습니다.",
        },
        "migrate_why_loop_output_list": {
            "en": "{name} returned JSON text that a dsl.ParallelFor loops over; kfp 2 loops over a "
            "list only, so {name} now returns the list (-> list).",
            "ko": "{name}(은) dsl.ParallelFor가 반복할 JSON 문자열을 돌려줬습니다. kfp 2는 리스트만 "
            "반복하므로 이제 {name}(이) 리스트를 돌려줍니다 (-> list).",
        },
        "migrate_why_pvolume_after": {
            "en": "{task}.pvolume is the PVC {task} mounted, used after {task}: kfp 2 mounts that "
            "PVC and says .after({task}).",
            "ko": "{task}.pvolume은 {task}(이) 마운트한 PVC를 {task}(이) 끝난 뒤에 쓴다는 뜻입니다. "
            "kfp 2에서는 그 PVC를 마운트하고 .after({task})(을) 붙입니다.",
        },
        "migrate_why_loop_list_parameter": {
            "en": "the list of dicts this dsl.ParallelFor loops over becomes the pipeline parameter "
            "{name} (same default): kfp 2.17 would give every field of a list written in the "
            "pipeline the type of its first value.",
            "ko": "이 dsl.ParallelFor가 반복하는 딕셔너리 리스트를 Pipeline 파라미터 {name}(으로) "
            "옮겼습니다 (기본값은 같습니다). Pipeline 안에 적은 리스트라면 kfp 2.17은 모든 필드에 "
            "첫 값의 타입을 붙입니다.",
        },
        "migrate_why_yaml_string_type": {
            "en": "the component's inputs {names} had no type and are passed by value: kfp 2 reads "
            "an input without a type as an artifact, so they get type: String (v1 passed text).",
            "ko": "Component의 입력 {names}에 타입이 없고 값으로 넘겨집니다. kfp 2는 타입 없는 입력을 "
            "Artifact로 읽으므로 type: String을 붙였습니다 (v1은 문자열로 넘겼습니다).",
        },
        "migrate_why_output_key": {
            "en": "v1 also answered to outputs[{old}] for a function's return value; kfp 2 names it "
            "{new} only.",
            "ko": "v1은 함수의 반환값을 outputs[{old}](으로)도 찾았지만 kfp 2에서는 {new}(이)라는 "
            "이름만 씁니다.",
        },
        "migrate_why_loop_text_parameter": {
            "en": "the list this dsl.ParallelFor loops over becomes the pipeline parameter {name} "
            "(same default): v1 gave its items to str inputs as text; kfp 2 checks the items of a "
            "list written in the pipeline against the input's type, a parameter's only at run time.",
            "ko": "이 dsl.ParallelFor가 반복하는 리스트를 Pipeline 파라미터 {name}(으로) 옮겼습니다 "
            "(기본값은 같습니다). v1은 항목을 str 입력에 문자열로 넘겼습니다. kfp 2는 Pipeline 안에 "
            "적은 리스트의 항목을 입력 타입과 대조하지만, 파라미터의 항목은 실행할 때 다룹니다.",
        },
        "migrate_why_loop_dict_parameter": {
            "en": "the list of dicts this dsl.ParallelFor loops over becomes the pipeline parameter "
            "{name} (same default): each whole dict goes to a component, which v1 gave as JSON "
            "text; kfp 2 checks a dict written in the pipeline against the input's type, a "
            "parameter's items only at run time.",
            "ko": "이 dsl.ParallelFor가 반복하는 딕셔너리 리스트를 Pipeline 파라미터 {name}(으로) "
            "옮겼습니다 (기본값은 같습니다). 딕셔너리 전체가 Component로 가는데, v1은 이를 JSON "
            "문자열로 넘겼습니다. kfp 2는 Pipeline 안에 적은 딕셔너리를 입력 타입과 대조하지만, "
            "파라미터의 항목은 실행할 때 다룹니다.",
        },
        "migrate_why_file_object": {
            "en": "{name}: {old} passed an open file in v1; kfp 2 passes the path ({new}), so the "
            "function now opens it around its body, under the same name.",
            "ko": "{name}: v1의 {old}(은) 열린 파일을 넘겼지만 kfp 2는 경로({new})를 넘깁니다. 그래서 "
            "이제 함수가 본문을 감싸 파일을 같은 이름으로 엽니다.",
        },
        "migrate_why_delete_pvc": {
            "en": "vop.delete() becomes kubernetes.DeletePVC(pvc_name=vop.outputs['name']): the "
            "deletion is kfp-kubernetes' own task now, no longer a kubectl container named "
            "kubernetes-resource-delete.",
            "ko": "vop.delete() 대신 kubernetes.DeletePVC(pvc_name=vop.outputs['name'])(을) 씁니다. "
            "이제 PVC는 kfp-kubernetes의 태스크가 지웁니다. kubernetes-resource-delete라는 kubectl "
            "컨테이너는 더 이상 없습니다.",
        },
        "migrate_why_dsl_type": {
            "en": "the v1 DSL type {old} becomes the Python type {new}, which kfp 2 takes.",
            "ko": "v1 DSL 타입 {old} 대신 kfp 2가 받는 Python 타입 {new}(을) 씁니다.",
        },
        "migrate_why_typed_factory": {
            "en": "{name} loses v1's @dsl.component, which checked the types of a ContainerOp "
            "factory: kfp 2's @dsl.component would make it a Python component. It stays a "
            "function that makes the task.",
            "ko": "{name}에서 v1의 @dsl.component를 뺐습니다. v1에서는 ContainerOp 팩토리의 타입을 "
            "확인했지만, kfp 2의 @dsl.component는 Python Component를 만듭니다. 이 함수는 태스크를 "
            "만드는 함수로 남습니다.",
        },
        "migrate_why_container_attr": {
            "en": ".container.{name}() becomes .{name}(): a v2 task has no .container.",
            "ko": ".container.{name}() 대신 .{name}()(을) 씁니다. v2 태스크에는 .container가 없습니다.",
        },
        "migrate_why_env_variable": {
            "en": "add_env_variable(V1EnvVar(...)) becomes set_env_variable(name=..., value=...).",
            "ko": "add_env_variable(V1EnvVar(...)) 대신 set_env_variable(name=..., value=...)(을) "
            "씁니다.",
        },
        "migrate_why_gpu": {
            "en": "set_gpu_limit({old}) becomes set_accelerator_type({type}) and "
            "set_accelerator_limit({old}).",
            "ko": "set_gpu_limit({old}) 대신 set_accelerator_type({type})과 "
            "set_accelerator_limit({old})(을) 씁니다.",
        },
        "migrate_why_kubernetes_call": {
            "en": ".{old}(...) becomes kubernetes.{new}(task, ...) from kfp-kubernetes.",
            "ko": ".{old}(...) 대신 kfp-kubernetes의 kubernetes.{new}(task, ...)(을) 씁니다.",
        },
        "migrate_why_node_selector": {
            "en": "add_node_selector_constraint becomes kubernetes.add_node_selector from "
            "kfp-kubernetes.",
            "ko": "add_node_selector_constraint 대신 kfp-kubernetes의 "
            "kubernetes.add_node_selector를 씁니다.",
        },
        "migrate_why_create_pvc": {
            "en": "dsl.VolumeOp becomes kubernetes.CreatePVC; the PVC's name is its output 'name'.",
            "ko": "dsl.VolumeOp 대신 kubernetes.CreatePVC를 씁니다. PVC 이름은 출력 'name'에 있습니다.",
        },
        "migrate_why_mount_pvc": {
            "en": "mounting a volume becomes kubernetes.mount_pvc(task, pvc_name=..., "
            "mount_path={path}).",
            "ko": "볼륨 마운트는 kubernetes.mount_pvc(task, pvc_name=..., mount_path={path})(으로) "
            "바꿨습니다.",
        },
        "migrate_why_secret": {
            "en": "use_k8s_secret becomes kubernetes.use_secret_as_env (key → variable, as before).",
            "ko": "use_k8s_secret 대신 kubernetes.use_secret_as_env를 씁니다 (키와 환경 변수의 "
            "짝은 같습니다).",
        },
        "migrate_why_retry_policy": {
            "en": "set_retry in kfp 2 has no policy=; it retries on any failure.",
            "ko": "kfp 2의 set_retry에는 policy=가 없습니다. 어떤 실패든 다시 시도합니다.",
        },
        "migrate_why_caching": {
            "en": 'max_cache_staleness = "P0D" becomes set_caching_options(False).',
            "ko": 'max_cache_staleness = "P0D" 대신 set_caching_options(False)(을) 씁니다.',
        },
        "migrate_why_condition": {
            "en": "dsl.Condition becomes dsl.If (same test).",
            "ko": "dsl.Condition 대신 dsl.If를 씁니다 (조건은 같습니다).",
        },
        "migrate_why_condition_else": {
            "en": "this condition is the opposite of the one right before it, so it becomes dsl.Else.",
            "ko": "이 조건은 바로 앞 조건의 반대이므로 dsl.Else로 바꿨습니다.",
        },
        "migrate_why_loop_items": {
            "en": "dsl.ParallelFor's loop_args= is items= in kfp 2.",
            "ko": "dsl.ParallelFor의 loop_args=(은) kfp 2에서 items=입니다.",
        },
        "migrate_why_loop_list": {
            "en": "dsl.ParallelFor loops over {name}: in kfp 2 it is a list parameter (v1 took a "
            "JSON string), so its type is list and its default the list it spelled.",
            "ko": "dsl.ParallelFor가 {name}(을) 반복합니다. kfp 2에서는 리스트 매개변수여야 "
            "하므로(v1은 JSON 문자열을 받았습니다) 타입을 list로, 기본값을 그 문자열이 나타내던 "
            "리스트로 바꿨습니다.",
        },
        "migrate_why_exit_task": {
            "en": "dsl.ExitHandler's exit_op= is exit_task= in kfp 2.",
            "ko": "dsl.ExitHandler의 exit_op=(은) kfp 2에서 exit_task=입니다.",
        },
        "migrate_why_placeholder": {
            "en": "{old} becomes {new}.",
            "ko": "{old} 대신 {new}(을) 씁니다.",
        },
        "migrate_why_compiled_yaml": {
            "en": "kfp 2 compiles to YAML only: {old} becomes {new}.",
            "ko": "kfp 2는 YAML로만 컴파일합니다. {old}(을) {new}(으로) 바꿨습니다.",
        },
        "migrate_why_compiler_option": {
            "en": "{name}= was a v1 option and was removed.",
            "ko": "{name}=(은) v1 옵션이라서 지웠습니다.",
        },
        "migrate_why_client_arguments": {
            "en": "kept as it is: in kfp 2 the arguments must have the pipeline's parameter types "
            "(an int is not a float, a number is not a string).",
            "ko": "그대로 둡니다. kfp 2에서는 인자가 Pipeline 매개변수의 타입과 맞아야 합니다 (int는 "
            "float가 아니고, 숫자는 문자열이 아닙니다).",
        },
        "migrate_why_pipeline_name": {
            "en": "kfp 2 keeps only a-z, 0-9 and '-' of a pipeline name, and nothing of {old} is "
            "left: the name is {new}, and {old} becomes the display name.",
            "ko": "kfp 2는 Pipeline 이름에서 a-z, 0-9, '-'만 남기는데 {old}에는 남는 글자가 "
            "없습니다. 이름은 {new}(으로) 하고 {old}(은) display_name으로 옮겼습니다.",
        },
        "migrate_why_pipeline_decorator": {
            "en": "v1 compiled the plain function {name}; kfp 2 compiles only a function decorated "
            "with @dsl.pipeline.",
            "ko": "v1은 데코레이터 없는 함수 {name}도 컴파일했지만, kfp 2는 @dsl.pipeline을 붙인 함수만 "
            "컴파일합니다.",
        },
        "migrate_why_graph_component": {
            "en": "@dsl.graph_component becomes @dsl.pipeline: a pipeline is a component in kfp 2 "
            "(recursion is not supported).",
            "ko": "@dsl.graph_component 대신 @dsl.pipeline을 씁니다. kfp 2에서는 Pipeline도 "
            "Component로 쓸 수 있습니다 (재귀는 지원하지 않습니다).",
        },
        "migrate_why_todo_ui_metadata": {
            "en": "{name} is now {new}; v2 shows the artifact's file itself, so write the {kind} "
            "content to {name}.path instead of the v1 JSON metadata.",
            "ko": "{name}(은) 이제 {new}입니다. v2는 Artifact 파일 자체를 보여 주므로 v1 JSON "
            "메타데이터 "
            "대신 {kind} 내용을 {name}.path에 쓰세요.",
        },
        "migrate_why_todo_metrics": {
            "en": "{name} is now Output[Metrics]: call {name}.log_metric(name, value) for each metric "
            "instead of writing the v1 JSON (v2 has no format: PERCENTAGE).",
            "ko": "{name}(은) 이제 Output[Metrics]입니다. v1 JSON을 쓰는 대신 메트릭마다 "
            "{name}.log_metric(name, value)(을) 부르세요 (v2에는 format: PERCENTAGE가 없습니다).",
        },
        "migrate_why_todo_removed": {
            "en": "{name} does not exist in kfp 2 and has no automatic replacement: {advice}",
            "ko": "{name}(은) kfp 2에 없고 자동으로 바꿀 방법이 없습니다. {advice}",
        },
        "migrate_why_todo_missing": {
            "en": "{name} does not exist in kfp 2; find its v2 form in the migration page's table, "
            "or remove it.",
            "ko": "{name}(은) kfp 2에 없습니다. 마이그레이션 페이지의 표에서 v2에서 쓰는 형태를 "
            "찾거나 지우세요.",
        },
        "migrate_why_todo_sidecar": {
            "en": "kfp 2 has no sidecars: this task now runs without sidecars={names}. Run the "
            "helper as its own task or as a service in the cluster.",
            "ko": "kfp 2에는 사이드카가 없습니다. 이 태스크는 이제 sidecars={names} 없이 실행됩니다. "
            "도우미 컨테이너는 별도의 태스크나 클러스터의 서비스로 실행하세요.",
        },
        "migrate_why_todo_compile_time": {
            "en": "kfp 2 needs {what} when it compiles, but the pipeline parameter {name} is only "
            "known at run time: its default {default} is used. Pass {name} to the component as an "
            "input if it must change per run.",
            "ko": "kfp 2는 컴파일할 때 {what} 값이 있어야 하는데, Pipeline 파라미터 {name}(은) 실행할 "
            "때에야 정해집니다. 그래서 기본값 {default}(을) 넣었습니다. 실행마다 바꿔야 한다면 "
            "{name}(을) Component의 입력으로 넘기세요.",
        },
        "migrate_why_todo_yaml_type": {
            "en": "the component's inputs {names} have no type and are passed by value; kfp 2 reads "
            "them as artifacts: add type: String to each in the YAML.",
            "ko": "Component의 입력 {names}에 타입이 없는데 값으로 넘겨집니다. kfp 2는 이를 Artifact로 "
            "읽으므로 YAML의 각 입력에 type: String을 붙이세요.",
        },
        "migrate_why_todo_gone": {
            "en": "this line uses {name}, a v1 object commented out above: kept as a comment too.",
            "ko": "이 줄은 위에서 주석으로 바꾼 v1 객체 {name}(을) 씁니다. 이 줄도 주석으로 남겼습니다.",
        },
        "migrate_why_todo_recursion": {
            "en": "{name} calls itself: kfp 2 has no recursive pipelines. Loop with dsl.ParallelFor "
            "over what you can list in advance, or repeat the step a fixed number of times in "
            "dsl.If blocks.",
            "ko": "{name}(은) 자기 자신을 부릅니다. kfp 2에는 재귀 Pipeline이 없습니다. 미리 나열할 수 "
            "있는 것은 dsl.ParallelFor로 돌고, 아니면 단계를 정한 횟수만큼 dsl.If 블록으로 "
            "되풀이하세요.",
        },
        "migrate_why_todo_container_op": {
            "en": "this dsl.ContainerOp could not be rewritten ({reason}); write it as a "
            "@dsl.container_component.",
            "ko": "이 dsl.ContainerOp은 자동으로 바꾸지 못했습니다 ({reason}). "
            "@dsl.container_component로 다시 쓰세요.",
        },
        "migrate_why_todo_option": {
            "en": "{name} has no kfp 2 counterpart here; set it on the cluster or remove it.",
            "ko": "{name}에 해당하는 kfp 2 기능이 없습니다. 클러스터 쪽에서 설정하거나 지우세요.",
        },
        "migrate_why_todo_volume": {
            "en": "this volume is not a PVC from dsl.VolumeOp or dsl.PipelineVolume(pvc=...); mount it "
            "with kubernetes.mount_pvc, kubernetes.use_secret_as_volume or "
            "kubernetes.use_config_map_as_volume.",
            "ko": "이 볼륨은 dsl.VolumeOp이나 dsl.PipelineVolume(pvc=...)(으로) 만든 PVC가 아닙니다. "
            "kubernetes.mount_pvc, kubernetes.use_secret_as_volume, "
            "kubernetes.use_config_map_as_volume 가운데 맞는 것으로 마운트하세요.",
        },
        "migrate_why_todo_env": {
            "en": "this environment variable is not a plain name and value; use "
            "kubernetes.use_secret_as_env, use_config_map_as_env or use_field_path_as_env.",
            "ko": "이 환경 변수는 이름과 값만으로 된 것이 아닙니다. kubernetes.use_secret_as_env, "
            "use_config_map_as_env, use_field_path_as_env 가운데 맞는 것을 쓰세요.",
        },
        "migrate_why_todo_argo_placeholder": {
            "en": "{old} is an Argo placeholder that kfp 2 does not fill in; use {new}.",
            "ko": "{old}(은) kfp 2가 채워 주지 않는 Argo 자리 표시자입니다. {new}(을) 쓰세요.",
        },
        "migrate_why_todo_param_type": {
            "en": "{name} is {given} here but the component's input is {expected}; kfp 2 checks "
            "types, so pass a {expected} (or change one of the two types).",
            "ko": "{name}(은) 여기서 {given}인데 Component의 입력은 {expected}입니다. kfp 2는 타입을 "
            "확인하므로 {expected} 값을 넘기세요 (또는 두 타입 가운데 하나를 바꾸세요).",
        },
        "migrate_reason_default": {"en": "from its default value", "ko": "기본값에서 정함"},
        "migrate_reason_caller": {
            "en": "from what the pipeline passes",
            "ko": "Pipeline이 넘기는 값에서 정함",
        },
        "migrate_reason_v1_untyped": {
            "en": "v1 passed untyped values as strings",
            "ko": "v1은 타입 없는 값을 문자열로 넘겼음",
        },
    }
)


# The advice names.REMOVED gives (English, the key), in both languages.
_ADVICE_KO = {
    N.REMOVED["kfp.dsl.ResourceOp"]: "리소스 매니페스트를 kubectl을 실행하는 컨테이너 Component로 "
    "적용하거나, Pipeline 밖에서 만드세요.",
    N.REMOVED["kfp.dsl.PipelineConf"]: "그것이 하던 설정은 태스크마다 kfp-kubernetes로 하거나, 실행할 "
    "때 하세요.",
    N.REMOVED["kfp.dsl.Sidecar"]: "kfp 2에는 사이드카가 없습니다. 도우미 컨테이너는 별도의 태스크로 "
    "실행하세요.",
    N.REMOVED["kfp.dsl.python_component"]: "@dsl.component를 쓰세요.",
    N.REMOVED["kfp.dsl.InputArgumentPath"]: "값을 입력으로 넘기고 Component 안에서 읽으세요.",
    N.REMOVED["kfp.dsl.SubGraph"]: "루프는 dsl.ParallelFor로, 또는 중첩 Pipeline으로 쓰세요.",
    N.REMOVED["kfp.components.func_to_component_text"]: "Component를 Compiler().compile로 컴파일하세요.",
    N.REMOVED["kfp.components.ComponentStore"]: "Component마다 components.load_component_from_url로 "
    "불러오세요.",
    N.REMOVED["kfp.gcp.use_gcp_secret"]: "키가 든 Secret으로 kubernetes.use_secret_as_volume을 쓰세요.",
    N.REMOVED["kfp.aws.use_aws_secret"]: "AWS Secret으로 kubernetes.use_secret_as_env를 쓰세요.",
    N.REMOVED["kfp.azure.use_azure_secret"]: "Azure Secret으로 kubernetes.use_secret_as_env를 쓰세요.",
    N.REMOVED["kfp.containers.build_image_from_working_dir"]: "이미지는 docker나 CI 작업으로 "
    "빌드하세요.",
}
_ADVICE_KEYS = {english: f"migrate_advice_{index}" for index, english in enumerate(_ADVICE_KO)}
register_messages(
    {_ADVICE_KEYS[english]: {"en": english, "ko": korean} for english, korean in _ADVICE_KO.items()}
)

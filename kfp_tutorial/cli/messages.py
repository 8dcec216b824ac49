"""The command line's own messages: help texts of every command and option, and its errors.

Both languages side by side, like every table of :mod:`kfp_tutorial.i18n`.
Used in: ``kfp-tutorial`` (every command).
"""

from __future__ import annotations

from kfp_tutorial import i18n

HELP: dict[str, dict[str, str]] = {
    "help_description": {
        "en": "Kubeflow Pipelines course: run and compile the lessons' pipelines.",
        "ko": "Kubeflow Pipelines 과정: 수업의 Pipeline을 실행하고 컴파일합니다.",
    },
    "help_epilog": {
        "en": "Run 'kfp-tutorial COMMAND --help' for a command's options.",
        "ko": "명령별 옵션은 'kfp-tutorial 명령 --help'로 확인하세요.",
    },
    "help_lang": {
        "en": "language of messages, before or after the command (default: $KFP_TUTORIAL_LANG, "
        "then the locale)",
        "ko": ("메시지 언어. 명령 앞뒤 어디에 써도 됩니다 (기본값: $KFP_TUTORIAL_LANG, 없으면 로케일)"),
    },
    "help_version": {"en": "show the version and exit", "ko": "버전을 보여 주고 끝냅니다"},
    "help_commands": {"en": "commands", "ko": "명령"},
    "help_list": {
        "en": "list the lessons and their pipelines",
        "ko": "수업과 Pipeline 목록을 보여 줍니다",
    },
    "help_migrate": {
        "en": "rewrite KFP v1 code (.py, .ipynb, folders) for kfp 2 and explain each change",
        "ko": "KFP v1 코드(.py, .ipynb, 폴더)를 kfp 2용으로 고치고 바뀐 곳마다 이유를 보여 줍니다",
    },
    "help_run": {
        "en": "run a lesson's pipelines, your own file.py:func, or a compiled pipeline.yaml",
        "ko": "수업의 Pipeline, 직접 만든 file.py:func, 또는 컴파일한 pipeline.yaml을 실행합니다",
    },
    "help_compile": {
        "en": "compile pipelines to pipeline spec YAML",
        "ko": "Pipeline을 Pipeline 명세 YAML로 컴파일합니다",
    },
    "help_check": {
        "en": "check your setup and say how to fix what is missing",
        "ko": "설치 환경을 확인하고, 빠진 것은 고치는 방법을 알려 줍니다",
    },
    "help_export": {
        "en": "export the notebooks as HTML handouts",
        "ko": "노트북을 HTML 핸드아웃으로 내보냅니다",
    },
    "help_report": {
        "en": "write an HTML report of a local run, laid out like the KFP UI's run page",
        "ko": "로컬 실행의 HTML 리포트를 KFP UI의 실행 페이지처럼 만듭니다",
    },
    "help_progress": {
        "en": "a table of which exercises each learner passed (reads check records, runs nothing)",
        "ko": "학습자마다 통과한 연습 문제를 표로 보여 줍니다"
        "(확인 기록만 읽고 아무것도 실행하지 않습니다)",
    },
    "help_cluster": {
        "en": "a local kind cluster with Kubeflow Pipelines (lesson 09)",
        "ko": "Kubeflow Pipelines를 설치한 로컬 kind 클러스터 (수업 09)",
    },
    "help_doctor": {
        "en": "check Docker, kind, kubectl, memory, ports and limits for the cluster (lesson 09)",
        "ko": "클러스터에 필요한 Docker, kind, kubectl, 메모리, 포트, 제한을 확인합니다 (수업 09)",
    },
    "help_upload": {
        "en": "upload pipelines (a lesson's, file.py:func or a compiled pipeline.yaml) to "
        "Kubeflow Pipelines (--host or KFP_HOST)",
        "ko": "Pipeline(수업의 것, file.py:func, 또는 컴파일한 pipeline.yaml)을 Kubeflow Pipelines에 "
        "올립니다 (--host 또는 KFP_HOST)",
    },
    "help_target": {
        "en": "lesson (e.g. 02-add), path/to/file.py[:func] or a compiled pipeline.yaml",
        "ko": "수업(예: 02-add), path/to/file.py[:func] 또는 컴파일한 pipeline.yaml",
    },
    "help_all": {"en": "every lesson", "ko": "모든 수업"},
    "help_pipeline": {
        "en": "only this pipeline of the lesson (see 'kfp-tutorial list')",
        "ko": "수업의 Pipeline 가운데 이것만 다룹니다 ('kfp-tutorial list' 참고)",
    },
    "help_arg": {
        "en": "a pipeline argument; repeat for more (lists and dicts as JSON)",
        "ko": "Pipeline 인자. 여러 개를 주려면 옵션을 되풀이합니다 (리스트와 딕셔너리는 JSON으로)",
    },
    "help_output_dir": {
        "en": "where runs are stored (default: $KFP_TUTORIAL_OUTPUT_DIR or ./kfp_runs)",
        "ko": "실행 기록을 저장할 폴더 (기본값: $KFP_TUTORIAL_OUTPUT_DIR 또는 ./kfp_runs)",
    },
    "help_cache": {
        "en": "reuse outputs of tasks that already ran with the same inputs",
        "ko": "같은 입력으로 이미 실행한 태스크는 다시 실행하지 않고 그 출력을 재사용합니다",
    },
    "help_verbose": {"en": "show kfp's own logs", "ko": "kfp 자체 로그를 보여 줍니다"},
    "help_host": {
        "en": "run on the Kubeflow Pipelines at this URL, e.g. {local} (default: $KFP_HOST; "
        "without it, runs are local)",
        "ko": "이 주소의 Kubeflow Pipelines에서 실행합니다. 예: {local} (기본값: $KFP_HOST. "
        "없으면 로컬에서 실행)",
    },
    "help_report_flag": {
        "en": "write report.html into each local run's folder",
        "ko": "로컬 실행마다 실행 폴더에 report.html을 만듭니다",
    },
    "help_compile_output": {
        "en": "output folder, or a .yaml file when the target has one pipeline (default: compiled)",
        "ko": "출력 폴더. 대상의 Pipeline이 하나면 .yaml 파일도 됩니다 (기본값: compiled)",
    },
    "help_check_output_dir": {
        "en": "keep the test run here (default: a temporary folder, removed afterwards)",
        "ko": "테스트 실행을 이 폴더에 남깁니다 (기본값: 끝나면 지우는 임시 폴더)",
    },
    "help_notebooks_lang": {
        "en": "which notebooks to export (default: all); --lang chooses the messages' language",
        "ko": "내보낼 노트북의 언어 (기본값: all). 메시지 언어는 --lang으로 고릅니다",
    },
    "help_export_output": {
        "en": "output folder (default: handouts)",
        "ko": "출력 폴더 (기본값: handouts)",
    },
    "help_notebooks": {
        "en": "folder with en/ and ko/ (default: notebooks)",
        "ko": "en/과 ko/가 있는 폴더 (기본값: notebooks)",
    },
    "help_exercises": {
        "en": "export the exercise notebooks (solutions emptied)",
        "ko": "연습 문제 노트북을 내보냅니다 (풀이는 비움)",
    },
    "help_run_dir": {
        "en": "a run folder, e.g. kfp_runs/calculation-2026-...",
        "ko": "실행 폴더. 예: kfp_runs/calculation-2026-...",
    },
    "help_force": {
        "en": "replace an existing file even if kfp-tutorial did not write it (never a run's records)",
        "ko": "kfp-tutorial이 쓰지 않은 파일이라도 바꿔 씁니다 (실행 기록은 어떤 경우에도 건드리지 "
        "않습니다)",
    },
    "compile_output_suffix": {
        "en": "-o {path}: compile writes YAML. Name the file .yaml (e.g. -o {example}), or give a "
        "folder that exists.",
        "ko": "-o {path}: compile은 YAML 파일을 씁니다. 파일 이름을 .yaml로 끝내거나 (예: -o "
        "{example}) 이미 있는 폴더를 지정하세요.",
    },
    "help_report_output": {
        "en": "where to write (default: RUN_DIR/report.html)",
        "ko": "저장할 위치 (기본값: RUN_DIR/report.html)",
    },
    "help_dry_run": {
        "en": "print the commands, run nothing",
        "ko": "명령만 보여 주고 실행하지 않습니다",
    },
    "help_from_github_up": {
        "en": "apply the upstream kustomizations from GitHub, not the shipped manifests "
        "(needs network and git)",
        "ko": "과정에 들어 있는 매니페스트 대신 GitHub의 kustomization을 적용합니다"
        "(네트워크와 git이 필요합니다)",
    },
    "help_from_github_images": {
        "en": "render the upstream kustomizations instead (needs network, git and kubectl)",
        "ko": (
            "과정에 든 매니페스트 대신 GitHub의 kustomization을 렌더링합니다 (네트워크, git, "
            "kubectl 필요)"
        ),
    },
    "help_cluster_up": {
        "en": "create the kind cluster and install KFP (skips what exists), wait until ready",
        "ko": "kind 클러스터를 만들고 KFP를 설치한 뒤(있는 것은 건너뜀) 준비될 때까지 기다립니다",
    },
    "help_cluster_down": {"en": "delete the kind cluster", "ko": "kind 클러스터를 지웁니다"},
    "help_cluster_status": {
        "en": "is the cluster running, how many KFP pods are ready",
        "ko": "클러스터가 실행 중인지, 준비된 KFP Pod가 몇 개인지 보여 줍니다",
    },
    "help_cluster_port_forward": {
        "en": "forward {local} to the KFP UI (clusters not made by 'up')",
        "ko": "{local}(을) 클러스터의 KFP UI로 포워딩합니다 ('up'으로 만들지 않은 클러스터용)",
    },
    "help_cluster_preload": {
        "en": "pull cluster/images.txt and load the images into kind (slow networks)",
        "ko": "cluster/images.txt의 이미지를 받아 kind에 올립니다 (느린 네트워크용)",
    },
    "help_cluster_check_images": {
        "en": "compare cluster/images.txt with the images of the pinned KFP manifests (needs network)",
        "ko": "cluster/images.txt와 고정한 KFP 매니페스트의 이미지를 비교합니다 (네트워크 필요)",
    },
    "help_cluster_command": {"en": "cluster command", "ko": "클러스터 명령"},
}

ERRORS: dict[str, dict[str, str]] = {
    "usage_hint": {
        "en": "Run '{prog} --help' for the options.",
        "ko": "옵션은 '{prog} --help'로 확인하세요.",
    },
    "interrupted": {"en": "Interrupted.", "ko": "중단했습니다."},
    "lesson_and_all": {
        "en": "Give a lesson ({target}) or --all, not both.",
        "ko": "수업({target})과 --all 중 하나만 지정하세요.",
    },
    "pipeline_with_all": {
        "en": "--pipeline picks one pipeline of one lesson; it cannot go with --all. "
        "Name the lesson instead: kfp-tutorial {command} LESSON --pipeline {pipeline}",
        "ko": "--pipeline은 수업 하나의 Pipeline 하나를 고르므로 --all과 함께 쓸 수 없습니다. "
        "수업을 지정하세요: kfp-tutorial {command} 수업 --pipeline {pipeline}",
    },
    "pipeline_with_file": {
        "en": "--pipeline is for lessons. For a file, write the function after a colon: "
        "{path}:{pipeline}",
        "ko": "--pipeline은 수업에만 씁니다. 파일이라면 콜론 뒤에 함수 이름을 쓰세요: {path}:{pipeline}",
    },
    "pipeline_with_compiled": {
        "en": "--pipeline is for lessons; {path} is one compiled pipeline already.",
        "ko": "--pipeline은 수업에만 씁니다. {path}(은) 이미 컴파일한 Pipeline 하나입니다.",
    },
    "os_error": {
        "en": "{path}: {error}. Check the path you gave (its length, its folders, permissions).",
        "ko": "{path}: {error}. 지정한 경로(길이, 폴더, 권한)를 확인하세요.",
    },
    "did_you_mean": {"en": "(did you mean {options}?)", "ko": "({options}(을) 말한 건가요?)"},
    "cluster_only_options": {
        "en": "These options only matter for a run on a cluster, and no cluster was named: "
        "{options}. Add --host URL (or export KFP_HOST=URL), or leave them out to run locally.",
        "ko": "다음 옵션은 클러스터에서 실행할 때만 쓰는데, 클러스터를 지정하지 않았습니다: "
        "{options}. --host URL을 붙이거나(또는 export KFP_HOST=URL) 로컬에서 실행하려면 이 "
        "옵션을 빼세요.",
    },
    "target_is_folder": {
        "en": "{path} is a folder. Give a file in it (path/to/file.py[:func] or a compiled "
        "pipeline.yaml) or a lesson name.",
        "ko": "{path}(은) 폴더입니다. 그 안의 파일(path/to/file.py[:func]이나 컴파일한 "
        "pipeline.yaml)이나 수업 이름을 주세요.",
    },
    "arg_unknown_everywhere": {
        "en": "No selected pipeline has a parameter {name!r}. Parameters: {valid}.",
        "ko": (
            "선택한 Pipeline 가운데 '{name}' 매개변수가 있는 것이 없습니다. 쓸 수 있는 매개변수: "
            "{valid}."
        ),
    },
    "compile_one_file_many": {
        "en": "-o {path} is one file, but {count} {count:pipeline|pipelines} would be compiled "
        "({names}). Give a folder, or pick one with --pipeline.",
        "ko": "-o {path}(은) 파일 하나인데 컴파일할 Pipeline은 {count}개입니다 ({names}). "
        "폴더를 지정하거나 --pipeline으로 하나를 고르세요.",
    },
    "bad_func_name": {
        "en": "{func!r} after the colon in {target!r} is not a Python name. "
        "Write path/to/file.py:pipeline_func.",
        "ko": "{target!r}에서 콜론 뒤의 {func!r}(은) Python 이름이 아닙니다. "
        "path/to/file.py:pipeline_func 형식으로 쓰세요.",
    },
    "list_pipelines_column": {"en": "pipelines", "ko": "Pipeline"},
}

i18n.register_messages(HELP)
i18n.register_messages(ERRORS)

"""Every message the run report shows, in English and Korean side by side.

Imported by the report's modules (model, render, command); importing it is cheap.
Used in: lessons 04, 05, 06 (and every lesson's ``--report``).
"""

from __future__ import annotations

from kfp_tutorial import i18n

i18n.register_messages(
    {
        "report_title": {"en": "Run report: {pipeline}", "ko": "실행 리포트: {pipeline}"},
        "report_graph": {"en": "Graph", "ko": "그래프"},
        "report_tasks": {"en": "Tasks", "ko": "태스크"},
        "report_visualizations": {"en": "Visualizations", "ko": "시각화"},
        "report_run_output": {"en": "Run output", "ko": "실행 출력"},
        "report_config": {"en": "Config", "ko": "설정"},
        "report_inputs": {"en": "Inputs", "ko": "입력"},
        "report_outputs": {"en": "Outputs", "ko": "출력"},
        "report_logs": {"en": "Logs", "ko": "로그"},
        "report_no_inputs": {"en": "No inputs.", "ko": "입력이 없습니다."},
        "report_no_outputs": {"en": "No outputs.", "ko": "출력이 없습니다."},
        "report_no_log": {"en": "No log.", "ko": "로그가 없습니다."},
        "report_log_cut": {
            "en": "(log cut to its last {chars} characters)",
            "ko": "(로그가 길어 마지막 {chars}자만 표시합니다)",
        },
        "report_name": {"en": "Name", "ko": "이름"},
        "report_value": {"en": "Value", "ko": "값"},
        "report_type": {"en": "Type", "ko": "타입"},
        "report_default": {"en": "Default", "ko": "기본값"},
        "report_task": {"en": "Task", "ko": "태스크"},
        "report_status": {"en": "Status", "ko": "상태"},
        "report_duration": {"en": "Duration", "ko": "소요 시간"},
        "report_seconds": {"en": "{seconds:.2f} s", "ko": "{seconds:.2f}초"},
        "report_summary": {
            "en": "{seconds:.2f} s · {count} {count:task|tasks}",
            "ko": "{seconds:.2f}초 · 태스크 {count}개",
        },
        "report_artifact": {"en": "Artifact", "ko": "Artifact"},
        "report_metric": {"en": "Metric", "ko": "메트릭"},
        "report_uri": {"en": "URI", "ko": "URI"},
        "report_metadata": {"en": "Metadata", "ko": "메타데이터"},
        "report_content": {"en": "Content", "ko": "내용"},
        "report_missing_file": {
            "en": "no file here: the task did not write it, or the run folder was moved",
            "ko": "파일이 없습니다. 태스크가 쓰지 않았거나 실행 폴더가 옮겨졌습니다",
        },
        "report_see": {"en": "metadata only; shown in", "ko": "메타데이터만 있음. 표시 위치:"},
        "report_binary": {
            "en": "binary file, {size} {size:byte|bytes}",
            "ko": "바이너리 파일, {size}바이트",
        },
        "report_file_size": {"en": "({size} {size:byte|bytes} in all)", "ko": "(전체 {size}바이트)"},
        "report_folder": {
            "en": "folder with {count} {count:entry|entries}:",
            "ko": "폴더, 항목 {count}개:",
        },
        "report_not_run": {
            "en": "This task did not run.",
            "ko": "이 태스크는 실행되지 않았습니다.",
        },
        "report_graph_failed": {
            "en": "The graph could not be drawn ({error}); the tasks are listed below.",
            "ko": "그래프를 그리지 못했습니다({error}). 태스크 목록은 아래에 있습니다.",
        },
        "report_no_graph": {
            "en": "No pipeline.yaml in the run folder, so there is no graph.",
            "ko": "실행 폴더에 pipeline.yaml이 없어 그래프를 그릴 수 없습니다.",
        },
        "report_no_visualizations": {
            "en": "This run has no visualizations (no HTML, Markdown, Metrics, "
            "ClassificationMetrics or image artifacts).",
            "ko": "이 실행에는 시각화가 없습니다 (HTML, Markdown, Metrics, "
            "ClassificationMetrics, 이미지 Artifact가 없음).",
        },
        "report_pipeline_outputs": {"en": "Pipeline outputs", "ko": "Pipeline 출력"},
        "report_no_pipeline_outputs": {
            "en": "The pipeline returns nothing.",
            "ko": "이 Pipeline은 값을 반환하지 않습니다.",
        },
        "report_metrics": {"en": "Metrics", "ko": "메트릭"},
        "report_no_metrics": {"en": "No metrics in this run.", "ko": "이 실행에는 메트릭이 없습니다."},
        "report_confusion_matrix": {"en": "Confusion matrix", "ko": "혼동 행렬"},
        "report_actual": {"en": "actual ↓ / predicted →", "ko": "실제 ↓ / 예측 →"},
        "report_roc": {"en": "ROC curve (AUC = {auc:.3f})", "ko": "ROC 곡선 (AUC = {auc:.3f})"},
        "report_fpr": {"en": "False positive rate", "ko": "거짓 양성 비율(FPR)"},
        "report_tpr": {"en": "True positive rate", "ko": "참 양성 비율(TPR)"},
        "report_too_big": {
            "en": "Too big to embed ({size} {size:byte|bytes}): open {path}",
            "ko": "너무 커서 넣지 않았습니다 ({size}바이트): {path} 파일을 여세요",
        },
        "report_run_details": {"en": "Run details", "ko": "실행 정보"},
        "report_parameters": {"en": "Run parameters", "ko": "실행 매개변수"},
        "report_no_parameters": {
            "en": "The pipeline has no parameters.",
            "ko": "이 Pipeline에는 매개변수가 없습니다.",
        },
        "report_pipeline": {"en": "Pipeline", "ko": "Pipeline"},
        "report_description": {"en": "Description", "ko": "설명"},
        "report_started": {"en": "Started", "ko": "시작 시각"},
        "report_task_count": {"en": "Tasks run", "ko": "실행된 태스크 수"},
        "report_run_dir": {"en": "Run folder", "ko": "실행 폴더"},
        "report_ignored": {
            "en": "Settings the local runner ignored",
            "ko": "로컬 러너가 적용하지 않은 설정",
        },
        "report_generated": {
            "en": "Written by kfp-tutorial from the run folder; laid out like the KFP UI's run page.",
            "ko": (
                "kfp-tutorial이 실행 폴더를 읽어 만든 리포트입니다. KFP UI의 실행 화면과 같은 "
                "구성입니다."
            ),
        },
        "report_written": {"en": "Report: {path}", "ko": "리포트: {path}"},
        "report_no_run": {
            "en": "{path} is not a run folder: it has no run.json. Give the folder of one run, "
            "e.g. kfp-tutorial report kfp_runs/<pipeline>-<time>.{hint}",
            "ko": (
                "{path}(은) 실행 폴더가 아닙니다. run.json이 없습니다. 실행 하나의 폴더를 지정하세요. "
                "예: kfp-tutorial report kfp_runs/<pipeline>-<시각>.{hint}"
            ),
        },
        "report_latest_hint": {
            "en": " The latest run in it is {latest}.",
            "ko": " 이 폴더의 가장 최근 실행: {latest}",
        },
        "report_bad_run": {
            "en": "Could not read {path}: {error}. Run the pipeline again to write a new run folder.",
            "ko": "{path} 파일을 읽지 못했습니다: {error}. Pipeline을 다시 실행해 새 실행 폴더를 "
            "만드세요.",
        },
        # Why the run did not succeed (RunResult.reason), shown at the top of the report.
        "report_reason_failure": {"en": "Why the run failed", "ko": "실행이 실패한 이유"},
        "report_reason_cancelled": {"en": "Why the run stopped", "ko": "실행이 멈춘 이유"},
        "report_reason_other": {
            "en": "Why the run is {status}",
            "ko": "실행 상태가 {status}인 이유",
        },
        "report_reason": {"en": "Reason", "ko": "이유"},
        # What is wrong in a run.json (the {error} of report_bad_run).
        "report_bad_json": {
            "en": "it is not valid JSON (line {line}, column {column}: {message})",
            "ko": "올바른 JSON이 아닙니다 ({line}번째 줄, {column}번째 칸: {message})",
        },
        "report_bad_encoding": {
            "en": "it is not UTF-8 text",
            "ko": "UTF-8 텍스트가 아닙니다",
        },
        "report_unreadable": {"en": "it cannot be read ({error})", "ko": "읽을 수 없습니다 ({error})"},
        "report_json_null": {"en": "null", "ko": "null"},
        "report_json_bool": {"en": "true/false", "ko": "true/false"},
        "report_json_number": {"en": "a number", "ko": "숫자"},
        "report_json_string": {"en": "a string", "ko": "문자열"},
        "report_json_list": {"en": "a list", "ko": "리스트"},
        "report_json_object": {"en": "an object", "ko": "객체"},
        "report_not_object": {
            "en": "it holds {kind}, not a JSON object with the fields pipeline, status and tasks",
            "ko": (
                '"pipeline", "status", "tasks" 필드가 있는 JSON 객체가 아니라 {kind} 값이 들어 있습니다'
            ),
        },
        "report_missing_field": {
            "en": 'it has no "{field}" field',
            "ko": '"{field}" 필드가 없습니다',
        },
        "report_wrong_type": {
            "en": 'its "{field}" field is {kind}, it should be {expected}',
            "ko": '"{field}" 필드가 {expected} 값이어야 하는데 {kind} 값입니다',
        },
        "report_bad_task": {
            "en": 'task {index} in "tasks": {problem}',
            "ko": '"tasks"의 {index}번째 태스크: {problem}',
        },
        # `report -o PATH`: where the report cannot be written.
        "report_missing": {
            "en": "{path} does not exist. Give the folder of one run, e.g. kfp-tutorial report "
            "kfp_runs/<pipeline>-<time> (ls kfp_runs lists them).",
            "ko": "{path}(이) 없습니다. 실행 하나의 폴더를 주세요. 예: kfp-tutorial report "
            "kfp_runs/<pipeline>-<시각> (ls kfp_runs로 목록을 볼 수 있습니다).",
        },
        "report_file_given": {
            "en": "{path} is a file; report takes the run's folder: kfp-tutorial report {folder}",
            "ko": "{path}(은) 파일입니다. report에는 실행 폴더를 주세요: kfp-tutorial report {folder}",
        },
        "report_bad_lang": {
            "en": "lang={value!r}: the report speaks {valid}.",
            "ko": "lang={value!r}: 리포트는 {valid}만 지원합니다.",
        },
        "report_no_local_run": {
            "en": "Run {pipeline!r} has no local run folder (it ran on a cluster): there is "
            "nothing to report. Open it in the KFP UI instead.",
            "ko": "'{pipeline}' 실행에는 로컬 실행 폴더가 없습니다 (클러스터에서 실행됨). "
            "리포트 대신 KFP UI에서 확인하세요.",
        },
    }
)

"""A fake Kubeflow Pipelines REST API on 127.0.0.1, held to the real one's definitions.

The real ``kfp.Client`` talks to it over HTTP, so the tests exercise everything from the
SDK's request building to our handling of its answers. Every request is recorded
(method, path, query, headers, body) and checked against the vendored KFP 2.17.0
swagger files in ``tests/data/kfp-api-2.17.0`` (a known path template and method, known
query parameters, a body that fits the schema); every response the fake sends is
validated against the operation's response schema (``$ref`` resolved, enums and types
checked, no field the real API does not have). A mismatch is recorded in
:attr:`FakeKfpApi.violations`, answered with HTTP 599 so the client fails loudly, and the
fixture fails the test at teardown: a fake that drifts from the real API cannot pass.

Used by: tests/cluster/test_submit.py, tests/lessons/test_lesson11_kfp_client.py,
tests/lessons/test_notebooks.py (lesson 11 run against it).
"""

from __future__ import annotations

import copy
import datetime
import email.parser
import email.policy
import http.server
import itertools
import json
import re
import threading
import urllib.parse
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jsonschema
import yaml

SWAGGER_DIR = Path(__file__).parent / "data" / "kfp-api-2.17.0"
FINAL = ("SUCCEEDED", "FAILED", "SKIPPED", "CANCELED")
DRIFT_STATUS = 599  # what the fake answers when it catches itself (or the client) off the spec


@dataclass
class Operation:
    """One method on one path template of the swagger."""

    method: str
    template: str
    operation_id: str
    regex: re.Pattern[str]
    params: dict[str, dict[str, Any]]  # by name: the swagger parameter
    responses: dict[str, Any]


@dataclass
class Request:
    """One request as the fake received it."""

    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    body: Any
    operation: str = ""  # operationId, "" when the path is not in the swagger

    def header(self, name: str) -> str | None:
        for key, value in self.headers.items():
            if key.lower() == name.lower():
                return value
        return None


def _strict(schema: Any) -> Any:
    """Objects with declared properties allow no others (so invented fields are caught)."""
    if isinstance(schema, dict):
        out = {key: _strict(value) for key, value in schema.items()}
        if out.get("type") == "object" and "properties" in out and "additionalProperties" not in out:
            out["additionalProperties"] = False
        if "$ref" in out:  # draft 4: a $ref ignores its siblings ("type": "object" next to it)
            return {"$ref": out["$ref"]}
        return out
    if isinstance(schema, list):
        return [_strict(item) for item in schema]
    return schema


def _lenient_int64(schema: Any) -> Any:
    """grpc-gateway accepts an int64 field as a JSON number or string (the SDK sends numbers)."""
    if isinstance(schema, dict):
        if schema.get("type") == "string" and schema.get("format") in ("int64", "uint64"):
            return {"type": ["string", "integer"]}
        return {key: _lenient_int64(value) for key, value in schema.items()}
    if isinstance(schema, list):
        return [_lenient_int64(item) for item in schema]
    return schema


class Swagger:
    """The vendored REST definitions: operations and a validator for their schemas."""

    def __init__(self, folder: Path = SWAGGER_DIR) -> None:
        self.operations: list[Operation] = []
        self.definitions: dict[str, Any] = {}
        for path in sorted(folder.glob("*.swagger.json")):
            doc = json.loads(path.read_text(encoding="utf-8"))
            self.definitions.update(doc.get("definitions", {}))
            for template, ops in doc.get("paths", {}).items():
                pattern = re.sub(r"\\\{[^}]+\\\}", "([^/:]+)", re.escape(template))
                for method, op in ops.items():
                    self.operations.append(
                        Operation(
                            method.upper(),
                            template,
                            op["operationId"],
                            re.compile(pattern + "$"),
                            {p["name"]: p for p in op.get("parameters", [])},
                            op["responses"],
                        )
                    )
        self._strict_defs = _strict(self.definitions)
        self._request_defs = _lenient_int64(self._strict_defs)

    def match(self, method: str, path: str) -> Operation | None:
        for op in self.operations:
            if op.method == method and op.regex.match(path):
                return op
        return None

    def _errors(self, schema: Any, instance: Any, definitions: dict[str, Any]) -> list[str]:
        full = {**_strict(schema), "definitions": definitions}
        validator = jsonschema.Draft4Validator(full)
        return [
            f"{'/'.join(str(p) for p in error.absolute_path) or '<root>'}: {error.message}"
            for error in validator.iter_errors(instance)
        ]

    def response_errors(self, op: Operation, status: int, body: Any) -> list[str]:
        """Why ``body`` is not a valid ``status`` answer of ``op`` (empty list: it is)."""
        spec = op.responses.get(str(status)) or op.responses.get("default")
        if spec is None:
            return [f"{op.operation_id}: no response {status} in the swagger"]
        return self._errors(spec.get("schema", {}), body, self._strict_defs)

    def request_errors(self, op: Operation, request: Request) -> list[str]:
        """Why ``request`` is not what ``op`` accepts (unknown query parameters, a bad body)."""
        errors = []
        for name in request.query:
            param = op.params.get(name)
            if param is None or param["in"] != "query":
                errors.append(f"{op.operation_id}: unknown query parameter {name!r}")
        for param in op.params.values():
            if param["in"] == "body" and isinstance(request.body, (dict, list)):
                errors += [
                    f"{op.operation_id} body: {e}"
                    for e in self._errors(param["schema"], request.body, self._request_defs)
                ]
        return errors


SWAGGER = Swagger()


def _now() -> str:
    return datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _root_tasks(spec: dict[str, Any]) -> list[tuple[str, list[str]]]:
    """The top-level tasks of a pipeline spec, each with its output artifact names."""
    tasks = []
    components = spec.get("components", {})
    for name, task in spec.get("root", {}).get("dag", {}).get("tasks", {}).items():
        ref = task.get("componentRef", {}).get("name", "")
        artifacts = components.get(ref, {}).get("outputDefinitions", {}).get("artifacts", {})
        tasks.append((name, sorted(artifacts)))
    return tasks


class FakeKfpApi:
    """The fake server: an in-memory KFP with experiments, pipelines, versions, runs, schedules.

    ``prefix`` puts the API under a path (``/pipeline``, as a full Kubeflow does).
    ``token`` / ``cookie``: requests without ``Authorization: Bearer TOKEN`` get 401 /
    without the cookie get a 302 to a Dex login page, as an Istio + oauth2-proxy gateway
    answers. ``multi_user``: healthz says so and listing without a namespace is refused.
    A run's states follow ``run_states`` (one per ``get_run``); ``final_state`` maps a
    pipeline name to how its runs end (default ``SUCCEEDED``).
    """

    def __init__(
        self,
        *,
        prefix: str = "",
        token: str | None = None,
        cookie: str | None = None,
        forbidden: bool = False,
        multi_user: bool = False,
        run_states: tuple[str, ...] = ("PENDING", "RUNNING"),
    ) -> None:
        self.prefix = prefix.rstrip("/")
        self.token = token
        self.cookie = cookie
        self.forbidden = forbidden
        self.multi_user = multi_user
        self.run_states = run_states
        self.final_state: dict[str, str] = {}
        self.requests: list[Request] = []
        self.violations: list[str] = []
        self.experiments: dict[str, dict[str, Any]] = {}
        self.pipelines: dict[str, dict[str, Any]] = {}
        self.versions: dict[str, dict[str, Any]] = {}  # by version id
        self.specs: dict[str, dict[str, Any]] = {}  # pipeline spec by version id
        self.runs: dict[str, dict[str, Any]] = {}
        self.recurring_runs: dict[str, dict[str, Any]] = {}
        self._progress: dict[str, list[str]] = {}
        self._ids = itertools.count(1)
        # A hook to corrupt a response on purpose: (operation id, body) -> body.
        self.tamper: Callable[[str, Any], Any] | None = None
        self._lock = threading.Lock()
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), self._handler_class())
        # a short poll: shutdown() waits for it, and every test that uses the fake stops one
        self._thread = threading.Thread(target=self.server.serve_forever, args=(0.02,), daemon=True)

    # --- lifecycle ---------------------------------------------------------------------

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}{self.prefix}"

    def start(self) -> FakeKfpApi:
        self._thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def __enter__(self) -> FakeKfpApi:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def calls(self) -> list[str]:
        """The operation ids received, in order (``HealthzService_GetHealthz``, ...)."""
        return [r.operation or f"{r.method} {r.path}" for r in self.requests]

    def last(self, operation: str) -> Request:
        return [r for r in self.requests if r.operation == operation][-1]

    def _id(self, kind: str) -> str:
        return f"{kind}-{next(self._ids)}"

    # --- the API -----------------------------------------------------------------------

    def _error(self, status: int, message: str) -> tuple[int, Any]:
        return status, {"code": {400: 3, 404: 5}.get(status, 2), "message": message}

    def _namespace_needed(self, req: Request, namespace: str | None) -> tuple[int, Any] | None:
        if self.multi_user and not namespace:
            return self._error(400, "In multi-user mode, a namespace is required")
        return None

    def _filtered(self, items: list[dict[str, Any]], req: Request) -> list[dict[str, Any]]:
        raw = (req.query.get("filter") or [""])[0]
        if not raw:
            return items
        for pred in json.loads(raw).get("predicates", []):
            key, value = pred.get("key"), pred.get("string_value", pred.get("stringValue"))
            if key == "name":
                key = "display_name"
            items = [item for item in items if str(item.get(key, "")) == str(value)]
        return items

    def _advance(self, run: dict[str, Any]) -> None:
        steps = self._progress.get(run["run_id"])
        if steps is None or run["state"] in FINAL:
            return
        state = steps.pop(0) if steps else self.final_state.get(run["_pipeline"], "SUCCEEDED")
        run["state"] = state
        tasks = []
        for index, (name, outputs) in enumerate(run["_tasks"]):
            task_state = state
            if state == "FAILED":
                task_state = "FAILED" if index == 0 else "SKIPPED"
            detail: dict[str, Any] = {
                "run_id": run["run_id"],
                "task_id": f"{run['run_id']}-task-{index}",
                "display_name": name,
                "create_time": run["created_at"],
                "state": "PENDING" if state == "PENDING" else task_state,
                "pod_name": f"{run['_pipeline']}-{index}",
            }
            if state in FINAL and outputs:
                detail["outputs"] = {out: {"artifact_ids": [str(100 + index)]} for out in outputs}
            tasks.append(detail)
        tasks.append(
            {"run_id": run["run_id"], "task_id": "root", "display_name": "root", "state": state}
        )
        run["run_details"] = {"task_details": tasks}
        if state in FINAL:
            run["finished_at"] = _now()
            if state == "FAILED":
                run["error"] = {"code": 2, "message": f"task {run['_tasks'][0][0]} failed"}

    def _public(self, run: dict[str, Any]) -> dict[str, Any]:
        return {key: value for key, value in run.items() if not key.startswith("_")}

    def _new_run(self, body: dict[str, Any], recurring: str | None = None) -> dict[str, Any]:
        spec = body.get("pipeline_spec")
        ref = body.get("pipeline_version_reference") or {}
        if spec is None and ref:
            spec = self.specs.get(ref.get("pipeline_version_id", ""))
            if spec is None:  # pipeline id alone: its newest version
                own = [v for v in self.versions.values() if v["pipeline_id"] == ref.get("pipeline_id")]
                spec = self.specs.get(own[-1]["pipeline_version_id"]) if own else None
        spec = spec or {}
        run_id = self._id("run")
        run: dict[str, Any] = {
            "run_id": run_id,
            "display_name": body.get("display_name", run_id),
            "experiment_id": body.get("experiment_id") or self._default_experiment(),
            "storage_state": "AVAILABLE",
            "runtime_config": body.get("runtime_config", {}),
            "created_at": _now(),
            "scheduled_at": _now(),
            "state": "PENDING",
            "_pipeline": spec.get("pipelineInfo", {}).get("name", ""),
            "_tasks": _root_tasks(spec),
        }
        if body.get("pipeline_spec") is not None:
            run["pipeline_spec"] = body["pipeline_spec"]
        if ref:
            run["pipeline_version_reference"] = ref
        if recurring:
            run["recurring_run_id"] = recurring
        self.runs[run_id] = run
        self._progress[run_id] = list(self.run_states)
        return run

    def _default_experiment(self) -> str:
        for exp in self.experiments.values():
            if exp["display_name"] == "Default":
                return str(exp["experiment_id"])
        exp = {"experiment_id": self._id("exp"), "display_name": "Default", "storage_state": "AVAILABLE"}
        self.experiments[exp["experiment_id"]] = exp
        return str(exp["experiment_id"])

    def _upload(self, req: Request, version_of: str | None) -> tuple[int, Any]:
        name = (req.query.get("name") or req.query.get("display_name") or ["pipeline"])[0]
        text = req.body.get("uploadfile", "") if isinstance(req.body, dict) else ""
        spec = yaml.safe_load(text) if text else {}
        if version_of is None:
            if any(p["display_name"] == name for p in self.pipelines.values()):
                return self._error(409, f"pipeline {name!r} already exists")
            pipeline_id = self._id("pipeline")
            self.pipelines[pipeline_id] = {
                "pipeline_id": pipeline_id,
                "display_name": name,
                "description": (req.query.get("description") or [""])[0],
                "created_at": _now(),
            }
            namespace = (req.query.get("namespace") or [""])[0]
            if namespace:
                self.pipelines[pipeline_id]["namespace"] = namespace
        else:
            pipeline_id = version_of
            if pipeline_id not in self.pipelines:
                return self._error(404, f"no pipeline {pipeline_id}")
        version_id = self._id("version")
        self.versions[version_id] = {
            "pipeline_id": pipeline_id,
            "pipeline_version_id": version_id,
            "display_name": name,
            "created_at": _now(),
            "pipeline_spec": spec,
        }
        self.specs[version_id] = spec
        if version_of is None:
            return 200, self.pipelines[pipeline_id]
        return 200, self.versions[version_id]

    def handle(self, op: Operation, req: Request, args: list[str]) -> tuple[int, Any]:  # noqa: C901
        """Answer one request that matched ``op`` (path parameters in ``args``)."""
        oid = op.operation_id
        q = {key: values[0] for key, values in req.query.items()}
        body = req.body if isinstance(req.body, dict) else {}
        if oid == "HealthzService_GetHealthz":
            return 200, {"multi_user": self.multi_user, "pipeline_store": "database"}
        if oid == "ExperimentService_CreateExperiment":
            if refusal := self._namespace_needed(req, body.get("namespace")):
                return refusal
            exp = {
                "experiment_id": self._id("exp"),
                "display_name": body["display_name"],
                "created_at": _now(),
                "storage_state": "AVAILABLE",
            }
            for key in ("description", "namespace"):
                if body.get(key):
                    exp[key] = body[key]
            self.experiments[exp["experiment_id"]] = exp
            return 200, exp
        if oid == "ExperimentService_ListExperiments":
            if refusal := self._namespace_needed(req, q.get("namespace")):
                return refusal
            items = self._filtered(list(self.experiments.values()), req)
            return 200, ({"experiments": items, "total_size": len(items)} if items else {})
        if oid == "ExperimentService_GetExperiment":
            exp = self.experiments.get(args[0])
            return (200, exp) if exp else self._error(404, f"no experiment {args[0]}")
        if oid == "PipelineService_ListPipelines":
            items = self._filtered(list(self.pipelines.values()), req)
            return 200, ({"pipelines": items, "total_size": len(items)} if items else {})
        if oid == "PipelineService_GetPipeline":
            pipe = self.pipelines.get(args[0])
            return (200, pipe) if pipe else self._error(404, f"no pipeline {args[0]}")
        if oid == "PipelineService_ListPipelineVersions":
            items = [v for v in self.versions.values() if v["pipeline_id"] == args[0]]
            return 200, ({"pipeline_versions": items, "total_size": len(items)} if items else {})
        if oid == "PipelineService_GetPipelineVersion":
            version = self.versions.get(args[1])
            return (200, version) if version else self._error(404, f"no version {args[1]}")
        if oid == "UploadPipeline":
            return self._upload(req, None)
        if oid == "UploadPipelineVersion":
            return self._upload(req, q.get("pipelineid"))
        if oid == "RunService_CreateRun":
            return 200, self._public(self._new_run(body))
        if oid == "RunService_GetRun":
            run = self.runs.get(args[0])
            if run is None:
                return self._error(404, f"no run {args[0]}")
            self._advance(run)
            return 200, self._public(run)
        if oid == "RunService_ListRuns":
            if refusal := self._namespace_needed(req, q.get("namespace") or q.get("experiment_id")):
                return refusal
            runs = list(self.runs.values())
            if q.get("experiment_id"):
                runs = [r for r in runs if r["experiment_id"] == q["experiment_id"]]
            runs = self._filtered(runs, req)
            if q.get("sort_by") == "created_at desc":
                runs = runs[::-1]
            if q.get("page_size"):
                runs = runs[: int(q["page_size"])]
            items = [self._public(r) for r in runs]
            return 200, ({"runs": items, "total_size": len(items)} if items else {})
        if oid in ("RunService_ArchiveRun", "RunService_UnarchiveRun"):
            run = self.runs.get(args[0])
            if run is None:
                return self._error(404, f"no run {args[0]}")
            run["storage_state"] = "ARCHIVED" if oid == "RunService_ArchiveRun" else "AVAILABLE"
            return 200, {}
        if oid == "RecurringRunService_CreateRecurringRun":
            rid = self._id("recurring")
            rec = {
                key: copy.deepcopy(body[key])
                for key in (
                    "display_name",
                    "description",
                    "pipeline_spec",
                    "pipeline_version_reference",
                    "runtime_config",
                    "trigger",
                    "mode",
                    "experiment_id",
                    "no_catchup",
                )
                if body.get(key) is not None
            }
            rec.update(
                recurring_run_id=rid,
                max_concurrency=str(body.get("max_concurrency", 1)),
                status="ENABLED" if body.get("mode") == "ENABLE" else "DISABLED",
                created_at=_now(),
                updated_at=_now(),
            )
            for schedule in rec.get("trigger", {}).values():
                if "interval_second" in schedule:
                    schedule["interval_second"] = str(schedule["interval_second"])
            self.recurring_runs[rid] = rec
            return 200, rec
        if oid == "RecurringRunService_GetRecurringRun":
            rec = self.recurring_runs.get(args[0])
            return (200, rec) if rec else self._error(404, f"no recurring run {args[0]}")
        if oid == "RecurringRunService_ListRecurringRuns":
            items = list(self.recurring_runs.values())
            if q.get("experiment_id"):
                items = [r for r in items if r.get("experiment_id") == q["experiment_id"]]
            return 200, ({"recurringRuns": items, "total_size": len(items)} if items else {})
        if oid in ("RecurringRunService_DisableRecurringRun", "RecurringRunService_EnableRecurringRun"):
            rec = self.recurring_runs.get(args[0])
            if rec is None:
                return self._error(404, f"no recurring run {args[0]}")
            enable = oid.endswith("EnableRecurringRun")
            rec["mode"], rec["status"] = ("ENABLE", "ENABLED") if enable else ("DISABLE", "DISABLED")
            rec["updated_at"] = _now()
            return 200, {}
        return self._error(501, f"the fake does not implement {oid}")

    def fire(self, recurring_run_id: str) -> str:
        """What the scheduler does at a trigger: start a run of the recurring run (id back)."""
        rec = self.recurring_runs[recurring_run_id]
        run = self._new_run(rec, recurring=recurring_run_id)
        return str(run["run_id"])

    # --- HTTP --------------------------------------------------------------------------

    def _gateway(self, req: Request) -> tuple[int, dict[str, str], bytes] | None:
        """What a Kubeflow gateway (Istio, oauth2-proxy, Dex) answers before the API server."""
        if self.cookie is not None and self.cookie not in (req.header("Cookie") or ""):
            if self.token is None or req.header("Authorization") != f"Bearer {self.token}":
                location = "/dex/auth?client_id=kubeflow-oidc-authservice&redirect_uri=%2Flogin%2Foidc"
                return 302, {"Location": location}, b""
        elif self.token is not None and req.header("Authorization") != f"Bearer {self.token}":
            return 401, {"Content-Type": "text/plain"}, b"Jwt is missing"
        if self.forbidden:
            return 403, {"Content-Type": "text/plain"}, b"RBAC: access denied"
        return None

    def _serve(self, method: str, raw_path: str, headers: dict[str, str], raw: bytes) -> Any:
        parsed = urllib.parse.urlparse(raw_path)
        path = urllib.parse.unquote(parsed.path)
        query = urllib.parse.parse_qs(parsed.query)
        content_type = headers.get("Content-Type", headers.get("content-type", ""))
        body: Any = None
        if raw and content_type.startswith("multipart/form-data"):
            message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(
                f"Content-Type: {content_type}\r\n\r\n".encode() + raw
            )
            body = {
                part.get_param("name", header="content-disposition"): part.get_payload(
                    decode=True
                ).decode("utf-8")
                for part in message.iter_parts()  # type: ignore[attr-defined]
            }
        elif raw:
            body = json.loads(raw)
        req = Request(method, path, query, headers, body)
        with self._lock:
            self.requests.append(req)
            gateway = self._gateway(req)
            if gateway is not None:
                return gateway
            if self.prefix and not path.startswith(self.prefix + "/"):
                return 404, {"Content-Type": "text/plain"}, b"404 page not found"
            api_path = path[len(self.prefix) :]
            op = SWAGGER.match(method, api_path)
            if op is None:
                self.violations.append(f"{method} {api_path}: no such path and method in the swagger")
                return (
                    DRIFT_STATUS,
                    {"Content-Type": "application/json"},
                    b'{"message": "not in swagger"}',
                )
            req.operation = op.operation_id
            problems = SWAGGER.request_errors(op, req)
            status, answer = self.handle(op, req, list(op.regex.match(api_path).groups()))  # type: ignore[union-attr]
            if self.tamper is not None:
                answer = self.tamper(op.operation_id, answer)
            problems += [
                f"{op.operation_id} response: {e}" for e in SWAGGER.response_errors(op, status, answer)
            ]
            if problems:
                self.violations += problems
                status = DRIFT_STATUS
            return status, {"Content-Type": "application/json"}, json.dumps(answer).encode()

    def _handler_class(self) -> type[http.server.BaseHTTPRequestHandler]:
        api = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def _any(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length) if length else b""
                status, headers, body = api._serve(self.command, self.path, dict(self.headers), raw)
                self.send_response(status)
                for key, value in headers.items():
                    self.send_header(key, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            do_GET = do_POST = do_DELETE = do_PATCH = _any  # noqa: N815

            def log_message(self, *args: object) -> None:
                pass

        return Handler


def serve(**kwargs: Any) -> Iterator[FakeKfpApi]:
    """A fixture body: one started fake, stopped after the test, which fails on any drift."""
    with FakeKfpApi(**kwargs) as api:
        yield api
    assert api.violations == [], "the fake KFP API drifted from the 2.17.0 swagger"

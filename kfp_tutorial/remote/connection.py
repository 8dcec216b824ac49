"""Where Kubeflow Pipelines is and how to get in: host, namespace, token, cookie.

A standalone KFP (the course's kind cluster) needs only a host. A full, multi-user
Kubeflow puts KFP behind a login under ``https://HOST/pipeline`` and keeps each
user's runs in a namespace (their profile), so a client also needs:

- ``--namespace`` / ``$KFP_NAMESPACE`` (inside a Kubeflow notebook server: the pod's own
  namespace, which ``kfp.Client`` finds by itself);
- a bearer token: ``--token`` / ``$KFP_TOKEN``, or, inside a Kubeflow notebook server, the
  ServiceAccount token mounted at ``$KF_PIPELINES_SA_TOKEN_PATH`` (default
  ``/var/run/secrets/kubeflow/pipelines/token``), which is re-read before every request;
- or the session cookie of a Dex login (``--cookie`` / ``$KFP_COOKIE``, e.g.
  ``authservice_session=...`` or ``oauth2_proxy_kubeflow=...``, copied from the browser).

Every value remembers where it came from, so a message about the host can say
"(from $KFP_HOST)". Used in: lesson 09, lesson 11, ``kfp-tutorial run --host`` and ``upload``.
"""

from __future__ import annotations

import argparse
import os
import urllib.parse
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from kfp_tutorial import i18n
from kfp_tutorial.errors import TutorialError
from kfp_tutorial.versions import LOCAL_UI

HOST_ENV = "KFP_HOST"
NAMESPACE_ENV = "KFP_NAMESPACE"
TOKEN_ENV = "KFP_TOKEN"
COOKIE_ENV = "KFP_COOKIE"
# kfp.client.KF_PIPELINES_SA_TOKEN_ENV / KF_PIPELINES_SA_TOKEN_PATH, written here so that
# reading the options does not import kfp.
SA_TOKEN_ENV = "KF_PIPELINES_SA_TOKEN_PATH"
SA_TOKEN_PATH = "/var/run/secrets/kubeflow/pipelines/token"

i18n.register_messages(
    {
        "help_connection_host": {
            "en": "the Kubeflow Pipelines at this URL, e.g. {local}, or https://HOST/pipeline for a "
            "full Kubeflow (default: $KFP_HOST)",
            "ko": "이 주소의 Kubeflow Pipelines에 연결합니다. 예: {local}, 전체 Kubeflow라면 "
            "https://HOST/pipeline (기본값: $KFP_HOST)",
        },
        "help_connection_namespace": {
            "en": "multi-user Kubeflow: your profile's namespace (default: $KFP_NAMESPACE)",
            "ko": "다중 사용자 Kubeflow에서 쓸 내 프로필의 네임스페이스 (기본값: $KFP_NAMESPACE)",
        },
        "help_connection_token": {
            "en": "a bearer token for the KFP API (default: $KFP_TOKEN, or the in-cluster "
            "ServiceAccount token at $KF_PIPELINES_SA_TOKEN_PATH)",
            "ko": "KFP API에 보낼 bearer 토큰 (기본값: $KFP_TOKEN, 클러스터 안에서는 "
            "$KF_PIPELINES_SA_TOKEN_PATH의 ServiceAccount 토큰)",
        },
        "help_connection_cookie": {
            "en": "a Dex login's session cookie, NAME=VALUE, copied from the browser "
            "(default: $KFP_COOKIE)",
            "ko": "브라우저에서 복사한 Dex 로그인 세션 쿠키, NAME=VALUE 형식 (기본값: $KFP_COOKIE)",
        },
        "bad_host": {
            "en": "{host!r} is not a KFP address{source}. Use one like {local}, or "
            "https://kubeflow.example.com/pipeline for a full Kubeflow.",
            "ko": (
                "'{host}'{source}(은) KFP 주소가 아닙니다. {local}처럼 쓰거나, 전체 Kubeflow라면 "
                "https://kubeflow.example.com/pipeline처럼 지정하세요."
            ),
        },
        "from_option": {"en": " (from {name})", "ko": " ({name}에서 읽음)"},
        "token_file_missing": {
            "en": "${env} names the token file {path}, which cannot be read ({error}). Inside a "
            "Kubeflow notebook server it is mounted by the PodDefault 'access-ml-pipeline'; "
            "elsewhere give a token with --token or $KFP_TOKEN.",
            "ko": "${env}에 지정된 토큰 파일 {path}(을) 읽을 수 없습니다 ({error}). Kubeflow 노트북 "
            "서버에서는 PodDefault 'access-ml-pipeline'이 이 파일을 마운트합니다. 다른 곳에서는 "
            "--token이나 $KFP_TOKEN으로 토큰을 지정하세요.",
        },
    }
)


@dataclass(frozen=True)
class Connection:
    """A KFP address with its credentials, each with where it came from ("--host", "$KFP_HOST")."""

    host: str
    host_source: str = ""
    namespace: str | None = None
    namespace_source: str = ""
    token: str | None = None
    token_source: str = ""
    token_path: str | None = None  # an in-cluster ServiceAccount token file, re-read per request
    cookie: str | None = None
    cookie_source: str = ""

    @property
    def label(self) -> str:
        """The host for messages: ``http://x (from $KFP_HOST)`` when it came from the environment."""
        if self.host_source.startswith("$"):
            return self.host + i18n.t("from_option", name=self.host_source)
        return self.host

    @property
    def authenticated(self) -> bool:
        return bool(self.token or self.token_path or self.cookie)

    def headers(self) -> dict[str, str]:
        """The headers kfp.Client will send: for our own first request (healthz)."""
        headers: dict[str, str] = {}
        token = self.token
        if token is None and self.token_path:
            token = read_token(self.token_path)
        if token:
            headers["Authorization"] = f"Bearer {token}"
        if self.cookie:
            headers["Cookie"] = self.cookie
        return headers

    def client_kwargs(self) -> dict[str, Any]:
        """Keyword arguments for ``kfp.Client(**...)`` (no namespace: pass it to each call)."""
        kwargs: dict[str, Any] = {"host": self.host}
        if self.token:
            kwargs["existing_token"] = self.token
        elif self.token_path:
            from kfp.client.set_volume_credentials import ServiceAccountTokenVolumeCredentials

            kwargs["credentials"] = ServiceAccountTokenVolumeCredentials(self.token_path)
        if self.cookie:
            kwargs["cookies"] = self.cookie
        return kwargs

    def settings(self) -> list[str]:
        """What is set and from where, without the secrets: for the authentication message."""
        lines = [f"host={self.host} ({self.host_source or '-'})"]
        if self.namespace:
            lines.append(f"namespace={self.namespace} ({self.namespace_source})")
        if self.token or self.token_path:
            lines.append(f"token ({self.token_source})")
        if self.cookie:
            lines.append(f"cookie ({self.cookie_source})")
        return lines


def read_token(path: str) -> str:
    """The token in ``path`` (an in-cluster ServiceAccount token), or a clear error."""
    try:
        with open(path, encoding="utf-8") as handle:
            return handle.read().strip()
    except OSError as exc:
        raise TutorialError("token_file_missing", env=SA_TOKEN_ENV, path=path, error=exc) from None


def normalize_host(host: str, source: str = "") -> str:
    """``localhost:8080/`` → ``http://localhost:8080``; a path (``/pipeline``) is kept."""
    raw = host
    host = host.strip()
    if "://" not in host:
        host = "http://" + host
    where = i18n.t("from_option", name=source) if source.startswith("$") else ""
    try:
        parsed = urllib.parse.urlparse(host)
        hostname = parsed.hostname
        parsed.port  # noqa: B018  (a port that is not a number raises here)
        if hostname:
            hostname.encode("idna")  # a label too long or not a name: refused here, not later
    except (ValueError, UnicodeError):
        raise TutorialError("bad_host", host=raw, source=where, local=LOCAL_UI) from None
    if parsed.scheme not in ("http", "https") or not hostname:
        raise TutorialError("bad_host", host=raw, source=where, local=LOCAL_UI)
    return host.rstrip("/")


def _pick(
    value: str | None, option: str, env_name: str, env: Mapping[str, str]
) -> tuple[str | None, str]:
    if value:
        return value, option
    from_env = env.get(env_name, "").strip()
    if from_env:
        return from_env, f"${env_name}"
    return None, ""


def resolve_connection(
    host: str | None = None,
    *,
    namespace: str | None = None,
    token: str | None = None,
    cookie: str | None = None,
    host_source: str = "",
    env: Mapping[str, str] | None = None,
) -> Connection | None:
    """Combine explicit values with ``$KFP_HOST``/``$KFP_NAMESPACE``/``$KFP_TOKEN``/``$KFP_COOKIE``.

    Returns None when no host is known anywhere. A token file is used only when no token
    is given and ``$KF_PIPELINES_SA_TOKEN_PATH`` names one, or the default path exists
    (inside a Kubeflow notebook server).
    """
    env = os.environ if env is None else env
    raw_host, source = _pick(host, host_source or "host=", HOST_ENV, env)
    if not raw_host:
        return None
    ns, ns_source = _pick(namespace, "--namespace", NAMESPACE_ENV, env)
    tok, tok_source = _pick(token, "--token", TOKEN_ENV, env)
    token_path = None
    if not tok:
        configured = env.get(SA_TOKEN_ENV, "").strip()
        if configured:
            token_path, tok_source = configured, f"${SA_TOKEN_ENV} ({configured})"
        elif os.path.exists(SA_TOKEN_PATH):
            token_path, tok_source = SA_TOKEN_PATH, SA_TOKEN_PATH
    cook, cook_source = _pick(cookie, "--cookie", COOKIE_ENV, env)
    return Connection(
        host=normalize_host(raw_host, source),
        host_source=source,
        namespace=ns,
        namespace_source=ns_source,
        token=tok,
        token_source=tok_source,
        token_path=token_path,
        cookie=cook,
        cookie_source=cook_source,
    )


class _HostAction(argparse.Action):
    """``--host URL`` given on the command line: remember that it came from there."""

    def __call__(
        self, parser: Any, namespace: argparse.Namespace, values: Any, option: Any = None
    ) -> None:
        setattr(namespace, self.dest, values)
        namespace.host_source = "--host"


def add_connection_arguments(parser: argparse.ArgumentParser) -> None:
    """Add ``--host``, ``--namespace``, ``--token`` and ``--cookie`` (cheap: no kfp import)."""
    env_host = os.environ.get(HOST_ENV, "").strip() or None
    parser.add_argument(
        "--host",
        action=_HostAction,
        default=env_host,
        help=i18n.t("help_connection_host", local=LOCAL_UI),
    )
    parser.set_defaults(host_source=f"${HOST_ENV}" if env_host else "")
    parser.add_argument(
        "--namespace",
        default=None,
        help=i18n.t("help_connection_namespace"),
    )
    parser.add_argument(
        "--token",
        default=None,
        help=i18n.t("help_connection_token"),
    )
    parser.add_argument(
        "--cookie",
        default=None,
        help=i18n.t("help_connection_cookie"),
    )


def connection_from_args(args: argparse.Namespace) -> Connection | None:
    """The connection the command line asked for (None: no host anywhere, a local run)."""
    return resolve_connection(
        getattr(args, "host", None),
        namespace=getattr(args, "namespace", None),
        token=getattr(args, "token", None),
        cookie=getattr(args, "cookie", None),
        host_source=getattr(args, "host_source", "") or "--host",
    )

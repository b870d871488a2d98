"""What makes the server safe to expose, in one ASGI layer around the whole app.

- Writes (anything but GET/HEAD/OPTIONS) need the token when one is set (`Authorization:
  Bearer …` or `X-Communique-Token`), and are refused outright on a read-only server.
- The Host header must be one of the allowed names when a list is given (DNS rebinding).
- Request bodies over `max_body_bytes` get 413, declared or streamed.
- `offset` and `limit` query values must be whole numbers of sane size (never a 500).
- Every response, a 500 included, carries the security headers; an unexpected error becomes a
  plain 500 that says nothing about the inside.

Installed as the outermost of the app's middleware (`app.add_middleware(SecurityLayer,
policy=…)`), so an exception from anywhere inside is answered here, with the headers, before
Starlette's own error handler would answer it without them.
"""
from __future__ import annotations

import hmac
import ipaddress
import json
import logging
import os
from dataclasses import dataclass, field
from urllib.parse import parse_qsl

log = logging.getLogger(__name__)

SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                               "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Resource-Policy": "same-origin",
}
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}
LOOPBACK_NAMES = ["127.0.0.1", "localhost", "::1"]
MAX_QUERY_NUMBER = 1_000_000_000
NUMERIC_PARAMS = ("offset", "limit")


def _env_int(name: str, default: int) -> int:
    try:
        return int(os.environ.get(name, default))
    except ValueError:
        return default


@dataclass
class Policy:
    token: str | None = None  # writes need it when set
    read_only: bool = False  # writes refused whatever is sent
    allowed_hosts: list[str] | None = None  # None: any Host header
    # Above the largest valid request (1M characters of text, each up to 12 bytes as JSON escapes),
    # so a 413 never refuses what the schema allows; far below what hurt (300 MB).
    max_body_bytes: int = field(default_factory=lambda: _env_int("COMMUNIQUE_MAX_BODY_BYTES", 16_000_000))
    # Analysis queue: how many ingests may wait, and how long a request waits for its own.
    queue_size: int = field(default_factory=lambda: _env_int("COMMUNIQUE_INGEST_QUEUE", 4))
    request_seconds: float = field(default_factory=lambda: float(_env_int("COMMUNIQUE_INGEST_WAIT_S", 45)))
    allow_private_urls: bool | None = None  # None: as ingest.limits says (refused unless configured)


def is_loopback(host: str) -> bool:
    if host in ("localhost",):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def policy_for_bind(host: str, token: str | None, *, allow_private_urls: bool = False) -> tuple[Policy, str | None]:
    """The policy for a server bound to `host`, and a warning line when it had to be read-only:
    on loopback, writes are open unless a token is set and only local Host names are answered;
    on any other address, writes need a token, and without one the server is read-only."""
    if is_loopback(host):
        return Policy(token=token or None, allowed_hosts=LOOPBACK_NAMES + [host.strip("[]")],
                      allow_private_urls=allow_private_urls), None
    if token:
        return Policy(token=token, allow_private_urls=allow_private_urls), None
    return (Policy(read_only=True, allow_private_urls=allow_private_urls),
            f"{host} is not a loopback address and no token was given (--token or $COMMUNIQUE_TOKEN): "
            "serving read-only")


class _TooLarge(Exception):
    pass


def _host_name(value: str) -> str:
    value = value.strip().lower()
    if value.startswith("["):
        return value[1:value.find("]")] if "]" in value else value
    return value.rsplit(":", 1)[0] if value.count(":") == 1 else value


class SecurityLayer:
    def __init__(self, app, policy: Policy | None = None):
        self.app, self.policy = app, policy or Policy()

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        started = False
        over = False  # the body passed the cap: whatever the app answers, the client gets 413

        async def send_with_headers(message):
            nonlocal started
            ours = message.get("_ours", False)
            if over and not ours:
                if message["type"] == "http.response.start" and not started:
                    await self._answer(send_with_headers, 413, f"request body over {cap} bytes")
                return
            if ours:
                message = {k: v for k, v in message.items() if k != "_ours"}
            if message["type"] == "http.response.start":
                started = True
                have = {k.lower() for k, _ in message.get("headers", [])}
                extra = [(k.lower().encode(), v.encode()) for k, v in SECURITY_HEADERS.items()
                         if k.lower().encode() not in have]
                message = {**message, "headers": list(message.get("headers", [])) + extra}
            await send(message)

        refusal = self._refusal(scope)
        if refusal:
            return await self._answer(send_with_headers, *refusal)
        received = 0
        cap = self.policy.max_body_bytes

        async def capped_receive():
            nonlocal received, over
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > cap:
                    over = True
                    raise _TooLarge()
            return message

        try:
            await self.app(scope, capped_receive, send_with_headers)
        except _TooLarge:
            if not started:
                await self._answer(send_with_headers, 413, f"request body over {cap} bytes")
        except Exception:  # noqa: BLE001 - logged here, answered without detail
            log.exception("unhandled error on %s %s", scope.get("method"), scope.get("path"))
            if not started:
                await self._answer(send_with_headers, 500, "internal error")

    def _refusal(self, scope) -> tuple[int, str | list] | None:
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}
        p = self.policy
        if p.allowed_hosts is not None and _host_name(headers.get("host", "")) not in p.allowed_hosts:
            return 400, "unknown Host header"
        length = headers.get("content-length", "")
        if length and (not length.isdigit() or int(length) > p.max_body_bytes):
            return 413, f"request body over {p.max_body_bytes} bytes"
        for name, value in parse_qsl(scope.get("query_string", b"").decode("latin-1"), keep_blank_values=True):
            if name in NUMERIC_PARAMS and not (value.isdigit() and len(value) <= 10 and int(value) <= MAX_QUERY_NUMBER):
                # Shaped like FastAPI's own 422, as the schema documents it.
                return 422, [{"type": "int_parsing", "loc": ["query", name],
                              "msg": f"{name} must be a whole number from 0 to {MAX_QUERY_NUMBER}"}]
        if scope.get("method", "GET") not in SAFE_METHODS:
            if p.read_only:
                return 403, "this server is read-only (start it with --token to allow writes)"
            if p.token and not self._token_ok(headers):
                return 401, "a token is needed for writes (Authorization: Bearer TOKEN)"
        return None

    def _token_ok(self, headers: dict[str, str]) -> bool:
        given = headers.get("x-communique-token", "")
        auth = headers.get("authorization", "")
        if auth.lower().startswith("bearer "):
            given = auth[7:].strip()
        return bool(given) and hmac.compare_digest(given.encode(), (self.policy.token or "").encode())

    @staticmethod
    async def _answer(send, status: int, detail: str | list) -> None:
        body = json.dumps({"detail": detail}).encode()
        headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
        if status == 401:
            headers.append((b"www-authenticate", b"Bearer"))
        await send({"type": "http.response.start", "status": status, "headers": headers, "_ours": True})
        await send({"type": "http.response.body", "body": body, "_ours": True})

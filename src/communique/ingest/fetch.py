"""Fetching one URL within limits, and only from public addresses unless told otherwise.

- Every connection, the first and each redirect's, resolves the host once, refuses loopback,
  private, link-local, metadata and other non-public addresses (unless `allow_private_urls`),
  and connects to the very address it checked, so DNS rebinding cannot swap it afterwards.
- Every read has a timeout and the whole fetch a deadline, so a server that trickles a byte at
  a time ends with a reason rather than holding the run.
- The body is streamed and counted after Content-Encoding is undone by our own bounded
  inflater, so neither an endless body nor a gzip bomb gets past `max_bytes`.
"""
from __future__ import annotations

import ipaddress
import socket
import time
import zlib

import httpcore
import httpx

from .bounded import TooLarge, inflate
from .limits import Limits, current

USER_AGENT = "Communique/0.1 (+news event coding; offline-first)"


class FetchRefused(Exception):
    """A fetch stopped by policy or by a limit; str() is the one-line reason."""


def refused_address(ip: str) -> str | None:
    """Why an address must not be fetched from, or None for a public one."""
    addr = ipaddress.ip_address(ip.split("%", 1)[0])
    if isinstance(addr, ipaddress.IPv6Address) and addr.ipv4_mapped:
        addr = addr.ipv4_mapped
    for test, what in (("is_loopback", "a loopback"), ("is_link_local", "a link-local (cloud metadata)"),
                       ("is_unspecified", "an unspecified"), ("is_multicast", "a multicast"),
                       ("is_private", "a private"), ("is_reserved", "a reserved")):
        if getattr(addr, test):
            return f"{what} address"
    if not addr.is_global:
        return "a non-public address"
    return None


class _Deadline:
    def __init__(self, seconds: float):
        self.seconds, self.end = seconds, time.monotonic() + seconds

    def left(self, timeout: float | None) -> float:
        remaining = self.end - time.monotonic()
        if remaining <= 0:
            raise FetchRefused(f"took longer than {self.seconds:g} s")
        return remaining if timeout is None else min(timeout, remaining)


class _Stream(httpcore.NetworkStream):
    """A connection whose every read and write stops at the fetch's deadline."""

    def __init__(self, inner: httpcore.NetworkStream, deadline: _Deadline):
        self.inner, self.deadline = inner, deadline

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self.inner.read(max_bytes, self.deadline.left(timeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self.inner.write(buffer, self.deadline.left(timeout))

    def close(self) -> None:
        self.inner.close()

    def start_tls(self, ssl_context, server_hostname=None, timeout=None):
        return _Stream(self.inner.start_tls(ssl_context, server_hostname, self.deadline.left(timeout)), self.deadline)

    def get_extra_info(self, info: str):
        return self.inner.get_extra_info(info)


class _Backend(httpcore.NetworkBackend):
    """Resolves, checks and pins the address of every connection httpx opens."""

    def __init__(self, limits: Limits, deadline: _Deadline):
        self.inner, self.limits, self.deadline = httpcore.SyncBackend(), limits, deadline

    def connect_tcp(self, host, port, timeout=None, local_address=None, socket_options=None):
        try:
            infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except (socket.gaierror, UnicodeError) as exc:
            raise FetchRefused(f"cannot resolve host {host!r}") from exc
        addresses = list(dict.fromkeys(info[4][0] for info in infos))
        if not self.limits.allow_private_urls:
            for ip in addresses:
                why = refused_address(ip)
                if why:
                    raise FetchRefused(f"refused: {host} is {why} (pass --allow-private-urls to allow)")
        last: Exception | None = None
        for ip in addresses:
            try:
                stream = self.inner.connect_tcp(ip, port, self.deadline.left(timeout), local_address, socket_options)
                return _Stream(stream, self.deadline)
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                last = exc
        raise last or httpcore.ConnectError("no address")

    def connect_unix_socket(self, *args, **kwargs):
        raise FetchRefused("unix sockets are not fetched")

    def sleep(self, seconds: float) -> None:
        self.inner.sleep(seconds)


def _transport(limits: Limits, deadline: _Deadline) -> httpx.HTTPTransport:
    transport = httpx.HTTPTransport()
    pool = getattr(transport, "_pool", None)
    if pool is None or not hasattr(pool, "_network_backend"):
        raise RuntimeError("this httpx/httpcore has no network backend to guard; refusing to fetch unguarded")
    pool._network_backend = _Backend(limits, deadline)
    return transport


def fetch_url(url: str, limits: Limits | None = None) -> tuple[bytes, str]:
    """(body, content type) of a URL, Content-Encoding undone; raises FetchRefused (policy,
    limits), httpx.HTTPStatusError (4xx/5xx) or httpx.HTTPError (network)."""
    limits = limits or current()
    deadline = _Deadline(limits.fetch_deadline)
    try:
        request_url = httpx.URL(url)
    except (httpx.InvalidURL, ValueError) as exc:
        raise FetchRefused(f"invalid URL ({exc})") from exc
    headers = {"User-Agent": USER_AGENT, "Accept-Encoding": "gzip, deflate"}
    with httpx.Client(transport=_transport(limits, deadline), follow_redirects=True, trust_env=False,
                      max_redirects=limits.max_redirects, timeout=limits.fetch_timeout, headers=headers) as client:
        try:
            with client.stream("GET", request_url) as response:
                response.raise_for_status()
                body = _read_body(response, limits, deadline)
                return body, response.headers.get("content-type", "")
        except httpx.TooManyRedirects as exc:
            raise FetchRefused(f"more than {limits.max_redirects} redirects") from exc
        except httpx.TimeoutException as exc:
            if time.monotonic() >= deadline.end - 0.05:
                raise FetchRefused(f"took longer than {limits.fetch_deadline:g} s") from exc
            raise


def _read_body(response: httpx.Response, limits: Limits, deadline: _Deadline) -> bytes:
    encoding = response.headers.get("content-encoding", "").strip().lower()
    declared = response.headers.get("content-length", "")
    if encoding in ("", "identity") and declared.isdigit() and int(declared) > limits.max_bytes:
        raise TooLarge(f"response too large for one article ({int(declared) / 1_000_000:g} MB)")

    def raw():
        total = 0
        for chunk in response.iter_raw():
            deadline.left(None)
            total += len(chunk)
            if total > limits.max_bytes:
                raise TooLarge(f"response larger than {limits.max_bytes / 1_000_000:g} MB")
            yield chunk

    if encoding in ("", "identity"):
        return b"".join(raw())
    if encoding in ("gzip", "x-gzip"):
        return inflate(raw(), limits.max_bytes, what="gzip response")
    if encoding == "deflate":
        return inflate(raw(), limits.max_bytes, wbits=zlib.MAX_WBITS, what="deflate response")
    raise FetchRefused(f"unsupported Content-Encoding {encoding!r}")

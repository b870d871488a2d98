#!/usr/bin/env python3
"""Build the hostile-input corpus: every kind of bad, huge, slow or malicious input that issue 16
lists, beside good reports that must still be stored. All sentences here are our own.

    scripts/hostile_corpus.py build DIR [--scale 1.0]   files under DIR/files, URLs in DIR/urls.txt
    scripts/hostile_corpus.py serve DIR                  the HTTP kinds on 127.0.0.1 until Ctrl-C

`kinds(DIR, base_url)` lists (kind, input, env, expect) for benchmarks/hostile.py, which runs
ingest over each and prints the figures. HTTP kinds are answered by `HostileHandler`, served on
127.0.0.1 only. `--scale` shrinks the sizes (tests use small ones); 1.0 is the issue's sizes.
"""
from __future__ import annotations

import argparse
import gzip
import http.server
import json
import os
import sys
import threading
import time
import zlib
from dataclasses import dataclass
from pathlib import Path

GOOD = [
    "Ministers from the two coastal states met in the harbour city on Monday and signed a fisheries accord "
    "that sets catch limits for the shared gulf, the foreign ministry of the host country said.",
    "The president of the northern republic received the visiting defence minister of its southern "
    "neighbour on Wednesday; both sides pledged to hold joint border patrols from the spring.",
    "Negotiators from the river-basin countries failed to agree on dam releases after two days of talks "
    "in the capital, officials said on Friday, and will meet again next month.",
    "The island nation recalled its ambassador from the mainland on Sunday in protest at what its "
    "government called repeated incursions by coast guard vessels into its waters.",
]


@dataclass
class Kind:
    name: str
    input: str
    env: dict
    expect: str  # "stored" or the start of the expected reason/warning, for the reader


def _good_text(i: int) -> str:
    return f"{GOOD[i % len(GOOD)]}\n\nA further paragraph, number {i}, adds that talks will continue."


def _bomb(path: Path, gigabytes: float) -> None:
    """A gzip file that inflates to `gigabytes` GB: copies of one compressed GB-of-zeros member
    (concatenated members are one valid gzip stream), written without ever holding the output."""
    gb = 1 << 30
    whole, rest = int(gigabytes), int((gigabytes - int(gigabytes)) * gb)
    c = zlib.compressobj(9, zlib.DEFLATED, 31)
    zeros = bytes(1 << 20)
    member = bytearray()
    for _ in range(1024):
        member += c.compress(zeros)
    member += c.flush()
    with path.open("wb") as fh:
        for _ in range(whole):
            fh.write(member)
        if rest or not whole:
            fh.write(gzip.compress(bytes(max(rest, 1 << 20)), 9))


def build(root: Path, scale: float = 1.0) -> Path:
    files = root / "files"
    files.mkdir(parents=True, exist_ok=True)
    w = lambda name, data: (files / name).write_bytes(data if isinstance(data, bytes) else data.encode())  # noqa: E731
    for i in range(4):
        w(f"good_{i}.txt", _good_text(i))
    long_unit = " ".join(GOOD) + "\n\n"
    w("long_1m_chars.txt", (long_unit * (int(1_000_001 * scale) // len(long_unit) + 1))[:max(int(1_000_001 * scale), 2000)])
    w("long_repetitive.txt", ("Talks resumed. " * (int(1_000_000 * scale) // 15 + 1)))
    w("days_ago.txt", _good_text(1) + "\n\nThe border was drawn 1000000 days ago, one official claimed.")
    w("dates_off_calendar.jsonl",
      json.dumps({"id": "year-1", "published": "0001-01-01", "text": GOOD[0] + " It happened last week."}) + "\n"
      + json.dumps({"id": "year-9999", "published": "9999-12-31", "text": GOOD[1] + " It happened last week."}) + "\n")
    w("nul_inside.jsonl", json.dumps({"id": "nul", "text": GOOD[2] + "\u0000 Then the NUL."}) + "\n")
    w("nul_late.txt", _good_text(3) + " " * 9000 + "\x00 after the first 8 KB.")
    w("terminal_escape.jsonl", json.dumps({"id": "esc", "title": "Talks \u001b[2J\u001b[31mred [bold]x[/bold]",
                                           "text": GOOD[3]}) + "\n")
    w("mixed_encoding.txt", ("“Quoted” opening line.\n\n" + GOOD[0] + "\n\n").encode()
      + "The café owners said the street was closed; naïve hopes faded.\n".encode("cp1252"))
    w("binary.txt", b"\x89PNG\r\n\x1a\n" + os.urandom(4096))
    w("malformed.jsonl", b'{"id": "ok", "text": "' + GOOD[1].encode() + b'"}\n{not json\n[1]\n')
    w("billion_laughs.xml", '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
      + "".join(f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10))
      + ']><rss version="2.0"><channel><title>&lol9;</title><item><title>x</title>'
      + "<description>&lol9;</description></item></channel></rss>")
    w("feed_template_port.xml", '<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>'
      + "<item><title>Port</title><link>http://127.0.0.1:PORT/news/a.html</link>"
      + f"<description>{GOOD[0]}</description></item></channel></rss>")
    page = f"<html><head><title>Big attribute</title></head><body><div data-x=\"{'y' * int(12_000_000 * scale)}\">" \
           f"</div><article><p>{GOOD[1]}</p><p>{GOOD[2]}</p></article></body></html>"
    w("attribute_12mb.html", page)
    _bomb(files / "bomb.html.gz", 8.0 * scale)
    with (files / "huge_200mb.txt").open("wb") as fh:  # sparse: costs no disk
        fh.truncate(int(200_000_000 * scale) + 25_000_000)
    for name, target in (("dev_zero.txt", "/dev/zero"), ("loop_a.txt", "loop_b.txt"), ("loop_b.txt", "loop_a.txt")):
        if not (files / name).is_symlink():
            (files / name).symlink_to(target)
    if not (files / "fifo.txt").exists():
        os.mkfifo(files / "fifo.txt")
    locked = files / "locked"
    locked.mkdir(exist_ok=True)
    (locked / "inside.txt").write_text(_good_text(2))
    locked.chmod(0)  # root reads it anyway; others get a line saying why it was not read
    return files


# ── the HTTP kinds ──────────────────────────────────────────────────────────────────────────

def _gzip_zeros(n: int) -> bytes:
    """gzip of n zero bytes, compressed a MB at a time (never holding the n bytes)."""
    c, zeros, out = zlib.compressobj(9, zlib.DEFLATED, 31), bytes(1 << 20), bytearray()
    for _ in range(n >> 20):
        out += c.compress(zeros)
    out += c.compress(bytes(n & ((1 << 20) - 1)))
    return bytes(out + c.flush())


class HostileHandler(http.server.BaseHTTPRequestHandler):
    scale = 1.0
    secret_hits = 0
    bomb = b""  # made once by serve(): answering must not be slower than the client's timeout
    protocol_version = "HTTP/1.1"

    def do_GET(self):  # noqa: C901 - one branch per kind
        p = self.path.split("?")[0]
        mb = lambda n: int(n * 1_000_000 * self.scale)  # noqa: E731
        if p.startswith("/good/"):
            i = int(p.rsplit("/", 1)[1].split(".")[0])
            self._send("text/html", f"<html><head><title>Good {i}</title></head><body><article><p>{GOOD[i % 4]}</p>"
                       f"<p>Page {i} of the good set.</p></article></body></html>".encode())
        elif p == "/secret":
            type(self).secret_hits += 1
            self._send("text/html", b"<html><body><article><p>" + GOOD[0].encode() + b" SECRET</p></article></body></html>")
        elif p == "/redirect-inward":
            self._status(302, {"Location": f"http://127.0.0.1:{self.server.server_address[1]}/secret"})
        elif p == "/redirect-metadata":
            self._status(302, {"Location": "http://169.254.169.254/latest/meta-data/"})
        elif p == "/encoding-bomb":
            self._send("text/html", self.bomb, {"Content-Encoding": "gzip"})
        elif p == "/page.html.gz":
            self._send("application/gzip", self.bomb)
        elif p in ("/endless", "/gigabyte"):
            total = None if p == "/endless" else mb(1000)
            self._status(200, {"Content-Type": "text/html", **({"Content-Length": str(total)} if total else {})},
                         end=False)
            chunk = b"<p>" + b"word " * 8000 + b"</p>"
            sent = 0
            try:
                while total is None or sent < total:
                    self.wfile.write(chunk)
                    sent += len(chunk)
            except OSError:
                pass
            self.close_connection = True
        elif p == "/trickle":
            self._status(200, {"Content-Type": "text/html"}, end=False)
            try:
                for _ in range(100_000):
                    self.wfile.write(b"<")
                    self.wfile.flush()
                    time.sleep(0.5)
            except OSError:
                pass
            self.close_connection = True
        elif p == "/data.json":
            self._send("application/json", json.dumps({"text": GOOD[1] * 3}).encode())
        elif p == "/plain-feed.xml":
            items = "".join(f"<item><title>Plain {i}</title><description>{GOOD[i]} Item {i}.</description></item>"
                            for i in range(4))
            self._send("application/rss+xml", f"<?xml version='1.0'?><rss version='2.0'><channel><title>p</title>"
                       f"{items}</channel></rss>".encode())
        elif p == "/300-links.xml":
            items = "".join(f"<item><title>L{i}</title><link>http://127.0.0.1:{self.server.server_address[1]}"
                            f"/good/{i}.html</link></item>" for i in range(300))
            self._send("application/rss+xml", f"<?xml version='1.0'?><rss version='2.0'><channel><title>l</title>"
                       f"{items}</channel></rss>".encode())
        elif p == "/inward-feed.xml":
            items = f"<item><title>In</title><link>http://127.0.0.1:{self.server.server_address[1]}/secret</link></item>"
            self._send("application/rss+xml", f"<?xml version='1.0'?><rss version='2.0'><channel><title>i</title>"
                       f"{items}</channel></rss>".encode())
        elif p == "/error":
            self._send("text/html", b"<h1>oops</h1>", status=500)
        else:
            self._send("text/plain", b"not here", status=404)

    def _status(self, status: int, headers: dict, end: bool = True) -> None:
        self.send_response(status)
        for k, v in headers.items():
            self.send_header(k, v)
        if end and "Content-Length" not in headers:
            self.send_header("Content-Length", "0")
        self.end_headers()

    def _send(self, ctype: str, body: bytes, headers: dict | None = None, status: int = 200) -> None:
        self._status(status, {"Content-Type": ctype, "Content-Length": str(len(body)), **(headers or {})}, end=False)
        try:
            self.wfile.write(body)
        except OSError:
            pass

    def log_message(self, *args):
        pass


def serve(scale: float = 1.0) -> tuple[http.server.ThreadingHTTPServer, str]:
    """The HTTP kinds on 127.0.0.1 (a free port), in a daemon thread: (server, base URL)."""
    HostileHandler.scale = scale
    HostileHandler.bomb = _gzip_zeros(int(1_000_000_000 * scale))

    class Server(http.server.ThreadingHTTPServer):
        daemon_threads = True

        def handle_error(self, request, client_address):
            pass  # clients that hang up on a bomb or a trickle are the point, not an error

    server = Server(("127.0.0.1", 0), HostileHandler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


PRIVATE = {"COMMUNIQUE_ALLOW_PRIVATE_URLS": "1"}  # the test server is on 127.0.0.1: limits, not policy, are tested
PUBLIC_ONLY = {"COMMUNIQUE_ALLOW_PRIVATE_URLS": "0"}


def kinds(files: Path, base: str) -> list[Kind]:
    """Every kind, as an input for ingest. Redirects to inward addresses need a public first
    hop, which a corpus on 127.0.0.1 cannot give: tests/serve/test_security.py and
    tests/ingest/test_hostile.py check them with the first hop allowed."""
    f = lambda name: str(files / name)  # noqa: E731
    out = [Kind(f"good file {i}", f(f"good_{i}.txt"), {}, "stored") for i in range(4)]
    out += [
        Kind("text over 1M characters", f("long_1m_chars.txt"), {}, "stored (cut, with a warning)"),
        Kind("1M characters of one short sentence", f("long_repetitive.txt"), {}, "stored (cut, with a warning)"),
        Kind('"1000000 days ago"', f("days_ago.txt"), {}, "stored"),
        Kind("published 0001-01-01 / 9999-12-31 + 'last week'", f("dates_off_calendar.jsonl"), {}, "stored, date dropped"),
        Kind("NUL in a JSON record", f("nul_inside.jsonl"), {}, "stored without the NUL"),
        Kind("NUL after 8 KB of text", f("nul_late.txt"), {}, "stored without the NUL"),
        Kind("terminal escapes and markup in a title", f("terminal_escape.jsonl"), {}, "stored without ESC"),
        Kind("mixed UTF-8 / cp1252", f("mixed_encoding.txt"), {}, "stored, with a warning"),
        Kind("binary file", f("binary.txt"), {}, "binary file"),
        Kind("malformed JSON Lines", f("malformed.jsonl"), {}, "malformed JSON line"),
        Kind("XML entity expansion", f("billion_laughs.xml"), {}, "a line"),
        Kind("feed template with 'PORT'", f("feed_template_port.xml"), {}, "stored from the description"),
        Kind("HTML with a 12 MB attribute", f("attribute_12mb.html"), {}, "file too large (over max_bytes)"),
        Kind("8 MB .html.gz bomb", f("bomb.html.gz"), {}, "compression bomb"),
        Kind("200 MB file", f("huge_200mb.txt"), {}, "file too large"),
        Kind("/dev/zero behind a symlink", f("dev_zero.txt"), {}, "not a regular file"),
        Kind("symlink loop", f("loop_a.txt"), {}, "cannot read file"),
        Kind("FIFO", f("fifo.txt"), {}, "not a regular file (a FIFO)"),
        Kind("unreadable subfolder", f("locked"), {}, "cannot read folder (or read: running as root)"),
        Kind("SSRF: 127.0.0.1", f"{base}/secret", PUBLIC_ONLY, "refused"),
        Kind("SSRF: 2130706433", "http://2130706433/secret", PUBLIC_ONLY, "refused"),
        Kind("SSRF: 127.1", "http://127.1/secret", PUBLIC_ONLY, "refused"),
        Kind("SSRF: 0.0.0.0", "http://0.0.0.0/secret", PUBLIC_ONLY, "refused"),
        Kind("SSRF: localhost", "http://localhost/secret", PUBLIC_ONLY, "refused"),
        Kind("SSRF: 10.0.0.1", "http://10.0.0.1/secret", PUBLIC_ONLY, "refused"),
        Kind("SSRF: 169.254.169.254", "http://169.254.169.254/latest/meta-data/", PUBLIC_ONLY, "refused"),
        Kind("gzip bomb by Content-Encoding", f"{base}/encoding-bomb", PRIVATE, "compression bomb"),
        Kind("gzip bomb by .html.gz URL", f"{base}/page.html.gz", PRIVATE, "compression bomb"),
        Kind("endless body", f"{base}/endless", PRIVATE, "response larger than"),
        Kind("1 GB body", f"{base}/gigabyte", PRIVATE, "response too large"),
        Kind("trickling server", f"{base}/trickle", PRIVATE, "took longer than"),
        Kind("application/json", f"{base}/data.json", PRIVATE, "not an article"),
        Kind("feed with plain-text descriptions", f"{base}/plain-feed.xml", PRIVATE, "stored"),
        Kind("feed with 300 links", f"{base}/300-links.xml", PRIVATE, "first 100 read"),
        Kind("HTTP 500", f"{base}/error", PRIVATE, "HTTP 500"),
        Kind("good page by URL", f"{base}/good/7.html", PRIVATE, "stored"),
    ]
    return out


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("command", choices=["build", "serve"])
    ap.add_argument("dir", type=Path)
    ap.add_argument("--scale", type=float, default=1.0)
    args = ap.parse_args(argv)
    if args.command == "build":
        files = build(args.dir, args.scale)
        print(f"built {sum(1 for _ in files.iterdir())} files under {files}")
        return 0
    server, base = serve(args.scale)
    print(f"hostile HTTP kinds at {base}/ (Ctrl-C stops)")
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        server.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""/docs: the API described from its own OpenAPI schema, as one HTML page served by this package.

FastAPI's default /docs loads Swagger UI from a CDN, which the server's Content-Security-Policy
(scripts from this server only) rightly blocks, and which an offline machine cannot reach. This
page needs no script: every route with its parameters, body and answers, escaped text only.
"""
from __future__ import annotations

from html import escape

from fastapi import FastAPI
from fastapi.responses import HTMLResponse


def _schema_name(schema: dict) -> str:
    if "$ref" in schema:
        return schema["$ref"].rsplit("/", 1)[-1]
    if "anyOf" in schema:
        return " | ".join(_schema_name(s) for s in schema["anyOf"])
    if schema.get("type") == "array":
        return f"list of {_schema_name(schema.get('items', {}))}"
    return schema.get("type", "object")


def render_docs(spec: dict) -> str:
    out = [f"<h1>{escape(spec['info']['title'])} API {escape(spec['info'].get('version', ''))}</h1>",
           f"<p>{escape(spec['info'].get('description', ''))}</p>",
           '<p>The machine-readable schema: <a href="/openapi.json">/openapi.json</a>.</p>']
    for path, ops in spec.get("paths", {}).items():
        for method, op in ops.items():
            out.append(f"<h2><code>{escape(method.upper())} {escape(path)}</code></h2>")
            if op.get("summary"):
                out.append(f"<p><strong>{escape(op['summary'])}</strong></p>")
            for para in (op.get("description") or "").split("\n\n"):
                if para.strip():
                    out.append(f"<p>{escape(para.strip())}</p>")
            params = op.get("parameters", [])
            if params:
                out.append("<table><tr><th>parameter</th><th>in</th><th>type</th><th>about</th></tr>")
                for p in params:
                    out.append(f"<tr><td><code>{escape(p['name'])}</code>{' (required)' if p.get('required') else ''}"
                               f"</td><td>{escape(p.get('in', ''))}</td>"
                               f"<td>{escape(_schema_name(p.get('schema', {})))}</td>"
                               f"<td>{escape(p.get('description', '') or '')}</td></tr>")
                out.append("</table>")
            body = op.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema")
            if body:
                out.append(f"<p>Body (JSON): <code>{escape(_schema_name(body))}</code></p>")
            answers = ", ".join(f"{escape(code)} {escape(r.get('description', ''))}"
                                for code, r in op.get("responses", {}).items())
            out.append(f"<p>Answers: {answers}</p>")
    schemas = spec.get("components", {}).get("schemas", {})
    if schemas:
        out.append("<h2>Shapes</h2>")
        for name, schema in schemas.items():
            fields = ", ".join(f"<code>{escape(k)}</code>: {escape(_schema_name(v))}"
                               for k, v in schema.get("properties", {}).items())
            out.append(f"<p><strong>{escape(name)}</strong> {fields}</p>")
    return ("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>API docs</title>"
            "<link rel=\"stylesheet\" href=\"/static/style.css\"></head><body><main>"
            + "\n".join(out) + "</main></body></html>")


def mount_docs(app: FastAPI) -> None:
    cache: dict[str, str] = {}

    @app.get("/docs", include_in_schema=False, response_class=HTMLResponse)
    def docs() -> HTMLResponse:
        if "page" not in cache:
            cache["page"] = render_docs(app.openapi())
        return HTMLResponse(cache["page"])

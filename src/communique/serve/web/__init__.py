"""The web UI: HTML pages and their assets, served from this package (nothing from a CDN).

Article text is untrusted input. The templates are rendered with autoescaping on, never mark
article content safe, embed JSON only through `tojson` (which escapes <, > and &), link only
http(s) URLs, and every response carries a Content-Security-Policy that allows scripts from
this server alone.
"""
from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

HERE = Path(__file__).parent
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                               "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}


def mount_web(app: FastAPI, store) -> None:
    from .pages import register, render

    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    register(app, store)

    @app.middleware("http")
    async def security_headers(request: Request, call_next):
        response = await call_next(request)
        for k, v in SECURITY_HEADERS.items():
            response.headers.setdefault(k, v)
        return response

    @app.exception_handler(StarletteHTTPException)
    async def not_found(request: Request, exc: StarletteHTTPException):
        # JSON for the API (and for anything that is not a page), an HTML page for people.
        if request.url.path.startswith(("/api/", "/static/")) or exc.status_code not in (404,):
            return JSONResponse({"detail": exc.detail}, status_code=exc.status_code, headers=exc.headers)
        return HTMLResponse(render("error.html", title="Not found", message=str(exc.detail)), status_code=404)

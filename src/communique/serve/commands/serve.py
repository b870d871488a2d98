"""`communique serve`: the REST API and the web UI over one store."""
from __future__ import annotations

from typing import Optional

import typer

from ..cli import DbOption, app, console, fail, open_store


@app.command()
def serve(
    db: Optional[str] = DbOption,
    port: int = typer.Option(8000, "--port", min=1, max=65535, help="Port to listen on."),
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on (0.0.0.0 for every interface)."),
    no_analysis: bool = typer.Option(False, "--no-analysis", help="POST /api/ingest stores clean articles only."),
    token: Optional[str] = typer.Option(None, "--token", envvar="COMMUNIQUE_TOKEN", show_envvar=True,
                                        help="Writes need this token (Authorization: Bearer TOKEN). Without one, "
                                             "a server on a non-loopback address is read-only."),
    allow_private_urls: bool = typer.Option(False, "--allow-private-urls",
                                            help="Let POST /api/ingest fetch loopback, private and link-local "
                                                 "addresses (refused by default)."),
):
    """Serve the record over HTTP: the web UI at /, the JSON API under /api (schema at /openapi.json).

    Reads keep working while `communique ingest` writes to the same store.

    Example: `communique serve --db news.db --port 8000`, then open http://127.0.0.1:8000/
    """
    import uvicorn

    from ..api import create_app
    from ..security import policy_for_bind
    from ...store import StoreError

    store = open_store(db)  # a clear message when the store is missing or not a store
    path = store.path
    store.close()
    try:
        policy, warning = policy_for_bind(host, token, allow_private_urls=allow_private_urls)
        application = create_app(path, analyse=not no_analysis, policy=policy)
    except StoreError as exc:
        fail(str(exc), 2)
    if warning:
        console.print(f"[yellow]{warning}[/]", markup=True, highlight=False)
    console.print(f"Serving {path} at http://{host}:{port}/  (API: http://{host}:{port}/api; Ctrl-C stops)")
    uvicorn.run(application, host=host, port=port, log_level="warning")

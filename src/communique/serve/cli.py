"""The `communique` command. Each group of commands lives in serve/commands/<name>.py and
registers itself on `app`; this module holds what they share: the store option, JSON output
and clear failures."""
from __future__ import annotations

import importlib
import json
import os
import pkgutil
import sys
from pathlib import Path
from typing import Any, NoReturn

import typer
import typer.core
from rich.console import Console

from .names import ActorNames

app = typer.Typer(
    name="communique",
    help="Turn news reports about relations between states into a source-grounded record:\n"
         "articles, stories, actors, events (PLOVER/CAMEO) and quotes.\n\n"
         "Example:  communique ingest reports/ --db news.db  &&  communique export --db news.db --out out/",
    no_args_is_help=True, add_completion=False, rich_markup_mode="markdown")
console = Console()
err = Console(stderr=True)


def _type_label(self, ctx) -> str | None:
    """The value column of --help: nothing for a flag, a plain word (TEXT, N, PATH) for a value,
    instead of typer's "<bool>" / "<str>" on every line."""
    if self.metavar is not None:
        return self.metavar
    if getattr(self, "is_flag", False) or getattr(self, "count", False):
        return None
    label = self.display_type(ctx).strip("<>")
    if label.startswith("int"):
        return "N"
    return {"str": "TEXT", "float": "NUMBER", "Path": "PATH", "list[str]": "TEXT"}.get(label, label.upper())


typer.core.TyperOption.display_type_rich = _type_label


def _version(value: bool) -> None:
    if value:
        from importlib.metadata import PackageNotFoundError, version

        try:
            number = version("communique")
        except PackageNotFoundError:
            number = "unknown (not installed)"
        console.print(f"communique {number}", highlight=False)
        raise typer.Exit()


@app.callback()
def _main(show_version: bool = typer.Option(False, "--version", help="Print the version and exit.",
                                            callback=_version, is_eager=True)) -> None:
    """Turn news reports about relations between states into a source-grounded record."""


def default_db() -> str | Path:
    """$COMMUNIQUE_DB (a file or a postgresql:// URL), else communique.db in the user's data
    directory (XDG)."""
    from ..store.backend import is_url

    if os.environ.get("COMMUNIQUE_DB"):
        env = os.environ["COMMUNIQUE_DB"]
        return env if is_url(env) else Path(env)
    base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / "communique" / "communique.db"


# A string, not a Path: a Path would fold the '//' of a postgresql:// URL.
DbOption = typer.Option(None, "--db", help="Store: a SQLite file, or a postgresql://user@host:port/dbname URL "
                        "(default: $COMMUNIQUE_DB or ~/.local/share/communique/communique.db).", show_default=False)
JsonOption = typer.Option(False, "--json", help="Print JSON instead of a table.")


def fail(message: str, code: int = 1) -> NoReturn:
    err.print(f"[bold red]error:[/] {message}", highlight=False)
    raise typer.Exit(code)


def open_store(db: str | Path | None, *, must_exist: bool = True):
    from ..store import Store, StoreError
    from ..store.backend import is_url

    path = db or default_db()
    if must_exist and not is_url(path) and not Path(path).exists():
        fail(f"no store at {path}; ingest something first (`communique ingest PATH --db {path}`)", 2)
    try:
        return Store(path, create=not must_exist)
    except StoreError as exc:
        fail(str(exc), 2)


actor_namer = ActorNames  # name(actor_id), cached; the commands share it with the web pages


def emit_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=_default) + "\n")


def _default(value: Any):
    from dataclasses import asdict, is_dataclass

    if is_dataclass(value):
        return asdict(value)
    if isinstance(value, Path):
        return str(value)
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def _register_commands() -> None:
    from . import commands

    for info in pkgutil.iter_modules(commands.__path__):
        importlib.import_module(f"{commands.__name__}.{info.name}")


_register_commands()

if __name__ == "__main__":
    app()

"""``frus-kg serve``: the linked-data server (Starlette on uvicorn)."""

from __future__ import annotations

import socket
import sys
import tempfile
from pathlib import Path

import click

from ..errors import FrusKgError, InputError, UsageError
from ..vocab import DEFAULT_BASE


def _cache_dir(store_dir: Path, cache: Path | None) -> Path:
    """--cache, else STORE-cache beside the store, else a temporary folder."""
    for candidate in ([cache] if cache else [store_dir.resolve().with_name(store_dir.resolve().name + "-cache")]):
        try:
            candidate.mkdir(parents=True, exist_ok=True)
            probe = candidate / ".write-test"
            probe.write_text("")
            probe.unlink()
            return candidate
        except OSError:
            if cache:
                raise UsageError(f"--cache {cache}: not a writable folder") from None
    return Path(tempfile.mkdtemp(prefix="frus-kg-cache-"))


def run(store_dir: Path, host: str = "127.0.0.1", port: int = 8000, base: str = DEFAULT_BASE,
        timeout: float = 30.0, limit: int = 10_000, workers: int = 2, cache: Path | None = None,
        access_log: bool = True, page_cache_mb: int = 64) -> None:
    """Serve until interrupted.  Raises FrusKgError for what a user must fix."""
    import uvicorn

    from ..iris import Iris
    from .app import Settings, create_app

    try:
        Iris(base)
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    if not base.endswith("/"):
        raise UsageError(f"--base must end with '/' to be served (its IRIs become request paths): {base}")
    if not store_dir.is_dir():
        raise InputError(str(store_dir), "no such store folder")
    settings = Settings(store_dir, base, _cache_dir(store_dir, cache), timeout, limit, workers,
                        ready_message=True, cache_bytes=page_cache_mb << 20)
    try:
        app = create_app(settings)
    except OSError as exc:
        raise InputError(str(store_dir), f"cannot open the store: {exc}") from None
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as exc:
        sock.close()
        raise UsageError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
    sock.set_inheritable(True)
    bound = sock.getsockname()[1]
    shown = f"[{host}]" if family == socket.AF_INET6 else host
    print(f"frus-kg serve: http://{shown}:{bound}/ serves {base} from {store_dir} "
          f"(SPARQL: {workers} worker(s), {timeout:g} s, {limit:,} rows; cache {settings.cache_dir})",
          flush=True)
    config = uvicorn.Config(app, log_level="info", access_log=access_log, lifespan="on",
                            timeout_graceful_shutdown=5)
    uvicorn.Server(config).run(sockets=[sock])


@click.command("serve")
@click.option("--store", "store_dir", required=True, type=click.Path(path_type=Path, file_okay=False),
              help="The store folder (opened read-only: restart the server after a load).")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535),
              help="Port to listen on (0: any free port, printed at start).")
@click.option("--base", default=DEFAULT_BASE, show_default=True,
              help="Base of the IRIs served: request path /P serves {base}P.")
@click.option("--timeout", default=30.0, show_default=True, type=click.FloatRange(min=0.1),
              help="SPARQL query time limit, seconds (the query is stopped: 503).")
@click.option("--limit", default=10_000, show_default=True, type=click.IntRange(min=1),
              help="SPARQL result limit: rows (SELECT) or triples (CONSTRUCT/DESCRIBE).")
@click.option("--workers", default=2, show_default=True, type=click.IntRange(min=1, max=64),
              help="SPARQL worker processes (queries running at once).")
@click.option("--cache", type=click.Path(path_type=Path, file_okay=False),
              help="Folder for dumps and dataset figures (default: STORE-cache beside the store).")
@click.option("--page-cache", "page_cache_mb", default=64, show_default=True, type=click.IntRange(min=0),
              help="Memory (MB) for resource answers already made (0: none).")
@click.option("--access-log/--no-access-log", default=True, show_default=True)
def serve(store_dir: Path, host: str, port: int, base: str, timeout: float, limit: int, workers: int,
          cache: Path | None, page_cache_mb: int, access_log: bool) -> None:
    """Serve the store as linked data: every IRI, /sparql, /void and /dumps/.

    \b
    Example:
      frus-kg serve --store store/            # then open http://127.0.0.1:8000/
    A request path /P serves the IRI {base}P (with the default base,
    /document/frus1961-63v12/d112 serves https://w3id.org/frus-kg/id/document/frus1961-63v12/d112);
    /vocab/P serves https://w3id.org/frus-kg/vocab/P.  Content negotiation on Accept or ?format=.
    """
    try:
        run(store_dir, host, port, base, timeout, limit, workers, cache, access_log, page_cache_mb)
    except FrusKgError as err:
        click.echo(f"error: {err}", err=True)
        sys.exit(err.exit_status)

"""Starting the real server in a subprocess, for the tests and the load benchmark.

``frus-kg serve`` is run as a separate process on a free loopback port (``--port 0``;
the server prints the port it got), exactly as a user would run it.  When the ``serve``
command is not registered in the installed ``frus-kg`` command line, the same click
command runs as ``python -m frus_kg.serve``.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import threading
from pathlib import Path

_URL = re.compile(r"^frus-kg serve: (http://\S+/) serves")


def serve_command() -> list[str]:
    """``frus-kg serve`` when the CLI has it, else ``python -m frus_kg.serve``."""
    try:
        from ..cli import main

        wired = "serve" in getattr(main, "commands", {})
    except Exception:  # noqa: BLE001 - any import problem: use the module
        wired = False
    exe = shutil.which("frus-kg", path=str(Path(sys.executable).parent)) if wired else None
    if exe:
        return [exe, "serve"]
    return [sys.executable, "-m", "frus_kg.serve"]


class ServerProcess:
    """A running ``frus-kg serve``; ``url`` ends with '/'.  Use as a context manager."""

    def __init__(self, store_dir: Path, *, log: Path, extra: list[str] | None = None,
                 start_timeout: float = 60.0) -> None:
        self.log_path = log
        self._log = open(log, "wb")
        args = [*serve_command(), "--store", str(store_dir), "--host", "127.0.0.1", "--port", "0",
                "--no-access-log", *(extra or [])]
        self.process = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=self._log,
                                        stdin=subprocess.DEVNULL, env={**os.environ, "PYTHONUNBUFFERED": "1"},
                                        start_new_session=True)
        self.url = self._wait_ready(start_timeout)

    def _wait_ready(self, timeout: float) -> str:
        lines: list[str] = []
        done = threading.Event()

        def read() -> None:
            for raw in self.process.stdout:
                lines.append(raw.decode("utf-8", "replace").rstrip("\n"))
                if lines[-1] == "frus-kg serve: ready":
                    break
            done.set()

        threading.Thread(target=read, daemon=True).start()
        if not done.wait(timeout) or not lines or lines[-1] != "frus-kg serve: ready":
            self.stop()
            raise RuntimeError("frus-kg serve did not start:\n" + "\n".join(lines) + "\n"
                               + self.log_path.read_text(errors="replace")[-3000:])
        for line in lines:
            m = _URL.match(line)
            if m:
                return m.group(1)
        self.stop()
        raise RuntimeError("frus-kg serve printed no address: " + "\n".join(lines))

    def stop(self) -> int | None:
        """Stop the server (SIGTERM, then SIGKILL to its process group after 10 s)."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(5)
        # workers are in the server's session; none may outlive it
        try:
            os.killpg(self.process.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        self._log.close()
        return self.process.returncode

    def __enter__(self) -> "ServerProcess":
        return self

    def __exit__(self, *exc) -> None:
        self.stop()


def build_sample_store(directory: Path, dumps: list[Path] | None = None, base: str | None = None) -> Path:
    """A store of the bundled sample (converted here unless ``dumps`` are given); closed on return."""
    import gc

    from ..convert import convert_tei
    from ..iris import Iris
    from ..resources import sample_dir
    from ..store import load_dump, open_store

    directory = Path(directory)
    if dumps is None:
        out = directory.with_name(directory.name + "-dumps")
        dumps = []
        for tei in sorted(sample_dir().glob("*.xml")):
            dumps += [Path(p) for p in convert_tei(tei, out, "ttl", Iris(base) if base else None).outputs]
    store = open_store(directory)
    for dump in dumps:
        load_dump(store, dump)
    store.flush()
    del store
    gc.collect()  # the store's lock goes with the object: the server opens the folder next
    return directory

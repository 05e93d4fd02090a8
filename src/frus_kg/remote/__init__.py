"""Loading dumps into a remote SPARQL 1.1 store (Graph Store Protocol or SPARQL Update).

See :func:`load_remote`; :mod:`.load` explains resuming and the bookkeeping graph,
:mod:`.transport` the retries, :mod:`.dumps` the content hash.
"""

from __future__ import annotations

from .load import STATE_GRAPH, load_remote, summary
from .transport import CountMismatch, RemoteError

__all__ = ["STATE_GRAPH", "CountMismatch", "RemoteError", "load_remote", "summary"]

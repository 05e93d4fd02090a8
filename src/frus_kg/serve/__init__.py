"""The linked-data server of frus-kg (``frus-kg serve``).

Every IRI frus-kg mints is dereferenceable under the configured base, with content
negotiation (HTML, Turtle, N-Triples, JSON-LD, RDF/XML); ``/sparql`` is a read-only
SPARQL 1.1 Protocol endpoint with a time limit and a result limit; ``/void`` describes
the dataset (VoID + DCAT) and ``/dumps/`` serves gzipped dumps.  See ``app.py`` for the
path/IRI mapping and the 200 policy, ``sparql.py`` for how queries are stopped.
"""

from __future__ import annotations

from .app import Settings, create_app

__all__ = ["Settings", "create_app"]

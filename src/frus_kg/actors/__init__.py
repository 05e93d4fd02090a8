"""Actors and events across volumes: the Office of the Historian's authority data.

``people`` (who a FRUS persons-list entry is, across volumes), ``pocom`` (who held which
Department post or mission, and when) and ``milestones`` (historical events) are read into
typed records (records.py), mapped to RDF (mapping.py), written as named graphs and
indexed for resolution (importer.py, index.py).  The data is described in
``/work/shared/authorities/NOTES.md`` (schemas, counts, quirks, date meanings).
"""

from .importer import import_authorities
from .index import AuthorityIndex

__all__ = ["AuthorityIndex", "import_authorities"]

"""Actors and events across volumes: the Office of the Historian's authority data.

``people`` (who a FRUS persons-list entry is, across volumes), ``pocom`` (who held which
Department post or mission, and when) and ``milestones`` (historical events) are read into
typed records (records.py), mapped to RDF (mapping.py), written as named graphs and
indexed for resolution (importer.py, index.py), and names in documents are resolved
against that index (resolve.py).  The data is described in the shared authorities'
NOTES.md (schemas, counts, quirks, date meanings).

Import the modules directly (``frus_kg.actors.importer``): the document mapping uses the
index and the resolver, and the authority mapping reuses the document mapping's terms.
"""

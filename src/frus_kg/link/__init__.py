"""Linking frus-kg resources to Wikidata (``frus-kg link wikidata``).

* ``client``   — the SPARQL client: descriptive User-Agent, retries on 429/5xx honouring
  ``Retry-After``, policy answers treated as errors, on-disk cache, ``offline`` mode;
* ``wikidata`` — the batched VALUES queries, in Wikidata's own vocabulary;
* ``ours``     — what we link (persons, places, organisations, events) and its name forms;
* ``match``    — evidence and scores; a name alone never links;
* ``graph``    — the links graph ``{base}graph/links/wikidata``;
* ``run``      — ``link_wikidata``, the whole run.
"""

from .client import (
    DEFAULT_USER_AGENT,
    WDQS_ENDPOINT,
    EndpointUnreachable,
    OfflineCacheMiss,
    PolicyAnswer,
    RetriesExhausted,
    WikidataClient,
    WikidataError,
)
from .run import link_wikidata, read_positions

__all__ = [
    "DEFAULT_USER_AGENT",
    "WDQS_ENDPOINT",
    "EndpointUnreachable",
    "OfflineCacheMiss",
    "PolicyAnswer",
    "RetriesExhausted",
    "WikidataClient",
    "WikidataError",
    "link_wikidata",
    "read_positions",
]

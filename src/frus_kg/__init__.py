"""frus-kg: FRUS documents as a validated RDF knowledge graph (RiC-O, PROV-O, SKOS)."""

__version__ = "0.1.0"

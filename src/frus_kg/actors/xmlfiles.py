"""Safe parsing of the small XML files of the authority data, and text helpers.

Entity expansion, DTD loading and network access are off; a file with an internal DTD
subset is refused (as tei.py refuses volumes that declare entities).  Every error is an
``InputError`` naming the file, so a reader can record it and go on.
"""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from ..errors import InputError
from ..textutil import norm

_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False,
                          remove_comments=True, remove_pis=True)


def parse(path: Path) -> etree._Element:
    """The root element of an XML file."""
    try:
        tree = etree.parse(str(path), _PARSER)
    except (etree.XMLSyntaxError, OSError) as exc:
        raise InputError(str(path), f"cannot parse XML: {exc}") from None
    if tree.docinfo.internalDTD is not None:
        raise InputError(str(path), "refused: the file declares a DTD subset")
    return tree.getroot()


def text(elem: etree._Element | None) -> str | None:
    """All text of an element, whitespace normalised; None when absent or empty."""
    if elem is None:
        return None
    return norm("".join(elem.itertext())) or None


def child_text(elem: etree._Element, path: str) -> str | None:
    return text(elem.find(path))


def texts(elem: etree._Element, path: str) -> tuple[str, ...]:
    """The non-empty texts of every element matching ``path``, in order."""
    return tuple(t for e in elem.iterfind(path) if (t := text(e)))

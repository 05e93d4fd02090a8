"""Content negotiation on the Accept header (RFC 9110 §12.5.1), with no dependencies.

``negotiate(accept, offers)`` returns the offer the client prefers most, or None when it
accepts none of them (the caller answers 406).  Ties between equally acceptable offers go
to the server's order of ``offers``; a more specific range in Accept wins over a wider one
(``text/turtle;q=0`` excludes Turtle even if ``*/*`` is accepted).
"""

from __future__ import annotations

from collections.abc import Sequence


def parse_accept(header: str | None) -> list[tuple[str, float]]:
    """The media ranges of an Accept header with their q-values; no header is ``*/*``."""
    if header is None or not header.strip():
        return [("*/*", 1.0)]
    ranges: list[tuple[str, float]] = []
    for part in header.split(","):
        fields = [f.strip() for f in part.split(";")]
        media = fields[0].lower()
        if not media:
            continue
        if "/" not in media:
            media = "*/*" if media == "*" else media  # tolerate a bare '*' from old clients
            if "/" not in media:
                continue
        q = 1.0
        for param in fields[1:]:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = min(max(float(value.strip()), 0.0), 1.0)
                except ValueError:
                    q = 0.0
        ranges.append((media, q))
    return ranges


def _quality(media: str, ranges: list[tuple[str, float]]) -> float:
    """The q-value the most specific matching range gives ``media`` (0 when none matches)."""
    kind = media.split("/", 1)[0]
    best_specificity, q = -1, 0.0
    for rng, rq in ranges:
        if rng == media:
            specificity = 2
        elif rng == f"{kind}/*":
            specificity = 1
        elif rng == "*/*":
            specificity = 0
        else:
            continue
        if specificity > best_specificity:
            best_specificity, q = specificity, rq
    return q


def negotiate(accept: str | None, offers: Sequence[str]) -> str | None:
    """The offer the client prefers (server order breaks ties), or None: 406."""
    ranges = parse_accept(accept)
    best, best_q = None, 0.0
    for offer in offers:
        q = _quality(offer, ranges)
        if q > best_q:
            best, best_q = offer, q
    return best

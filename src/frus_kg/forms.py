"""Documentary form of a FRUS document, read from its title (and TEI subtype)."""

from __future__ import annotations

import re

# Ordered: the first pattern that matches the start of the title wins.
_TITLE_FORMS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(p, re.I), form)
    for p, form in [
        (r"^editorial note", "editorial-note"),
        (r"^circular telegram", "circular-telegram"),
        (r"^circular airgram", "circular-airgram"),
        (r"^(?:paraphrase of )?telegram", "telegram"),
        (r"^(?:\w+ )?cable", "cable"),
        (r"^airgram", "airgram"),
        (r"^despatch", "despatch"),
        (r"^instruction", "instruction"),
        (r"^memorandum of (?:a )?conversation", "memorandum-of-conversation"),
        (r"^memorandum for the record", "memorandum-for-the-record"),
        (r"^action memorandum", "action-memorandum"),
        (r"^information memorandum", "information-memorandum"),
        (r"^(?:draft |briefing )?memorandum", "memorandum"),
        (r"^(?:draft )?letter", "letter"),
        (r"^note\b", "note"),
        (r"^(?:draft |special )?report", "report"),
        (r"^(?:special )?(?:national )?intelligence estimate", "intelligence-estimate"),
        (r"^minutes", "minutes"),
        (r"^summary (?:record|minutes)", "summary-record"),
        (r"^briefing paper", "briefing-paper"),
        (r"^(?:[\w-]+ )*paper\b", "paper"),
        (r"^message", "message"),
        (r"^(?:article|essay)", "article"),
        (r"^(?:address|speech|remarks)", "speech"),
        (r"^statement", "statement"),
        (r"^transcript", "transcript"),
        # 19th-century headings: "Mr. Lord to Mr. Hay." are despatches or instructions;
        # the direction decides, and only the text knows it, so keep it generic.
        (r"^(?:mr|señor|senor|the)\b.* to (?:mr|señor|senor|the)\b", "record"),
    ]
]

_SUBTYPE_FORMS = {"editorial-note": "editorial-note", "telegram": "telegram", "airgram": "airgram",
                  "memo": "memorandum", "nie": "intelligence-estimate"}


def form_from_title(title: str | None, subtype: str | None = None) -> str | None:
    """The documentary-form slug the title (or TEI subtype) states; None when unstated."""
    if subtype in _SUBTYPE_FORMS:
        return _SUBTYPE_FORMS[subtype]
    if not title:
        return None
    for pattern, form in _TITLE_FORMS:
        if pattern.search(title.strip()):
            return form
    return None

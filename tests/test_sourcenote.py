"""Tests for frus_kg.sourcenote on real FRUS source notes and footnotes.

The strings below are copied verbatim from the corpus (truth/*.json, text/*.txt and the
seed document) so that the tests do not read shared files at run time.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from frus_kg.model import AgentKind, Citation
from frus_kg.sourcenote import (
    infer_file_date,
    parse_citations,
    parse_markings,
    parse_source_note,
    split_names,
)

KEY = re.compile(r"[a-z0-9._-]+")

SEED_NOTE = (
    "Source: Department of State, Central Files, 737.00/4-2361. Secret; Priority; Limit "
    "Distribution. Drafted by Berle and cleared in L by Chayes and by Rusk. Repeated to "
    "Ciudad Trujillo."
)
SEED_FN2 = (
    "In circular telegram 1662 to all posts, the Department provided background information "
    "for high-level official discussion relating to the Bay of Pigs operation. The tenor of "
    "the information was that it was a Cuban operation in inspiration and personnel, with "
    "some official and private U.S. support. (Ibid.)"
)
SEED_FN4 = (
    "The Department sent out another circular telegram on April 24 expressing concern over "
    "the continued transit of the territory of countries friendly to the United States by "
    "Soviet bloc aircraft en route to Havana. (Department of State, Central Files, "
    "737.00/4-2461)"
)
V12_D112 = (
    "Source: Department of State, Central Files, 737.00/5-1861. Confidential. Drafted by "
    "Director of the Office of Inter-American Regional Political Affairs Edward A. Jamison, "
    "cleared by Chairman of the Task Force on Latin America Adolph A. Berle and Officer in "
    "Charge of Colombian Affairs Sam Moskowitz, and approved by Acting Assistant Secretary "
    "for Inter-American Affairs Wymberley DeR. Coerr."
)
GUAT_D2 = (
    "Source: Central Intelligence Agency, Job 79–01025A, Box 151, Folder 4. Secret. This "
    "memorandum is attached to a January 14 memorandum from J.S. Earman, Assistant to the "
    "Director, to Rear Admiral Robert L. Dennison, Naval Aide to the President, that reads: "
    "“The Director of Central Intelligence has requested that the subject memorandum be shown "
    "to the President. It is to be noted that the information contained therein has not been "
    "coordinated with the members of the Intelligence Advisory Committee.”"
)
GUAT_D5 = (
    "Source: Central Intelligence Agency, Job 79–01025A, Box 145, Folder 12. Secret; Priority; "
    "[codeword not declassified]. A similar telegram was dispatched on January 29. (Ibid.)"
)
V01_D2 = (
    "Source: The Richard Nixon Library, Nixon Papers. Unclassified; Off-the-Record; Not for "
    "Publication. Printed by permission of the Richard Nixon Library and Birthplace, Yorba "
    "Linda, California. The speech was delivered in the Bohemian Grove, on the shore of a small "
    "lake near San Francisco, site of the annual retreat of the Bohemian men's club. Nixon notes "
    "in his memoirs that former President Herbert Hoover had regularly delivered the featured "
    "Lakeside address at the retreat, and after Hoover's death in 1964, Nixon was invited to "
    "deliver the 1967 address in Hoover's honor. (RN: The Memoirs of Richard Nixon, p. 284)"
)
V01_D3 = (
    "Source: Foreign Affairs, Vol. 46, No. 1, October 1967, pp. 113-125. Reprinted by "
    "permission of Foreign Affairs, 2002. Copyright 1967 by the Council on Foreign Relations, Inc."
)
V01_D4 = (
    "Source: From American Foreign Policy: Three Essays by Henry Kissinger. (New York: W. W. "
    "Norton, 1969), pp. 51-97. © Copyright 1977, 1974, 1969 by Henry Kissinger. Used by "
    "permission of W.W. Norton &Company, Inc. The other two essays in the book are entitled "
    "“Domestic Structure and Foreign Policy” and “The Vietnam Negotiations.” The latter was also "
    "published in January 1969 in Foreign Affairs (Vol. 47, No. 2). The essay printed here was "
    "first published in Agenda for a Nation (Washington, D.C.: The Brookings Institution, 1968)"
)
V12_D15 = (
    "Source: Kennedy Library, National Security Files, Latin America, April-August 1961. "
    "Secret. Drafted by Braddock. The full text of the paper, dated May 25, is in Department "
    "of State, Central Files, 611.20/6-261. It was discussed at the Secretary's Policy Planning "
    "meeting on June 8. (Ibid., S/PC Files: Lot 71 D 273, Latin America)"
)
V12_D117 = (
    "Source: Department of State, Central Files, 371.05/10-1761. Confidential; Priority. "
    "Drafted by Bowdler and Jamison; cleared by William Barnes, John H. Crimmins, Alton W. "
    "Hemba, and Samuel O. Lane, Deputy Directors of the Offices of Central American and "
    "Panamanian Affairs, Caribbean and Mexican Affairs, East Coast Affairs, and West Coast "
    "Affairs, respectively; and approved by Coerr. Repeated to Ciudad Trujillo, POLAD "
    "CINCLANT, POLAD SACLANT, and USUN."
)
V77_D13 = (
    "Source: Carter Library, Plains File, Subject File, Box 41, Transition: Foreign Policy "
    "Priorities, 11/76. No classification marking. Sent to Carter under a November 3 "
    "memorandum from Brzezinski, Gardner, and Owen, indicating it contained the “foreign "
    "policy priorities for the first six months.” Another copy of the memorandum is in the "
    "Minnesota Historical Society, Mondale Papers, Vice Presidential Papers, Counsel and Deputy "
    "Chief of Staff Files, Transition Files, Transition Notebooks."
)


def keys(citation: Citation) -> list[str]:
    return [ref.key for ref in citation.path]


def levels(citation: Citation) -> list[str]:
    return [ref.level for ref in citation.path]


def names(agents) -> list[str]:
    return [agent.name for agent in agents]


# ------------------------------------------------------------------ the seed document


def test_seed_source_note() -> None:
    note = parse_source_note(SEED_NOTE)
    assert note.text == SEED_NOTE
    assert note.summary is None
    (citation,) = note.citations
    assert citation.text == "Department of State, Central Files, 737.00/4-2361"
    assert keys(citation) == ["nara", "rg59", "central-files", "737.00", "4-2361"]
    assert levels(citation) == ["repository", "record-group", "series", "decimal-file", "file"]
    assert citation.path[1].label == "General Records of the Department of State (RG 59)"
    assert citation.path[3].identifier == "737.00"
    assert citation.file.identifier == "737.00/4-2361"
    assert citation.file_date == "1961-04-23"
    assert not citation.published
    assert note.classification == "secret"
    assert note.precedence == ["priority"]
    assert note.handling == ["limit-distribution"]
    assert names(note.drafters) == ["Berle"]
    assert names(note.clearers) == ["Chayes", "Rusk"]
    assert [agent.office for agent in note.clearers] == ["L", None]
    assert note.approvers == []
    assert names(note.repeated_to) == ["Ciudad Trujillo"]
    assert note.repeated_to[0].kind is AgentKind.INSTITUTION


def test_seed_footnotes_chain_ibid_and_cite_the_next_day_file() -> None:
    (source,) = parse_citations(SEED_NOTE)
    (ibid,) = parse_citations(SEED_FN2, source)
    assert ibid.text == "Ibid."
    assert keys(ibid) == keys(source)
    assert ibid.file_date == "1961-04-23"
    (fn4,) = parse_citations(SEED_FN4, ibid)
    assert keys(fn4) == ["nara", "rg59", "central-files", "737.00", "4-2461"]
    assert fn4.file_date == "1961-04-24"
    # The same decimal file in two citations gets the same path above the file unit.
    assert keys(fn4)[:4] == keys(source)[:4]


def test_path_elements_are_not_shared_between_citations() -> None:
    (source,) = parse_citations(SEED_NOTE)
    (ibid,) = parse_citations("(Ibid.)", source)
    ibid.path[0].label = "changed"
    assert source.path[0].label == "National Archives"


# ------------------------------------------------------------ drafting and clearance


def test_v12_d112_titles_split_from_names() -> None:
    note = parse_source_note(V12_D112)
    (drafter,) = note.drafters
    assert drafter.name == "Edward A. Jamison"
    assert drafter.description == "Director of the Office of Inter-American Regional Political Affairs"
    assert names(note.clearers) == ["Adolph A. Berle", "Sam Moskowitz"]
    assert note.clearers[0].description == "Chairman of the Task Force on Latin America"
    assert note.clearers[1].description == "Officer in Charge of Colombian Affairs"
    (approver,) = note.approvers
    assert approver.name == "Wymberley DeR. Coerr"
    assert approver.description == "Acting Assistant Secretary for Inter-American Affairs"
    assert note.classification == "confidential"
    assert note.citations[0].file_date == "1961-05-18"


def test_respectively_titles_are_not_taken_for_names() -> None:
    note = parse_source_note(V12_D117)
    assert names(note.drafters) == ["Bowdler", "Jamison"]
    assert names(note.clearers) == [
        "William Barnes",
        "John H. Crimmins",
        "Alton W. Hemba",
        "Samuel O. Lane",
    ]
    assert names(note.approvers) == ["Coerr"]
    assert names(note.repeated_to) == ["Ciudad Trujillo", "POLAD CINCLANT", "POLAD SACLANT", "USUN"]


def test_commas_and_ands_inside_titles() -> None:
    note = parse_source_note(
        "Source: Department of State, Central Files, 737.00/12-2961. Confidential. Drafted by "
        "Jamison; cleared by Assistant Legal Adviser for Inter-American Affairs Marjorie M. "
        "Whiteman, Director of the Office of Central American and Panamanian Affairs Katherine "
        "W. Bracken, Hemba, Belcher, and Crimmins; and approved by Woodward."
    )
    assert names(note.clearers) == [
        "Marjorie M. Whiteman",
        "Katherine W. Bracken",
        "Hemba",
        "Belcher",
        "Crimmins",
    ]
    assert note.clearers[1].description == "Director of the Office of Central American and Panamanian Affairs"
    assert names(note.approvers) == ["Woodward"]


def test_suffix_office_in_parentheses_and_of_office() -> None:
    d138 = parse_source_note(
        "Source: Department of State, Central Files, 711.11-KE/1-2462. Confidential; Niact; "
        "Limit Distribution. Drafted by Deputy Director of the Office of Inter-American Regional "
        "Political Affairs John M. Cates, Jr., cleared by Deputy Special Assistant to the "
        "President for National Security Affairs Carl Kaysen, and approved by Walter Collopy."
    )
    assert names(d138.drafters) == ["John M. Cates, Jr."]
    assert names(d138.clearers) == ["Carl Kaysen"]
    assert names(d138.approvers) == ["Walter Collopy"]
    assert d138.precedence == ["niact"] and d138.handling == ["limit-distribution"]
    assert d138.citations[0].path[3].key == "711.11-ke"

    d132 = parse_source_note(
        "Source: Department of State, Central Files, 737.00/1-962. Confidential. Drafted by "
        "Woodward and Jamison; cleared by Belcher, Whitman, Bowden (SOV), Bracken, and Charles "
        "K. Johnson; and approved by Rusk."
    )
    assert names(d132.clearers) == ["Belcher", "Whitman", "Bowden", "Bracken", "Charles K. Johnson"]
    assert d132.clearers[2].office == "SOV"

    d114 = parse_source_note(
        "Source: Department of State, Central Files, 737.00/6-2461. Confidential. Drafted by "
        "William G. Bowdler of the Office of Inter-American Regional Political Affairs and "
        "approved by Coerr. Repeated to USUN and to CINCARIB for POLAD."
    )
    (bowdler,) = d114.drafters
    assert (bowdler.name, bowdler.office) == (
        "William G. Bowdler",
        "Office of Inter-American Regional Political Affairs",
    )
    assert names(d114.repeated_to) == ["USUN", "CINCARIB"]
    assert d114.repeated_to[1].description == "for POLAD"


def test_dates_offices_and_role_references_in_clauses() -> None:
    d11 = parse_source_note(
        "Source: Kennedy Library, National Security Files, Stevenson Trip to Latin America. "
        "Secret. Drafted by Cleveland on May 25 and approved by M. Manfull of S/S the same day. "
        "A note on the source text reads: “not cleared by the President or the Secretary.” The "
        "meeting was held at the White House."
    )
    assert names(d11.drafters) == ["Cleveland"]
    assert [(a.name, a.office) for a in d11.approvers] == [("M. Manfull", "S/S")]
    assert d11.clearers == []  # the quoted "not cleared by" is not a clearance

    d116 = parse_source_note(
        "Source: Department of State, Conference Files: Lot 65 D 366, CF 1957. Confidential. "
        "Drafted by Braddock, cleared in draft with Achilles, and approved in S on September 27. "
        "The conversation was held at the U.S. Mission to the United Nations."
    )
    assert names(d116.clearers) == ["Achilles"]
    assert [(a.name, a.kind) for a in d116.approvers] == [("S", AgentKind.INSTITUTION)]

    d133 = parse_source_note(
        "Source: Department of State, Central Files, 737.00/1-1162. Confidential; Niact. Drafted "
        "by Woodward and Jamison, cleared in draft by Rusk and with the White House, and approved "
        "by Woodward."
    )
    assert [(a.name, a.kind) for a in d133.clearers] == [
        ("Rusk", AgentKind.PERSON),
        ("White House", AgentKind.INSTITUTION),
    ]

    d118 = parse_source_note(
        "Source: Department of State, Central Files, 737.00/11-461. Confidential. Drafted by "
        "Coerr, Bowdler, and Jamison and cleared in the Legal Adviser's Office."
    )
    assert names(d118.drafters) == ["Coerr", "Bowdler", "Jamison"]
    assert names(d118.clearers) == ["Legal Adviser's Office"]

    d125 = parse_source_note(
        "Source: Department of State, Conference Files: Lot 65 D 366, CF 2016. Confidential. "
        "Drafted by Dearborn on December 20 and approved by the White House on January 8, 1962."
    )
    assert names(d125.drafters) == ["Dearborn"]
    assert names(d125.approvers) == ["White House"]

    d127 = parse_source_note(
        "Source: Department of State, Central Files, 737.00/12-2661. Confidential. Drafted by "
        "Woodward, cleared by the President, and approved by Woodward."
    )
    assert names(d127.clearers) == ["President"]

    d124 = parse_source_note(
        "Source: Department of State, Central Files, 737.00/12-1661. Secret. Drafted by Stewart, "
        "Van Reigersberg, and Moskowitz. Approved in the White House on February 6. President "
        "Kennedy traveled to Venezuela December 16 and 17."
    )
    assert names(d124.drafters) == ["Stewart", "Van Reigersberg", "Moskowitz"]
    assert names(d124.approvers) == ["White House"]


def test_other_drafting_shapes() -> None:
    note = parse_source_note(
        "Source: Department of State, Central Files, 611.37/1-1161. Secret. Drafted by Coerr "
        "(ARA) and approved by U. Alexis Johnson. Also sent to Paris and London."
    )
    assert [(a.name, a.office) for a in note.drafters] == [("Coerr", "ARA")]
    assert names(note.approvers) == ["U. Alexis Johnson"]
    assert names(note.repeated_to) == ["Paris", "London"]

    shared = parse_source_note("Source: Department of State, Central Files, 611.37/1-1161. Secret. Drafted and approved by Rusk.")
    assert names(shared.drafters) == names(shared.approvers) == ["Rusk"]
    assert shared.drafters[0] is not shared.approvers[0]

    office = parse_source_note("Source: Ibid. Secret. Drafted in ARA by Jamison. Cleared with Rusk and Ball. Initialed by Kennedy.")
    assert [(a.name, a.office) for a in office.drafters] == [("Jamison", "ARA")]
    assert names(office.clearers) == ["Rusk", "Ball"]
    assert office.citations == []  # an Ibid. with nothing before it is not guessed


def test_split_names() -> None:
    agents = split_names(
        "Chairman of the Task Force on Latin America Adolph A. Berle and Officer in Charge of "
        "Colombian Affairs Sam Moskowitz"
    )
    assert [(a.name, a.description) for a in agents] == [
        ("Adolph A. Berle", "Chairman of the Task Force on Latin America"),
        ("Sam Moskowitz", "Officer in Charge of Colombian Affairs"),
    ]
    assert names(split_names("Kerr, Fowler, Sternfeld, Wallner, Coerr, and Korn")) == [
        "Kerr", "Fowler", "Sternfeld", "Wallner", "Coerr", "Korn",
    ]
    # A title with no name after it yields nothing rather than an invented name.
    assert split_names("Director of the Office of Management") == []
    assert split_names("") == []


def test_repeated_to_lists() -> None:
    note = parse_source_note(
        "Source: Department of State, Central Files, 371.04/1-2362. Confidential; Priority. "
        "Repeated to Buenos Aires, Rio de Janeiro, Santiago, Mexico City, Port-au-Prince, and "
        "USUN. Received at 1:20 p.m."
    )
    assert names(note.repeated_to) == [
        "Buenos Aires", "Rio de Janeiro", "Santiago", "Mexico City", "Port-au-Prince", "USUN",
    ]
    short = parse_source_note("Source: Ibid. Secret. Repeated to Paris, London and USUN.")
    assert names(short.repeated_to) == ["Paris", "London", "USUN"]
    copies = parse_source_note(
        "Source: Department of State, Central Files, 737.00/11-1561. Confidential. Drafted by "
        "Morrison. A note attached to the source text indicates that the memorandum was sent to "
        "Ball. Copies were also sent to Coerr, Jamison, Hartwick, and Crimmins."
    )
    assert copies.repeated_to == []


# ------------------------------------------------------------------------- markings


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Secret; Priority; Limit Distribution.", ("secret", ["priority"], ["limit-distribution"])),
        ("Confidential; Niact; Eyes Only.", ("confidential", ["niact"], ["eyes-only"])),
        ("Secret; Niact.", ("secret", ["niact"], [])),
        ("Top Secret.", ("top-secret", [], [])),
        ("Official Use Only.", ("official-use-only", [], [])),
        ("Unclassified.", ("unclassified", [], [])),
        ("No classification marking.", ("no-classification-marking", [], [])),
        ("Personal.", (None, [], ["personal"])),
        (
            "Unclassified; Off-the-Record; Not for Publication.",
            ("unclassified", [], ["off-the-record", "not-for-publication"]),
        ),
        (
            "Secret; Priority; [codeword not declassified].",
            ("secret", ["priority"], ["codeword-not-declassified"]),
        ),
        ("Secret; Routine.", ("secret", ["routine"], [])),
        ("Limited Official Use; Exdis", ("limited-official-use", [], ["exdis"])),
        # Words the vocabulary lacks are dropped after a classification, never invented.
        ("Secret; Cherokee; Nodis.", ("secret", [], ["nodis"])),
    ],
)
def test_parse_markings(sentence: str, expected: tuple) -> None:
    assert parse_markings(sentence) == expected


@pytest.mark.parametrize(
    "sentence",
    [
        "Secret information was passed to the Embassy.",
        "The memorandum was marked Secret at the top.",
        "Reprinted by permission of Foreign Affairs, 2002.",
        "Personal and private views were exchanged.",
        "",
    ],
)
def test_prose_is_not_a_marking(sentence: str) -> None:
    assert parse_markings(sentence) == (None, [], [])


def test_marking_words_in_prose_are_ignored() -> None:
    note = parse_source_note(
        "Source: Truman Library, Acheson Papers. The memorandum was marked Secret at the top."
    )
    assert note.classification is None and note.handling == []


# ------------------------------------------------------------------------ citations


@pytest.mark.parametrize(
    ("identifier", "expected"),
    [
        ("737.00/4-2361", "1961-04-23"),
        ("371.8/8-961", "1961-08-09"),
        ("739.00(W)/6-661", "1961-06-06"),
        ("611.37/1-1161", "1961-01-11"),
        ("033.1100-ST/3-461", "1961-03-04"),
        ("371.05/12-1661", "1961-12-16"),
        ("371.04/1-362", "1962-01-03"),
        ("033.1100-ST", None),
        ("737.00/2-3061", None),  # no February 30
        ("737.00/13-161", None),
        ("", None),
    ],
)
def test_infer_file_date(identifier: str, expected: str | None) -> None:
    assert infer_file_date(identifier) == expected


@pytest.mark.parametrize(
    ("text", "decimal_key", "file_key"),
    [
        ("Department of State, Central Files, 371.8/8-961", "371.8", "8-961"),
        ("Department of State, Central Files, 739.00(W)/6-661", "739.00-w", "6-661"),
        ("Department of State, Central Files, 611.37/1-1161", "611.37", "1-1161"),
        ("Department of State, Central Files, 033.1100-ST/3-461", "033.1100-st", "3-461"),
        ("Department of State, Central Files, 720.5-MSP/9-2761", "720.5-msp", "9-2761"),
    ],
)
def test_decimal_file_variants(text: str, decimal_key: str, file_key: str) -> None:
    (citation,) = parse_citations(text)
    assert keys(citation) == ["nara", "rg59", "central-files", decimal_key, file_key]
    assert citation.file.identifier == text.rsplit(", ", 1)[1]


def test_decimal_file_without_date() -> None:
    (citation,) = parse_citations("Department of State, Central Files, 033.1100-ST")
    assert keys(citation) == ["nara", "rg59", "central-files", "033.1100-st"]
    assert citation.file.level == "decimal-file"
    assert citation.file_date is None


def test_several_files_in_one_citation() -> None:
    text = (
        "The Venezuelan proposal for a meeting of Foreign Ministers to urge sanctions short of "
        "armed intervention against Cuba was reported in telegrams 3072 and 3089 from New York, "
        "dated May 9 and 11. (Department of State, Central Files, 737.00/5-961 and "
        "737.00/5-1161, respectively)"
    )
    first, second = parse_citations(text)
    assert first.file.identifier == "737.00/5-961" and first.file_date == "1961-05-09"
    assert second.file.identifier == "737.00/5-1161" and second.file_date == "1961-05-11"


def test_ibid_with_a_new_file_and_unresolvable_ibid() -> None:
    previous = parse_citations("Department of State, Central Files, 737.00/5-1861")[0]
    (ibid,) = parse_citations(
        "The agenda was adopted unanimously by the Council of the OAS on May 31 as described in "
        "Circular CA-10391 of the same day. (Ibid., 371.8/5-3161)",
        previous,
    )
    assert keys(ibid) == ["nara", "rg59", "central-files", "371.8", "5-3161"]
    assert ibid.file_date == "1961-05-31"
    assert parse_citations("Ibid., 371.8/5-3161") == []
    assert parse_citations("Not printed. (Ibid.)") == []
    kennedy = parse_citations("(Kennedy Library)")[0]
    # A decimal file cannot be in the Kennedy Library: no guess.
    assert parse_citations("(Ibid., 737.00/5-861)", kennedy) == []


def test_ibid_chains_within_one_text() -> None:
    citations = parse_citations(V12_D15)
    assert [c.text for c in citations] == [
        "Kennedy Library, National Security Files, Latin America, April-August 1961",
        "Department of State, Central Files, 611.20/6-261",
        "Ibid., S/PC Files: Lot 71 D 273, Latin America",
    ]
    assert keys(citations[2]) == ["nara", "rg59", "lot-71-d-273", "latin-america"]
    # The note's own location is only the first sentence.
    assert [c.text for c in parse_source_note(V12_D15).citations] == [citations[0].text]


def test_ibid_in_prose_and_lower_case() -> None:
    previous = parse_citations("(Department of State, Central Files, 371.05/10-1661)")[0]
    both = parse_citations(
        "Documentation on this subject is ibid., 371.05 and 737.00.", previous
    )
    assert [keys(c)[-1] for c in both] == ["371.05", "737.00"]
    (lot,) = parse_citations(
        "A more detailed record of the conversation is ibid., Secretary's Memoranda of "
        "Conversation: Lot 65 D 330.",
        previous,
    )
    assert keys(lot) == ["nara", "rg59", "lot-65-d-330"]
    assert lot.path[2].label == "Secretary's Memoranda of Conversation"


def test_subject_numeric_file() -> None:
    (citation,) = parse_citations("RG 59, Central Files 1964–66, POL 23–8 DOM REP")
    assert keys(citation) == ["nara", "rg59", "central-files-1964-66", "pol-23-8-dom-rep"]
    assert citation.path[2].label == "Central Files 1964-66"
    assert citation.file.level == "subject-numeric-file"
    assert citation.file.identifier == "POL 23–8 DOM REP"


def test_lot_files() -> None:
    (citation,) = parse_citations(
        "Department of State, Latin America Task Force Files: Lot 61 D 298, Task Force on "
        "Latin America, Minutes"
    )
    assert keys(citation)[:3] == ["nara", "rg59", "lot-61-d-298"]
    lot = citation.path[2]
    assert (lot.level, lot.label, lot.identifier) == (
        "lot-file",
        "Latin America Task Force Files",
        "Lot 61 D 298",
    )
    assert citation.file.level == "folder"
    (misc,) = parse_citations("(Department of State, S/S–NSC (Misc) Files: Lot 66 D 95)")
    assert keys(misc) == ["nara", "rg59", "lot-66-d-95"]
    (conference,) = parse_citations(
        "Turbay met with Rusk on September 21 and 22. Memoranda of the conversations are in "
        "Department of State, Conference Files: Lot 65 D 366, CF 1957."
    )
    assert keys(conference) == ["nara", "rg59", "lot-65-d-366", "cf-1957"]


def test_presidential_libraries() -> None:
    (kennedy,) = parse_citations(
        "Kennedy Library, National Security Files, Countries Series, Dominican Republic, "
        "General, 1/61–3/61"
    )
    assert levels(kennedy) == ["repository", "collection", "series", "folder"]
    assert kennedy.path[0].label == "John F. Kennedy Library"
    assert keys(kennedy)[:3] == ["kennedy-library", "national-security-files", "countries-series"]
    assert kennedy.file.label == "Dominican Republic, General, 1/61–3/61"

    (transition,) = parse_source_note(
        "Source: Kennedy Library, Pre-Presidential Papers, Transition Series, Task Force "
        "Reports 1960, Latin America. No classification marking."
    ).citations
    assert keys(transition)[:3] == ["kennedy-library", "pre-presidential-papers", "transition-series"]

    (carter,) = parse_citations(
        "Carter Library, 1976 Presidential Campaign, Issues Office, Issues Office—Stuart "
        "Eizenstat, Box 9, Debates—Briefing Material [2]"
    )
    assert levels(carter) == ["repository", "collection", "series", "series", "box", "folder"]
    assert carter.path[0].key == "carter-library"

    (johnson,) = parse_citations("(Johnson Library)")
    assert keys(johnson) == ["johnson-library"]

    (nixon,) = parse_source_note(V01_D2).citations
    assert keys(nixon) == ["nixon-library", "nixon-papers"]

    (materials,) = parse_citations("Nixon Presidential Materials, NSC Files, Box 1234, Chile, Vol. I")
    assert keys(materials)[:4] == ["nara", "nixon-presidential-materials", "nsc-files", "box-1234"]


def test_other_archives() -> None:
    (yale,) = parse_citations("Yale University Library, Bowles Papers, Box 392, Folder 154")
    assert keys(yale) == ["yale-university-library", "bowles-papers", "box-392", "folder-154"]
    (wnrc,) = parse_citations("Washington National Records Center, RG 330, FRC 330 69 A 7425")
    assert keys(wnrc) == ["wnrc", "rg330", "frc-330-69-a-7425"]
    assert levels(wnrc) == ["repository", "record-group", "accession"]
    (princeton,) = parse_citations(
        "A copy of the memorandum that Lleras Camargo gave Stevenson on June 21 is in the "
        "Princeton University, Seeley G. Mudd Manuscript Library, Stevenson Papers, Previously "
        "Embargoed Files, Box 2, Cuba."
    )
    assert princeton.text.startswith("Princeton University, Seeley G. Mudd Manuscript Library")
    assert princeton.path[0].label == "Princeton University, Seeley G. Mudd Manuscript Library"
    assert levels(princeton) == ["repository", "collection", "series", "box", "folder"]


def test_cia_jobs_and_ibid_box() -> None:
    note = parse_source_note(GUAT_D2)
    (citation,) = note.citations
    assert keys(citation) == ["cia", "job-79-01025a", "box-151", "folder-4"]
    assert levels(citation) == ["repository", "job", "box", "folder"]
    assert citation.path[1].identifier == "Job 79–01025A"
    assert note.classification == "secret"
    assert note.drafters == note.clearers == note.approvers == []

    d5 = parse_source_note(GUAT_D5)
    assert d5.handling == ["codeword-not-declassified"]
    source, ibid = parse_citations(GUAT_D5)
    assert keys(ibid) == keys(source)
    (box7,) = parse_citations(
        "In a January 29 response the Chief of Station suggested additional names. (Telegram to "
        "CIA Station in [place not declassified] January 29; ibid., Box 7, Folder 1)",
        ibid,
    )
    assert keys(box7) == ["cia", "job-79-01025a", "box-7", "folder-1"]


def test_publications() -> None:
    (papers,) = parse_citations(
        "For text, see Public Papers of the Presidents of the United States: John F. Kennedy, "
        "1961, pp. 276-279."
    )
    assert papers.published
    assert levels(papers) == ["publication"]
    assert papers.path[0].label == "Public Papers of the Presidents of the United States: John F. Kennedy, 1961"

    (bulletin,) = parse_citations(
        "The text of the address is in Department of State Bulletin, August 28, 1961, pp. 356-360."
    )
    assert bulletin.path[0].key == "department-of-state-bulletin-august-28-1961"

    note = parse_source_note(V01_D3)
    (journal,) = note.citations
    assert journal.published
    assert journal.path[0].label == "Foreign Affairs, Vol. 46, No. 1, October 1967"
    assert note.classification is None

    (book,) = parse_source_note(V01_D4).citations
    assert book.published
    assert book.path[0].label == "American Foreign Policy: Three Essays by Henry Kissinger"

    _, memoirs = parse_citations(V01_D2)
    assert memoirs.published and memoirs.path[0].label == "RN: The Memoirs of Richard Nixon"

    newspaper = parse_citations(
        "Elections took place in Italy the weekend of June 19–20; see Bernard Gwertzman, "
        "“Kissinger Voices Concern on Italy: Says Election Results Have Not Basically Eased "
        "Worry Over a Role for Reds,” The New York Times, June 23, 1976, pp. 1, 8 and Alvin "
        "Shuster, “Communists Gain 49 Crucial Seats in Italy Contest: Christian Democratic Party "
        "Wins but Gap Is Narrowed in the Final Returns,” ibid., pp. 1, 6."
    )
    assert [c.path[0].label for c in newspaper] == [
        "The New York Times, June 23, 1976",
        "The New York Times, June 23, 1976",
    ]
    assert all(c.published for c in newspaper)


def test_source_note_with_later_prose_citations() -> None:
    note = parse_source_note(V77_D13)
    (location,) = note.citations
    assert levels(location) == ["repository", "collection", "series", "box", "folder"]
    assert location.file.label == "Transition: Foreign Policy Priorities, 11/76"
    assert note.classification == "no-classification-marking"
    assert note.repeated_to == []
    _, copy = parse_citations(V77_D13)
    assert copy.path[0].key == "minnesota-historical-society"
    assert copy.path[1].label == "Mondale Papers"


def test_prose_without_citations() -> None:
    assert parse_citations(
        "Printed by permission of the Richard Nixon Library and Birthplace, Yorba Linda, "
        "California. According to The New York Times, 90 million people watched the debate."
    ) == []
    assert parse_citations("Colombian Ambassador Carlos Sanz de Santamaria.") == []


def test_unknown_archive_keeps_the_raw_citation() -> None:
    note = parse_source_note("Source: [text not declassified]. Secret.")
    (citation,) = note.citations
    assert citation.path == []
    assert citation.text == "[text not declassified]"
    assert note.classification == "secret"


def test_summary_before_source() -> None:
    note = parse_source_note(
        "Summary: Kissinger and Dobrynin discussed SALT. Source: National Archives, Nixon "
        "Presidential Materials, NSC Files, Box 489, President/Kissinger Memos. Top Secret; "
        "Sensitive."
    )
    assert note.summary == "Kissinger and Dobrynin discussed SALT."
    assert keys(note.citations[0])[:2] == ["nara", "nixon-presidential-materials"]
    assert (note.classification, note.handling) == ("top-secret", ["sensitive"])


def test_withheld_document_note() -> None:
    note = parse_source_note(
        "[Source: Department of State, Central Files, 737.00/6-161. Secret. 2 pages of source "
        "text not declassified.]"
    )
    assert note.citations[0].file_date == "1961-06-01"
    assert note.classification == "secret"


def test_whitespace_and_line_breaks_are_normalised() -> None:
    wrapped = parse_source_note(SEED_NOTE.replace(" ", "\n            ", 5))
    assert wrapped.citations[0].text == "Department of State, Central Files, 737.00/4-2361"
    assert names(wrapped.clearers) == ["Chayes", "Rusk"]


# ---------------------------------------------------------------------- robustness

REAL = [SEED_NOTE, SEED_FN2, SEED_FN4, V12_D112, GUAT_D2, GUAT_D5, V01_D2, V01_D4, V12_D15, V12_D117]


def check_result(note_text: str) -> None:
    note = parse_source_note(note_text)
    assert note.text == note_text
    for citation in [*note.citations, *parse_citations(note_text, note.citations[-1] if note.citations else None)]:
        for ref in citation.path:
            assert KEY.fullmatch(ref.key), ref.key
    for agent in [*note.drafters, *note.clearers, *note.approvers, *note.repeated_to]:
        assert agent.name.strip()
    parse_markings(note_text)
    split_names(note_text)
    infer_file_date(note_text)


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_random_text_never_raises(text: str) -> None:
    check_result(text)


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(REAL),
    st.integers(min_value=0, max_value=600),
    st.integers(min_value=0, max_value=600),
    st.text(alphabet="()[]“”‘’–—;,.: ÄéIbid.SourceLot 0123456789/-", max_size=20),
)
def test_mangled_real_notes_never_raise(text: str, start: int, end: int, noise: str) -> None:
    check_result(text[start:] + noise + text[:end])
    check_result(text[:start] + noise + text[start:])


def test_long_text_is_handled() -> None:
    text = " ".join([SEED_NOTE, SEED_FN2, V12_D15] * 300)
    note = parse_source_note(text)
    assert note.classification == "secret"
    assert len(parse_citations(text)) > 300

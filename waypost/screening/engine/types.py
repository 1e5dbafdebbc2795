"""Plain data exchanged with the screening engine.

The engine never sees a Django model: importers turn list files into
:class:`ListEntry` values, the app turns contacts and planned meetings into
:class:`Subject` values, and the engine answers with :class:`Match` values that
the app stores together with the list version they were computed against.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import date


class EntityKind(enum.StrEnum):
    PERSON = "person"
    ORGANISATION = "organisation"
    VESSEL = "vessel"
    AIRCRAFT = "aircraft"
    UNKNOWN = "unknown"


class NameKind(enum.StrEnum):
    PRIMARY = "primary"
    ALIAS = "alias"  # a strong a.k.a.
    WEAK_ALIAS = "weak_alias"  # low-quality a.k.a. (OFAC "weak", UN "Low")
    FORMER = "former"  # f.k.a.
    ORIGINAL_SCRIPT = "original_script"


@dataclass(frozen=True, slots=True)
class EntryName:
    text: str
    kind: NameKind = NameKind.PRIMARY
    # True when the importer built this spelling from a published one (e.g. OFAC's
    # "SURNAME, Given" also offered as "Given SURNAME"); the publisher never printed it.
    derived: bool = False


@dataclass(frozen=True, slots=True)
class ListEntry:
    """One entry of a restricted-party list, as published.

    ``list_id`` names the list (``ofac-sdn``, ``un``, ``eu`` …); ``entry_id`` is the
    publisher's own identifier, stable across versions of the list.
    """

    list_id: str
    entry_id: str
    kind: EntityKind
    names: tuple[EntryName, ...]
    countries: tuple[str, ...] = ()  # ISO 3166 alpha-2, upper case
    birth_dates: tuple[str, ...] = ()  # ISO dates or partial dates: "1961", "1961-05", "1961-05-07"
    programs: tuple[str, ...] = ()
    remarks: str = ""
    source_url: str = ""
    extra: tuple[tuple[str, str], ...] = ()

    @property
    def primary_name(self) -> str:
        for name in self.names:
            if name.kind is NameKind.PRIMARY:
                return name.text
        return self.names[0].text if self.names else ""


@dataclass(frozen=True, slots=True)
class Subject:
    """Someone or something to screen: a contact, a planned meeting, an event host."""

    name: str
    kind: EntityKind = EntityKind.UNKNOWN
    countries: tuple[str, ...] = ()
    birth_date: date | None = None


@dataclass(frozen=True, slots=True)
class Match:
    list_id: str
    entry_id: str
    name: str  # the entry's primary name
    matched_name: str  # the alias or original-script name that scored best
    score: float  # 0..1
    explanation: dict[str, object] = field(default_factory=dict)

"""Country groups: named sets of countries shipped as data (NATO, EU, EAR country groups …).

Guidance rules name destinations by group (``groups: [us-allies]``) so that an authority does not
have to repeat, and keep in step, long lists of countries. Each group lives in one YAML file under
``waypost/geo/data/country_groups/<id>.yaml`` with its official source and an as-of date, because a
list of allies or embargoed countries is only meaningful together with where and when it was read.

A group file either lists ``members`` (ISO 3166-1 alpha-2 codes) or names other groups in ``union``
(or both); the loader resolves unions, so a derived group such as ``us-allies`` cannot drift from the
groups it is built from. Cycles and unknown group ids are errors.

This module is pure Python (no Django): the policy engine and the Django ``geo`` app both use it.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pycountry
import yaml

__all__ = [
    "DEFAULT_DIRECTORY",
    "CountryGroup",
    "CountryGroupError",
    "gettext_noop",
    "is_country_code",
    "load_country_groups",
]

DEFAULT_DIRECTORY = Path(__file__).resolve().parent / "data" / "country_groups"

#: Codes accepted besides ISO 3166-1: Kosovo's user-assigned code, used by airlines and by
#: ``airportsdata`` for Pristina, although ISO has not assigned it.
EXTRA_COUNTRY_CODES = frozenset({"XK"})

#: Named placeholders and escaped percent signs; any other ``%`` makes a translation unusable.
_NAMED = re.compile(r"%\([A-Za-z_][A-Za-z0-9_]*\)s|%%")
_GROUP_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_KEYS = {"id", "name", "source", "as_of", "members", "union", "notes"}
_REQUIRED_LANGUAGES = ("en", "de", "zh-hans")


def gettext_noop(s: str) -> str:
    """Mark ``s`` as a message template for ``makemessages``; returns it unchanged.

    A local marker, as in ``waypost.policy.engine.errors``: this module imports no Django.
    """
    return s


class CountryGroupError(ValueError):
    """A country-group file is malformed; the message names the file and the field.

    Like the policy engine's issues it keeps the reason as a ``template`` with named ``params``:
    ``message`` is English, ``render(gettext)`` the user's language (administrators edit groups).
    """

    def __init__(self, file: str, field: str, template: str, **params: str) -> None:
        self.file = file
        self.field = field
        self.template = template
        self.params = params
        where = f"{file}: {field}" if field else file
        super().__init__(f"{where}: {self.message}")

    @property
    def message(self) -> str:
        """The reason in English (without file and field)."""
        return self.template % self.params

    def render(self, translate: Callable[[str], str]) -> str:
        """The reason in the language of ``translate``; English if the translation is unusable."""
        translated = translate(self.template)
        if "%" in _NAMED.sub("", translated):
            return self.message
        try:
            return translated % self.params
        except (KeyError, ValueError, TypeError):
            return self.message


@dataclass(frozen=True, slots=True)
class CountryGroup:
    """A named set of countries with the citation it was read from."""

    id: str
    names: Mapping[str, str]
    source: str
    as_of: dt.date
    members: frozenset[str]
    union: tuple[str, ...] = ()
    notes: str = ""

    def name(self, language: str = "en") -> str:
        """The group's name in ``language``, falling back to English."""
        return self.names.get(language) or self.names["en"]


@functools.lru_cache(maxsize=4096)
def is_country_code(code: str) -> bool:
    """True if ``code`` is an ISO 3166-1 alpha-2 code (upper case) or an accepted extra code."""
    if not isinstance(code, str) or len(code) != 2 or not code.isupper():
        return False
    return code in EXTRA_COUNTRY_CODES or pycountry.countries.get(alpha_2=code) is not None


class _Yaml12Loader(yaml.SafeLoader):
    """SafeLoader that reads ``NO`` as Norway, not as ``False``.

    PyYAML follows YAML 1.1, where ``yes``/``no``/``on``/``off`` are booleans. Country lists are
    full of ``NO``, so only ``true``/``false`` are booleans here, as in YAML 1.2.
    """


_Yaml12Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Yaml12Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool",
    re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
    list("tTfF"),
)


def _read_file(path: Path) -> dict[str, Any]:
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_Yaml12Loader)  # noqa: S506 (safe subclass)
    except yaml.YAMLError as exc:
        raise CountryGroupError(
            path.name, "", gettext_noop("not valid YAML: %(detail)s"), detail=str(exc)
        ) from exc
    if not isinstance(data, dict):
        raise CountryGroupError(path.name, "", gettext_noop("expected a mapping at the top level"))
    unknown = sorted(map(str, set(data) - _KEYS))
    if unknown:
        raise CountryGroupError(
            path.name, "", gettext_noop("unknown key(s): %(keys)s"), keys=", ".join(unknown)
        )
    return data


def _parse_raw(path: Path, data: dict[str, Any]) -> tuple[CountryGroup, tuple[str, ...]]:
    """Validate one file; return the group with its own members and the groups it unions."""
    where = path.name
    group_id = data.get("id")
    if not isinstance(group_id, str) or not _GROUP_ID.match(group_id):
        raise CountryGroupError(
            where, "id", gettext_noop("expected a lower-case slug, got %(value)s"), value=repr(group_id)
        )
    if path.stem != group_id:
        raise CountryGroupError(
            where, "id", gettext_noop("'%(id)s' does not match the file name"), id=group_id
        )
    names = data.get("name")
    if not isinstance(names, dict) or not all(isinstance(v, str) and v for v in names.values()):
        raise CountryGroupError(where, "name", gettext_noop("expected a mapping of language to text"))
    missing_languages = [lang for lang in _REQUIRED_LANGUAGES if lang not in names]
    if missing_languages:
        raise CountryGroupError(
            where,
            "name",
            gettext_noop("missing language(s) %(languages)s"),
            languages=", ".join(missing_languages),
        )
    source = data.get("source")
    if not isinstance(source, str) or not source.strip():
        raise CountryGroupError(where, "source", gettext_noop("a citation (title and URL) is required"))
    as_of = data.get("as_of")
    if not isinstance(as_of, dt.date) or isinstance(as_of, dt.datetime):
        raise CountryGroupError(
            where, "as_of", gettext_noop("expected a date (YYYY-MM-DD), got %(value)s"), value=repr(as_of)
        )
    members = data.get("members", [])
    union = data.get("union", [])
    if not isinstance(members, list) or not isinstance(union, list):
        raise CountryGroupError(where, "", gettext_noop("members and union must be lists"))
    if not members and not union:
        raise CountryGroupError(where, "members", gettext_noop("a group needs members or a union of groups"))
    bad = [m for m in members if not is_country_code(m)]
    if bad:
        raise CountryGroupError(
            where,
            "members",
            gettext_noop("not ISO 3166-1 alpha-2 code(s): %(codes)s"),
            codes=", ".join(map(repr, bad)),
        )
    duplicates = sorted({m for m in members if members.count(m) > 1})
    if duplicates:
        raise CountryGroupError(
            where, "members", gettext_noop("listed twice: %(codes)s"), codes=", ".join(duplicates)
        )
    notes = data.get("notes", "")
    if not isinstance(notes, str):
        raise CountryGroupError(where, "notes", gettext_noop("expected text"))
    group = CountryGroup(
        id=group_id,
        names=dict(names),
        source=source.strip(),
        as_of=as_of,
        members=frozenset(members),
        union=tuple(str(u) for u in union),
        notes=notes.strip(),
    )
    return group, group.union


def _resolve_unions(raw: dict[str, CountryGroup]) -> dict[str, CountryGroup]:
    resolved: dict[str, CountryGroup] = {}

    def resolve(group_id: str, chain: tuple[str, ...]) -> frozenset[str]:
        if group_id in resolved:
            return resolved[group_id].members
        if group_id in chain:
            raise CountryGroupError(
                f"{group_id}.yaml",
                "union",
                gettext_noop("cycle %(cycle)s"),
                cycle=" -> ".join((*chain, group_id)),
            )
        group = raw[group_id]
        members = set(group.members)
        for part in group.union:
            if part not in raw:
                raise CountryGroupError(
                    f"{group_id}.yaml", "union", gettext_noop("unknown group '%(group)s'"), group=part
                )
            members |= resolve(part, (*chain, group_id))
        resolved[group_id] = CountryGroup(
            id=group.id,
            names=group.names,
            source=group.source,
            as_of=group.as_of,
            members=frozenset(members),
            union=group.union,
            notes=group.notes,
        )
        return resolved[group_id].members

    for group_id in sorted(raw):
        resolve(group_id, ())
    return resolved


def _load(directory: Path) -> dict[str, CountryGroup]:
    if not directory.is_dir():
        raise CountryGroupError(str(directory), "", gettext_noop("not a directory"))
    raw: dict[str, CountryGroup] = {}
    for path in sorted(directory.glob("*.yaml")):
        group, _ = _parse_raw(path, _read_file(path))
        raw[group.id] = group
    return dict(sorted(_resolve_unions(raw).items()))


@functools.lru_cache(maxsize=1)
def _load_default() -> Mapping[str, CountryGroup]:
    return _load(DEFAULT_DIRECTORY)


def load_country_groups(directory: Path | str | None = None) -> dict[str, CountryGroup]:
    """Load every ``*.yaml`` group file in ``directory`` (default: the shipped data), keyed by id.

    Groups are returned sorted by id with unions resolved to plain member sets. The shipped data
    is read once per process; a new dict is returned each call so callers may add to it.
    """
    if directory is None:
        return dict(_load_default())
    return _load(Path(directory))

"""Reading guidance YAML: validation errors that name the line and the field at fault.

Authors write guidance by hand, so every error must say where it is:
``line 12: rules[0].then.advisory: 'maybe' is not one of none, caution, advised_against, not_permitted``.

Steps:

1. Compose the YAML into a node tree (PyYAML keeps each node's line) and construct plain data.
   Only ``true``/``false`` are booleans (``NO`` stays Norway) and dates stay text until checked.
2. Walk the node tree: record the line of every field path; reject duplicate keys.
3. Validate the structure with the JSON Schema ``guidance.schema.json`` (the format's reference).
4. Check what a schema cannot: country codes, group ids and airport codes exist; dates are real
   dates in order; ``min_*`` ≤ ``max_*``; rule ids are unique.
5. Build the frozen :class:`~waypost.policy.engine.guidance.Guidance`.

All problems are reported together in one :class:`GuidanceError`, sorted by line.
"""

from __future__ import annotations

import datetime as dt
import difflib
import functools
import json
import re
from collections.abc import Iterable, Mapping
from importlib import resources
from typing import Any

import yaml
from jsonschema import Draft202012Validator, ValidationError

from waypost.geo.airports import airport_lookup
from waypost.geo.groups import CountryGroup, is_country_code, load_country_groups
from waypost.policy.engine.errors import GuidanceError, Issue, Param, gettext_noop, shown
from waypost.policy.engine.guidance import (
    DestinationCondition,
    DeviceCondition,
    Guidance,
    Rule,
    Then,
    TravellerCondition,
    When,
)
from waypost.policy.engine.levels import Advisory, Approver, DevicePolicy, GuidanceStatus

__all__ = ["guidance_schema", "parse_guidance"]

Path = tuple[str | int, ...]


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """SafeLoader (libyaml's when available) reading YAML 1.2 booleans and leaving dates as text."""


_Loader.yaml_implicit_resolvers = {
    first: [
        (tag, rx)
        for tag, rx in resolvers
        if tag not in ("tag:yaml.org,2002:bool", "tag:yaml.org,2002:timestamp")
    ]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


@functools.lru_cache(maxsize=1)
def guidance_schema() -> Mapping[str, Any]:
    """The JSON Schema of the guidance format (``guidance.schema.json``)."""
    text = resources.files(__package__).joinpath("guidance.schema.json").read_text(encoding="utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


@functools.lru_cache(maxsize=1)
def _validator() -> Draft202012Validator:
    return Draft202012Validator(guidance_schema())


def format_path(path: Iterable[str | int]) -> str:
    """``('rules', 0, 'then')`` → ``rules[0].then``."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


class _Lines:
    """Line numbers of field paths: where each key is written, and where its value starts."""

    def __init__(self) -> None:
        self.key: dict[Path, int] = {}
        self.value: dict[Path, int] = {}
        self.issues: list[Issue] = []

    def walk(self, node: yaml.Node, path: Path) -> None:
        self.value.setdefault(path, node.start_mark.line + 1)
        if isinstance(node, yaml.MappingNode):
            seen: set[str] = set()
            for key_node, value_node in node.value:
                key = str(key_node.value)
                child = (*path, key)
                if key in seen:
                    self.issues.append(
                        Issue(
                            format_path(child),
                            gettext_noop("key written twice"),
                            line=key_node.start_mark.line + 1,
                        )
                    )
                seen.add(key)
                self.key.setdefault(child, key_node.start_mark.line + 1)
                self.walk(value_node, child)
        elif isinstance(node, yaml.SequenceNode):
            for index, item in enumerate(node.value):
                self.walk(item, (*path, index))

    def line(self, path: Path, *, of_key: bool = False) -> int | None:
        probe = tuple(p if isinstance(p, int) else str(p) for p in path)
        if of_key and probe in self.key:
            return self.key[probe]
        while probe:
            if probe in self.value:
                return self.value[probe]
            probe = probe[:-1]
        return self.value.get(())


#: "Expected <type>" messages by the JSON types a schema node allows (a test checks every
#: combination the schema uses is here; others get the generic message).
_TYPE_MESSAGES = {
    ("string",): gettext_noop("expected text, got %(value)s"),
    ("integer",): gettext_noop("expected a whole number, got %(value)s"),
    ("number",): gettext_noop("expected a number, got %(value)s"),
    ("array",): gettext_noop("expected a list, got %(value)s"),
    ("object",): gettext_noop("expected a mapping, got %(value)s"),
    ("boolean",): gettext_noop("expected true or false, got %(value)s"),
    ("string", "array"): gettext_noop("expected text or a list, got %(value)s"),
}

#: The ``x-error`` templates of ``guidance.schema.json``, written here too so that ``makemessages``
#: extracts them (it does not read JSON); a test checks the two agree.
SCHEMA_MESSAGES = frozenset(
    {
        gettext_noop("expected a lower-case slug (letters, digits, '-', '_', '.'), got %(value)s"),
        gettext_noop("expected a date YYYY-MM-DD, got %(value)s"),
        gettext_noop("%(value)s is not an ISO 3166-1 alpha-2 country code such as US"),
        gettext_noop("%(value)s is not an IATA airport code such as YVR"),
        gettext_noop("%(value)s is not one of manager, security_officer"),
    }
)


def _schema_issues(data: Any, lines: _Lines) -> list[Issue]:
    issues: list[Issue] = []
    for error in _validator().iter_errors(data):
        issues.extend(_describe(error, lines))
    return issues


def _describe(error: ValidationError, lines: _Lines) -> list[Issue]:
    path: Path = tuple(error.absolute_path)
    where = format_path(path)
    line = lines.line(path)
    instance = error.instance
    schema = error.schema if isinstance(error.schema, Mapping) else {}
    kind = error.validator
    wanted: Any = error.validator_value
    if kind == "additionalProperties" and isinstance(instance, Mapping):
        known = list(schema.get("properties", {}))
        patterns = list(schema.get("patternProperties", {}))
        out = []
        for key in instance:
            if key in known or any(re.search(p, str(key)) for p in patterns):
                continue
            hint = difflib.get_close_matches(str(key), known, n=1)
            params: dict[str, Param] = {"key": str(key)}
            if not known:
                template = gettext_noop(
                    "unknown key '%(key)s'; expected a language tag such as en, de, zh-hans"
                )
            elif hint:
                template = gettext_noop("unknown key '%(key)s'; did you mean '%(suggestion)s'?")
                params["suggestion"] = hint[0]
            else:
                template = gettext_noop("unknown key '%(key)s'; expected one of %(allowed)s")
                params["allowed"] = ", ".join(known)
            child = (*path, str(key))
            out.append(
                Issue(format_path(child), template, params=params, line=lines.line(child, of_key=True))
            )
        return out
    if kind == "required" and isinstance(instance, Mapping):
        return [
            Issue(where, gettext_noop("missing required key '%(key)s'"), params={"key": name}, line=line)
            for name in wanted
            if name not in instance
        ]
    value = shown(instance)
    if "x-error" in schema and kind in ("pattern", "type"):
        return [Issue(where, str(schema["x-error"]), params={"value": value}, line=line)]
    if kind == "enum":
        allowed = ", ".join(str(v) for v in wanted)
        template = gettext_noop("%(value)s is not one of %(allowed)s")
        return [Issue(where, template, params={"value": value, "allowed": allowed}, line=line)]
    if kind == "type":
        types = tuple(str(t) for t in (wanted if isinstance(wanted, list) else [wanted]))
        if types in _TYPE_MESSAGES:
            return [Issue(where, _TYPE_MESSAGES[types], params={"value": value}, line=line)]
        template = gettext_noop("expected a value of JSON type %(types)s, got %(value)s")
        return [Issue(where, template, params={"types": " or ".join(types), "value": value}, line=line)]
    if kind in ("minItems", "minLength", "minProperties"):
        return [Issue(where, gettext_noop("must not be empty"), line=line)]
    if kind == "minimum":
        template = gettext_noop("%(value)s is less than the minimum %(minimum)s")
        return [Issue(where, template, params={"value": value, "minimum": wanted}, line=line)]
    if kind == "maximum":
        template = gettext_noop("%(value)s is more than the maximum %(maximum)s")
        return [Issue(where, template, params={"value": value, "maximum": wanted}, line=line)]
    # Not reached with the shipped schema (a test checks each of its keywords is handled above).
    return [
        Issue(where, gettext_noop("invalid value: %(detail)s"), params={"detail": error.message}, line=line)
    ]


def _as_set(value: Any) -> frozenset[str]:
    if value is None:
        return frozenset()
    return frozenset([value] if isinstance(value, str) else value)


class _Checker:
    """Checks against data (countries, groups, airports) and between fields (dates, bounds)."""

    def __init__(self, lines: _Lines, groups: Mapping[str, CountryGroup]) -> None:
        self.lines = lines
        self.groups = groups
        self.issues: list[Issue] = []

    def fail(self, path: Path, template: str, **params: Param) -> None:
        self.issues.append(Issue(format_path(path), template, params=params, line=self.lines.line(path)))

    def date(self, data: Mapping[str, Any], key: str) -> dt.date | None:
        value = data.get(key)
        if not isinstance(value, str):
            return None
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            self.fail((key,), gettext_noop("%(value)s is not a valid date"), value=shown(value))
            return None

    def bounds(self, data: Mapping[str, Any], path: Path, low: str, high: str) -> None:
        lo, hi = data.get(low), data.get(high)
        if isinstance(lo, int) and isinstance(hi, int) and lo > hi:
            self.fail(
                (*path, high),
                gettext_noop("%(value)s is less than %(other)s %(bound)s"),
                value=hi,
                other=low,
                bound=lo,
            )

    def destinations(self, data: Any, path: Path) -> None:
        if not isinstance(data, Mapping):
            return
        for key in ("countries", "exclude_countries"):
            for index, code in enumerate(data.get(key) or []):
                if isinstance(code, str) and re.fullmatch(r"[A-Z]{2}", code) and not is_country_code(code):
                    self.fail((*path, key, index), gettext_noop("unknown country code '%(code)s'"), code=code)
        for index, group in enumerate(data.get("groups") or []):
            if isinstance(group, str) and group not in self.groups:
                hint = difflib.get_close_matches(group, list(self.groups), n=1)
                if hint:
                    self.fail(
                        (*path, "groups", index),
                        gettext_noop("unknown country group '%(group)s'; did you mean '%(suggestion)s'?"),
                        group=group,
                        suggestion=hint[0],
                    )
                else:
                    self.fail(
                        (*path, "groups", index),
                        gettext_noop("unknown country group '%(group)s'"),
                        group=group,
                    )
        for index, code in enumerate(data.get("airports") or []):
            if isinstance(code, str) and re.fullmatch(r"[A-Z]{3}", code) and airport_lookup(code) is None:
                self.fail(
                    (*path, "airports", index), gettext_noop("unknown airport code '%(code)s'"), code=code
                )

    def document(self, data: Mapping[str, Any]) -> None:
        start, end = self.date(data, "effective_from"), self.date(data, "effective_to")
        if start and end and end < start:
            self.fail(
                ("effective_to",),
                gettext_noop("%(end)s is before effective_from %(start)s"),
                end=end.isoformat(),
                start=start.isoformat(),
            )
        rules = data.get("rules")
        if not isinstance(rules, list):
            return
        seen: dict[str, int] = {}
        for index, rule in enumerate(rules):
            if not isinstance(rule, Mapping):
                continue
            rule_id = rule.get("id")
            if isinstance(rule_id, str):
                if rule_id in seen:
                    self.fail(
                        ("rules", index, "id"),
                        gettext_noop("rule id '%(id)s' already used by %(other)s"),
                        id=rule_id,
                        other=f"rules[{seen[rule_id]}]",
                    )
                seen.setdefault(rule_id, index)
            when = rule.get("when")
            if isinstance(when, Mapping):
                self.destinations(when.get("destinations"), ("rules", index, "when", "destinations"))
                self.bounds(when, ("rules", index, "when"), "min_days", "max_days")
                traveller = when.get("traveller")
                if isinstance(traveller, Mapping):
                    self.bounds(
                        traveller, ("rules", index, "when", "traveller"), "min_sensitivity", "max_sensitivity"
                    )


def _build_when(data: Mapping[str, Any] | None) -> When:
    if not data:
        return When()
    traveller = data.get("traveller")
    destinations = data.get("destinations")
    devices = data.get("devices")
    return When(
        traveller=None
        if traveller is None
        else TravellerCondition(
            sectors=_as_set(traveller.get("sectors")),
            roles=_as_set(traveller.get("roles")),
            min_sensitivity=traveller.get("min_sensitivity"),
            max_sensitivity=traveller.get("max_sensitivity"),
        ),
        organisations=_as_set(data.get("organisations")),
        destinations=None
        if destinations is None
        else DestinationCondition(
            countries=_as_set(destinations.get("countries")),
            groups=tuple(dict.fromkeys(destinations.get("groups") or ())),
            airports=_as_set(destinations.get("airports")),
            exclude_countries=_as_set(destinations.get("exclude_countries")),
            include_transit=bool(destinations.get("include_transit", False)),
        ),
        purposes=_as_set(data.get("purposes")),
        devices=None
        if devices is None
        else DeviceCondition(
            kinds=_as_set(devices.get("kinds")),
            owners=_as_set(devices.get("owners")),
            sensitive_data=devices.get("sensitive_data"),
        ),
        min_days=data.get("min_days"),
        max_days=data.get("max_days"),
    )


def _build_then(data: Mapping[str, Any]) -> Then:
    approval = _as_set(data.get("approval"))
    advisory, devices = data.get("advisory"), data.get("devices")
    return Then(
        advisory=None if advisory is None else Advisory(advisory),
        declare_days_before=data.get("declare_days_before"),
        approval=tuple(a for a in Approver if a.value in approval),
        briefing=_as_set(data.get("briefing")),
        devices=None if devices is None else DevicePolicy(devices),
        check_in_every_hours=data.get("check_in_every_hours"),
        debrief_within_days=data.get("debrief_within_days"),
        debrief_form=_as_set(data.get("debrief_form")),
        notify=_as_set(data.get("notify")),
    )


def _build(data: Mapping[str, Any], source_name: str) -> Guidance:
    effective_to = data.get("effective_to")
    return Guidance(
        id=data["id"],
        version=data.get("version", 1),
        issuer=data["issuer"],
        status=GuidanceStatus(data.get("status", "draft")),
        effective_from=dt.date.fromisoformat(data["effective_from"]),
        effective_to=None if effective_to is None else dt.date.fromisoformat(effective_to),
        title=dict(data["title"]),
        body=dict(data.get("body") or {}),
        rationale=dict(data.get("rationale") or {}),
        rules=tuple(
            Rule(
                id=rule["id"],
                when=_build_when(rule.get("when")),
                then=_build_then(rule["then"]),
                rationale=dict(rule.get("rationale") or {}),
                title=dict(rule.get("title") or {}),
            )
            for rule in data["rules"]
        ),
        source_name=source_name,
    )


#: PyYAML's own explanation (English) follows; the line is in the issue.
_MALFORMED = gettext_noop("malformed YAML: %(detail)s")


def parse_guidance(
    text: str, *, source_name: str, groups: Mapping[str, CountryGroup] | None = None
) -> Guidance:
    """Parse and validate one guidance document written in YAML.

    ``source_name`` names the document in error messages (a file name, or ``guidance <id>``).
    ``groups`` are the country groups that ``destinations.groups`` may name (default: the shipped
    data). Raises :class:`GuidanceError` listing every problem with its line and field path.
    A document without ``status`` is a draft, and without ``version`` is version 1.
    """
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        message = " ".join(str(part) for part in (exc.context, exc.problem) if part)
        issue = Issue("", _MALFORMED, params={"detail": message}, line=mark.line + 1 if mark else None)
        raise GuidanceError(source_name, [issue]) from exc
    except yaml.YAMLError as exc:
        raise GuidanceError(source_name, [Issue("", _MALFORMED, params={"detail": str(exc)})]) from exc
    finally:
        loader.dispose()
    if node is None or not isinstance(data, Mapping):
        issue = Issue("", gettext_noop("expected a mapping of keys (id, issuer, rules ...)"), line=1)
        raise GuidanceError(source_name, [issue])

    lines = _Lines()
    lines.walk(node, ())
    issues = lines.issues + _schema_issues(data, lines)
    checker = _Checker(lines, load_country_groups() if groups is None else groups)
    checker.document(data)
    issues += checker.issues
    if issues:
        unique = dict.fromkeys(sorted(issues, key=lambda i: (i.line or 0, i.path, i.message)))
        raise GuidanceError(source_name, unique)
    return _build(data, source_name)

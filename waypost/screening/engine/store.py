"""Where the index keeps list names: vocabulary, blocking keys, postings, and look-up caches.

Build time does the expensive work once per list name: normalisation,
transliteration, joined units, the keys of every spelling. The store keeps

* ``vocab``: every distinct spelling of every unit (an int id each), with *posting
  lists*: the ids of the names (forms) holding it as one token, and as two tokens
  read as one, and the lightest and heaviest unit holding it;
* ``keys``: each blocking key (see :mod:`.similarity`) to the spellings filed under it;
* per name, its ``(spelling id, unit)`` pairs, so that a candidate is checked with
  integer dictionary look-ups instead of string comparisons;
* per country and year of birth, the names of the entries listing it.

Searches look spellings up (:meth:`NameStore._probe`) and turn what they find into sets
of names by kind of pair (:class:`UnitForms`); both are cached per query spelling, so a
batch compares each distinct token once. The caches are bounded; :meth:`clear_caches`
empties them.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable
from itertools import islice
from typing import Any, NamedTuple, Self

from .boosts import birth_years
from .compare import entry_forms
from .prepared import PreparedName
from .similarity import INITIAL_SIM, gated_sim, index_keys, probe_keys
from .types import ListEntry

FormSet = set[int] | frozenset[int]

PROBE_CACHE_SIZE = 1 << 15  # distinct query spellings (and units) whose look-up results are kept
GROUP_CACHE_SIZE = 1 << 10  # names per country or year of birth, as sets
FORM_CACHE_ELEMENTS = 2_000_000  # total size of the cached per-unit sets of names
LESSER_SIM = INITIAL_SIM  # pairs at most this similar (initials, far spellings) form one kind


class NameStore:
    """List entries and their names, filed for look-up, with the caches searches fill.

    See :class:`~.index.ScreeningIndex` for searching.
    """

    def __init__(self) -> None:
        self._entries: list[ListEntry | None] = []
        self._entry_ids: dict[tuple[str, str], int] = {}
        self._forms: list[PreparedName | None] = []
        self._form_entry: array[int] = array("I")
        self._form_name: array[int] = array("H")
        self._form_total: array[float] = array("d")  # the total slot weight of each name
        self._heaviest = 0.0
        self._form_vids: list[array[int]] = []
        self._form_units: list[bytes] = []
        self._entry_forms: list[list[int]] = []
        self._vocab: dict[str, int] = {}
        self._spellings: list[str] = []
        self._postings: list[array[int]] = []  # names where the spelling is one token
        self._joined_postings: list[array[int]] = []  # names where it is two tokens read as one
        self._weight_max: array[float] = array("d")  # per spelling, the heaviest unit holding it
        self._weight_min: array[float] = array("d")  # and the lightest
        self._keys: dict[str, list[int]] = {}
        self._live = 0
        self._probe_cache: dict[str, dict[int, float]] = {}
        self._unit_cache: dict[tuple[tuple[str, ...], bool], UnitProbe] = {}
        self._form_cache: dict[object, UnitForms] = {}  # per unit key, or per tuple of them (a slot)
        self._initial_cache: dict[tuple[int, bool], frozenset[int]] = {}
        # ("country", "IR") or ("year", 1961) -> names of the entries listing it, and as sets.
        self._groups: dict[tuple[str, str | int], array[int]] = {}
        self._group_cache: dict[tuple[str, str | int], frozenset[int]] = {}
        self._form_cache_size = 0

    @classmethod
    def build(cls, entries: Iterable[ListEntry]) -> Self:
        """An index of ``entries``; a later entry with the same list and entry id replaces an earlier one."""
        index = cls()
        index.add(entries)
        return index

    def __len__(self) -> int:
        """The number of entries in the index."""
        return self._live

    @property
    def name_count(self) -> int:
        """The number of distinct names (forms) indexed, removed ones left out."""
        return sum(1 for f in self._forms if f is not None)

    @property
    def spelling_count(self) -> int:
        """The number of distinct unit spellings in the vocabulary."""
        return len(self._spellings)

    @property
    def key_count(self) -> int:
        """The number of distinct blocking keys."""
        return len(self._keys)

    def add(self, entries: Iterable[ListEntry]) -> None:
        """Add entries (or replace entries with the same ``(list_id, entry_id)``)."""
        for entry in entries:
            key = (entry.list_id, entry.entry_id)
            if key in self._entry_ids:
                self.remove(*key)
            entry_index = len(self._entries)
            self._entries.append(entry)
            self._entry_ids[key] = entry_index
            self._live += 1
            form_ids: list[int] = []
            for name_index, prepared in entry_forms(entry):
                form_ids.append(self._add_form(entry_index, name_index, prepared))
            self._entry_forms.append(form_ids)
            groups = [("country", c) for c in entry.countries] + [("year", y) for y in birth_years(entry)]
            for group in dict.fromkeys(groups):
                self._groups.setdefault(group, array("I")).extend(form_ids)
        # New spellings and postings make cached look-ups incomplete.
        self.clear_caches()

    def clear_caches(self) -> None:
        """Forget the per-token look-ups kept between searches (they only save time, and cost memory)."""
        self._probe_cache.clear()
        self._unit_cache.clear()
        self._form_cache.clear()
        self._form_cache_size = 0
        self._initial_cache.clear()
        self._group_cache.clear()

    def remove(self, list_id: str, entry_id: str) -> bool:
        """Remove an entry; True if it was there. Postings are cleaned lazily (skipped at search)."""
        entry_index = self._entry_ids.pop((list_id, entry_id), None)
        if entry_index is None:
            return False
        self._entries[entry_index] = None
        for form_id in self._entry_forms[entry_index]:
            self._forms[form_id] = None
        self._entry_forms[entry_index] = []
        self._live -= 1
        return True

    def _add_form(self, entry_index: int, name_index: int, prepared: PreparedName) -> int:
        form_id = len(self._forms)
        self._forms.append(prepared)
        self._form_entry.append(entry_index)
        self._form_name.append(min(name_index, 0xFFFF))
        self._form_total.append(prepared.total_weight)
        self._heaviest = max(self._heaviest, prepared.total_weight)
        vids = array("I")
        units = bytearray()
        vocab, keys = self._vocab, self._keys
        n_slots = len(prepared.slots)
        for unit_index, unit in enumerate(prepared.units):
            for spelling in unit.alts:
                vid = vocab.get(spelling)
                if vid is None:
                    vid = len(self._spellings)
                    vocab[spelling] = vid
                    self._spellings.append(spelling)
                    self._postings.append(array("I"))
                    self._joined_postings.append(array("I"))
                    self._weight_max.append(0.0)
                    self._weight_min.append(2.0)
                    for k in index_keys(spelling):
                        bucket = keys.get(k)
                        if bucket is None:
                            keys[k] = [vid]
                        else:
                            bucket.append(vid)
                postings = (self._joined_postings if unit_index >= n_slots else self._postings)[vid]
                if not postings or postings[-1] != form_id:
                    postings.append(form_id)
                if unit.weight > self._weight_max[vid]:
                    self._weight_max[vid] = unit.weight
                if unit.weight < self._weight_min[vid]:
                    self._weight_min[vid] = unit.weight
                vids.append(vid)
                units.append(unit_index)
        self._form_vids.append(vids)
        self._form_units.append(bytes(units))
        return form_id

    def _probe(self, alt: str) -> dict[int, float]:
        """Spellings in the index similar to one query spelling: vocab id -> similarity."""
        found = self._probe_cache.get(alt)
        if found is not None:
            return found
        keys, spellings = self._keys, self._spellings
        if len(alt) == 1:
            # An initial meets every word starting with its letter (key "i"), all at the same
            # similarity, and the same one-letter spelling (key "d").
            found = dict.fromkeys(keys.get("i" + alt, ()), INITIAL_SIM)
            for vid in keys.get("d" + alt, ()):
                found[vid] = 1.0
            _bounded_put(self._probe_cache, alt, found, PROBE_CACHE_SIZE)
            return found
        found = {}
        seen: set[int] = set()
        for k in probe_keys(alt):
            bucket = keys.get(k)
            if bucket:
                seen.update(bucket)
        for vid in seen:
            b = spellings[vid]
            if b == alt:
                found[vid] = 1.0
                continue
            sim = gated_sim(alt, b)[0]
            if sim > 0.0:
                found[vid] = sim
        _bounded_put(self._probe_cache, alt, found, PROBE_CACHE_SIZE)
        return found

    def _unit_probe(self, alts: tuple[str, ...], joined: bool) -> UnitProbe:
        """Similar spellings of a whole unit: the best similarity per vocab id over the unit's spellings.

        A joined unit leaves out the initials it meets (see :func:`~.align.unit_hits`).
        """
        cache_key = (alts, joined)
        cached = self._unit_cache.get(cache_key)
        if cached is not None:
            return cached
        spellings = self._spellings
        if len(alts) == 1 and not joined:
            sims = self._probe(alts[0])
            alt_index: dict[int, int] = {}
        else:
            sims = {}
            alt_index = {}
            for a_index, alt in enumerate(alts):
                for vid, sim in self._probe(alt).items():
                    if joined and len(spellings[vid]) == 1:
                        continue
                    current = sims.get(vid)
                    if current is None or sim > current:
                        sims[vid] = sim
                        if a_index:
                            alt_index[vid] = a_index
        postings = self._postings
        result = UnitProbe(sims, alt_index, sum(len(postings[vid]) for vid in sims))
        _bounded_put(self._unit_cache, cache_key, result, PROBE_CACHE_SIZE)
        return result

    def _unit_forms(self, key: tuple[tuple[str, ...], bool], probe: UnitProbe) -> UnitForms:
        """Names holding a spelling similar to the unit, by the kind of pair they would make.

        See :class:`UnitForms`. A superset of the names the unit hits (pairs of joined
        units, for instance, are never aligned).
        """
        cached = self._form_cache.get(key)
        if cached is not None:
            return cached
        exact: set[int] = set()
        close: set[int] = set()
        far: set[int] = set()
        joined: set[int] = set()
        initials: list[int] = []
        exact_weight = close_weight = far_weight = joined_weight = close_sim = 0.0
        postings, joined_postings, spellings = self._postings, self._joined_postings, self._spellings
        weight_max = self._weight_max
        for vid, sim in probe.sims.items():
            if sim < 1.0 and len(spellings[vid]) == 1:  # an entry initial (see similarity.token_sim)
                initials.append(vid)
                continue
            single_forms, joined_forms = postings[vid], joined_postings[vid]
            if single_forms:
                if sim >= 1.0:
                    exact.update(single_forms)
                    exact_weight = max(exact_weight, weight_max[vid])
                elif sim > LESSER_SIM:
                    close.update(single_forms)
                    close_weight = max(close_weight, weight_max[vid])
                    close_sim = max(close_sim, sim)
                else:
                    far.update(single_forms)
                    far_weight = max(far_weight, weight_max[vid])
            if joined_forms:
                joined.update(joined_forms)
                joined_weight = max(joined_weight, weight_max[vid])
        result = UnitForms(
            frozenset(exact),
            exact_weight,
            frozenset(close),
            close_weight,
            close_sim,
            frozenset(far),
            far_weight,
            frozenset(joined),
            joined_weight,
            tuple(sorted(initials)),
        )
        self._cache_forms(key, result)
        return result

    def _cache_forms(self, key: object, forms: UnitForms) -> None:
        """Keep a unit's names for later queries, within :data:`FORM_CACHE_ELEMENTS` in all."""
        size = len(forms.exact) + len(forms.close) + len(forms.far) + len(forms.joined) + 1
        if self._form_cache_size + size > FORM_CACHE_ELEMENTS or len(self._form_cache) >= PROBE_CACHE_SIZE:
            self._form_cache.clear()
            self._form_cache_size = 0
        self._form_cache[key] = forms
        self._form_cache_size += size

    def _group_forms(self, group: tuple[str, str | int]) -> frozenset[int]:
        """Names of the entries listing a country or a year of birth."""
        found = self._group_cache.get(group)
        if found is None:
            found = frozenset(self._groups.get(group, ()))
            _bounded_put(self._group_cache, group, found, GROUP_CACHE_SIZE)
        return found

    def _initial_forms(self, vid: int, again: bool) -> frozenset[int]:
        """Names holding the one-letter spelling ``vid`` as a token (``again``: at least twice)."""
        found = self._initial_cache.get((vid, again))
        if found is None:
            if again:
                found = frozenset(f for f in self._postings[vid] if self._form_vids[f].count(vid) > 1)
            else:
                found = frozenset(self._postings[vid])
            self._initial_cache[(vid, again)] = found
        return found


class UnitProbe(NamedTuple):
    """The spellings in the index similar to a query unit.

    ``sims``: vocab id -> the best similarity over the unit's spellings; ``alt_index``: which
    spelling gave it, when not the first; ``cost``: how many names hold those spellings.
    """

    sims: dict[int, float]
    alt_index: dict[int, int]
    cost: int


class UnitForms(NamedTuple):
    """The names a query unit (or slot) may align with, by the kind of pair they would make.

    ``exact``: names holding the same spelling as one token, of weight at most
    ``exact_weight``; ``close``: a similar one (similarity above :data:`LESSER_SIM`, at
    most ``close_sim``); ``far``: a less similar one; ``joined``: a similar one as two
    tokens read as one; ``initials``: vocab ids of the entry initials (one-letter
    spellings) it meets.
    """

    exact: frozenset[int]
    exact_weight: float
    close: frozenset[int]
    close_weight: float
    close_sim: float
    far: frozenset[int]
    far_weight: float
    joined: frozenset[int]
    joined_weight: float
    initials: tuple[int, ...]

    @staticmethod
    def merge(parts: list[UnitForms]) -> UnitForms:
        return UnitForms(
            frozenset().union(*(p.exact for p in parts)),
            max(p.exact_weight for p in parts),
            frozenset().union(*(p.close for p in parts)),
            max(p.close_weight for p in parts),
            max(p.close_sim for p in parts),
            frozenset().union(*(p.far for p in parts)),
            max(p.far_weight for p in parts),
            frozenset().union(*(p.joined for p in parts)),
            max(p.joined_weight for p in parts),
            tuple(sorted({v for p in parts for v in p.initials})),
        )


def _bounded_put(cache: dict[Any, Any], key: object, value: object, size: int) -> None:
    """Insert into a dict used as a cache; when full, the older half is dropped (insertion order)."""
    if len(cache) >= size:
        for old in list(islice(cache, size // 2)):
            del cache[old]
    cache[key] = value

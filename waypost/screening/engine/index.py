"""The screening index: blocking by spelling keys, then exact scoring of few candidates.

Build time does all the expensive work once per list name: normalisation,
transliteration, joined units, and the keys of every spelling. The index keeps

* ``vocab``: every distinct spelling of every unit, with a *posting list* of
  ``(form, unit)`` codes naming where it occurs;
* ``keys``: each blocking key (see :mod:`.similarity`) to the spellings filed under it.

A query looks up the keys of its own spellings, computes the similarity to the few
spellings found, and follows their postings to candidate names. Common tokens
("Mohammed", "Ali") have long postings; the index skips generating candidates from
the most expensive query tokens whenever an entry sharing none of the others could
not reach the threshold anyway (prefix filtering), and scores those tokens only on
the candidates that the rarer tokens found. The result is identical to
:func:`~.compare.brute_force_search`.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable
from typing import Self

from .align import (
    ENTRY_MISS_PENALTY,
    MAX_ENTRY_WEIGHT_PER_QUERY_SLOT,
    QUALITY_EXPONENT,
    QUERY_MISS_PENALTY,
    Hit,
    NameScore,
    score_hits,
    upper_bound_missing,
)
from .boosts import entry_adjustment, max_boost
from .compare import (
    DEFAULT_THRESHOLD,
    build_match,
    check_threshold,
    entry_forms,
    has_strong_slot,
    prepare_query,
)
from .errors import ScreeningInputError
from .prepared import PreparedName
from .similarity import index_keys, probe_keys, token_sim
from .types import ListEntry, Match, Subject

_UNIT_BITS = 5  # at most 32 units per name (12 slots give 23)
_UNIT_MASK = (1 << _UNIT_BITS) - 1


class ScreeningIndex:
    """Restricted-party list names, ready to be searched. Not thread-safe for writes."""

    def __init__(self) -> None:
        self._entries: list[ListEntry | None] = []
        self._entry_ids: dict[tuple[str, str], int] = {}
        self._forms: list[PreparedName | None] = []
        self._form_entry: array[int] = array("I")
        self._form_name: array[int] = array("H")
        self._entry_forms: list[list[int]] = []
        self._vocab: dict[str, int] = {}
        self._spellings: list[str] = []
        self._postings: list[array[int]] = []
        self._keys: dict[str, list[int]] = {}
        self._key_cost: dict[str, int] = {}
        self._costs_stale = True
        self._live = 0

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
        self._costs_stale = True

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
        for unit_index, unit in enumerate(prepared.units):
            code = (form_id << _UNIT_BITS) | unit_index
            for spelling in unit.alts:
                vid = self._vocab.get(spelling)
                if vid is None:
                    vid = len(self._spellings)
                    self._vocab[spelling] = vid
                    self._spellings.append(spelling)
                    self._postings.append(array("I"))
                    for k in index_keys(spelling):
                        bucket = self._keys.get(k)
                        if bucket is None:
                            self._keys[k] = [vid]
                        else:
                            bucket.append(vid)
                postings = self._postings[vid]
                if not postings or postings[-1] != code:
                    postings.append(code)
        return form_id

    def _refresh_costs(self) -> None:
        """Per key, how many postings its spellings have: the price of probing it."""
        costs: dict[str, int] = {}
        for k, vids in self._keys.items():
            costs[k] = sum(len(self._postings[v]) for v in vids)
        self._key_cost = costs
        self._costs_stale = False

    def search(
        self, subject: Subject, *, threshold: float = DEFAULT_THRESHOLD, limit: int = 10
    ) -> list[Match]:
        """Entries whose best name scores at least ``threshold`` against ``subject``, best first."""
        check_threshold(threshold)
        if limit < 1:
            raise ScreeningInputError(f"limit must be at least 1, not {limit!r}")
        query = prepare_query(subject)
        if not has_strong_slot(query) or not self._live:
            return []
        if self._costs_stale:
            self._refresh_costs()
        boost = max_boost(subject)
        generating = self._generating_slots(query, threshold - boost)
        units = query.units
        gen_units = [i for i, u in enumerate(units) if any(s in generating for s in u.slots)]
        scan_units = [i for i, u in enumerate(units) if not any(s in generating for s in u.slots)]

        candidates: dict[int, list[tuple[int, int, int]]] = {}
        found: dict[int, dict[int, tuple[float, str, str]]] = {}
        for qi in gen_units:
            hits = self._probe(units[qi].alts)
            found[qi] = hits
            for vid in hits:
                for code in self._postings[vid]:
                    form = code >> _UNIT_BITS
                    bucket = candidates.get(form)
                    if bucket is None:
                        candidates[form] = [(qi, vid, code & _UNIT_MASK)]
                    else:
                        bucket.append((qi, vid, code & _UNIT_MASK))

        scan_slots = [s for s in range(len(query.slots)) if s not in generating]
        scan_weight = sum(query.slots[s].weight for s in scan_slots)
        scan_pair_weight = scan_weight + MAX_ENTRY_WEIGHT_PER_QUERY_SLOT * len(scan_slots)
        generating_weight = query.total_weight - scan_weight
        deltas: dict[int, float] = {}
        best: dict[int, tuple[float, int, int, NameScore]] = {}
        for form_id, raw in candidates.items():
            prepared = self._forms[form_id]
            if prepared is None:
                continue
            entry_index = self._form_entry[form_id]
            delta = deltas.get(entry_index)
            if delta is None:
                entry = self._entries[entry_index]
                delta = entry_adjustment(subject, entry)[0] if entry is not None else -1.0
                deltas[entry_index] = delta
            if (
                self._optimistic(
                    query, prepared, found, raw, scan_pair_weight, len(scan_slots), generating_weight
                )
                + delta
                < threshold
            ):
                continue
            form_hits = [self._hit(found, qi, vid, ci) for qi, vid, ci in raw]
            form_hits.extend(self._scan(query, scan_units, prepared))
            result = score_hits(query, prepared, form_hits)
            if result.score <= 0.0 or result.score + delta < threshold:
                continue
            name_index = self._form_name[form_id]
            current = best.get(entry_index)
            if current is None or (result.score, -name_index) > (current[0], -current[1]):
                best[entry_index] = (result.score, name_index, form_id, result)

        matches: list[Match] = []
        for entry_index, (_, name_index, form_id, result) in best.items():
            entry = self._entries[entry_index]
            prepared = self._forms[form_id]
            if entry is None or prepared is None:
                continue
            match = build_match(subject, query, entry, name_index, prepared, result)
            if match is not None and match.score >= threshold:
                matches.append(match)
        matches.sort(key=lambda m: (-m.score, m.list_id, m.entry_id))
        return matches[:limit]

    @staticmethod
    def _optimistic(
        query: PreparedName,
        prepared: PreparedName,
        found: dict[int, dict[int, tuple[float, str, str]]],
        raw: list[tuple[int, int, int]],
        scan_pair_weight: float,
        scan_slots: int,
        generating_weight: float,
    ) -> float:
        """An upper bound of the name score from the generating hits alone, before the full scoring.

        Skipped query slots are assumed to match perfectly with the heaviest partner;
        each generating slot gets its best similarity with its lightest partner, which
        can only raise the weighted mean. Most candidates found through a fuzzy
        neighbour of one token fail this bound and are never scored.
        """
        q_units, c_units = query.units, prepared.units
        best: dict[int, tuple[float, float]] = {}
        for qi, vid, ci in raw:
            sim = found[qi][vid][0]
            q_slots = q_units[qi].slots
            share = (q_units[qi].weight + c_units[ci].weight) / len(q_slots)
            for qs in q_slots:
                current = best.get(qs)
                if current is None:
                    best[qs] = (sim, share)
                else:
                    best[qs] = (max(current[0], sim), min(current[1], share))
        numerator = denominator = scan_pair_weight
        matched = scan_pair_weight
        hit_weight = 0.0
        for qs, (sim, share) in best.items():
            numerator += sim * share
            denominator += share
            weight = query.slots[qs].weight
            hit_weight += weight
            matched += weight + MAX_ENTRY_WEIGHT_PER_QUERY_SLOT
        if denominator <= 0.0:
            return 0.0
        entry_left = prepared.total_weight - MAX_ENTRY_WEIGHT_PER_QUERY_SLOT * (len(best) + scan_slots)
        miss = QUERY_MISS_PENALTY * max(0.0, generating_weight - hit_weight)
        miss += ENTRY_MISS_PENALTY * max(0.0, entry_left)
        quality = numerator / denominator
        return float(quality**QUALITY_EXPONENT * matched / (matched + miss))

    def _hit(self, found: dict[int, dict[int, tuple[float, str, str]]], qi: int, vid: int, ci: int) -> Hit:
        sim, q_alt, method = found[qi][vid]
        return Hit(sim, qi, ci, q_alt, self._spellings[vid], method)

    def _probe(self, alts: tuple[str, ...]) -> dict[int, tuple[float, str, str]]:
        """Spellings in the index similar to any of ``alts``.

        Returns vocab id -> (similarity, query spelling, method)."""
        hits: dict[int, tuple[float, str, str]] = {}
        keys, spellings = self._keys, self._spellings
        for alt in alts:
            seen: set[int] = set()
            for k in probe_keys(alt):
                bucket = keys.get(k)
                if bucket:
                    seen.update(bucket)
            for vid in seen:
                sim, method = token_sim(alt, spellings[vid])
                if sim > 0.0:
                    current = hits.get(vid)
                    if current is None or sim > current[0]:
                        hits[vid] = (sim, alt, method)
        return hits

    def _scan(self, query: PreparedName, scan_units: list[int], prepared: PreparedName) -> list[Hit]:
        """Hits of the skipped (expensive) query units on one candidate, computed directly."""
        out: list[Hit] = []
        for qi in scan_units:
            qu = query.units[qi]
            q_join = len(qu.slots) > 1
            for ci, cu in enumerate(prepared.units):
                if q_join and len(cu.slots) > 1:
                    continue
                top = (0.0, "", "", "")
                for a in qu.alts:
                    for b in cu.alts:
                        sim, method = token_sim(a, b)
                        if sim > top[0]:
                            top = (sim, a, b, method)
                if top[0] > 0.0:
                    out.append(Hit(top[0], qi, ci, top[1], top[2], top[3]))
        return out

    def _generating_slots(self, query: PreparedName, target: float) -> set[int]:
        """The cheapest query slots such that an entry matching none of them scores below ``target``."""
        unit_cost = [
            sum(self._key_cost.get(k, 0) for alt in unit.alts for k in probe_keys(alt))
            for unit in query.units
        ]
        slot_cost = [0] * len(query.slots)
        for unit, cost in zip(query.units, unit_cost, strict=True):
            for s in unit.slots:
                slot_cost[s] += cost
        order = sorted(range(len(query.slots)), key=lambda s: (slot_cost[s], s))
        chosen: set[int] = set()
        missing = 0.0
        kept_weight = query.total_weight
        kept_slots = len(query.slots)
        for s in order:
            if upper_bound_missing(missing, kept_weight, kept_slots) < target:
                break
            chosen.add(s)
            weight = query.slots[s].weight
            missing += weight
            kept_weight -= weight
            kept_slots -= 1
        return chosen

"""The screening index: blocking by spelling keys, a count filter, then exact scoring of few candidates.

The names live in a :class:`~.store.NameStore` (vocabulary, blocking keys, postings,
caches). A search runs in five steps:

1. **Prepare** the subject's name (:func:`~.compare.prepare_query`): normalised,
   transliterated, split into slots and units.
2. **Probe.** Each spelling of each query unit looks up its blocking keys and scores the
   few spellings found (:func:`~.similarity.gated_sim`); cached per spelling, so a batch
   compares each distinct token once.
3. **Count filter** (:func:`~.candidates.candidate_names`): names that cannot reach the
   threshold, whatever they hold for the slots not looked at, are dropped using set
   operations only. Names of entries that share the subject's country or year of birth
   are filtered on their own, with a target lowered by the boost they may get.
4. **Exact score.** For each candidate, the hits of every query unit are gathered from
   its spelling ids (:meth:`ScreeningIndex._gather`), bounded once more
   (:func:`~.align.coverage_bound`) and aligned exactly as :func:`~.align.score_names` does.
5. **Adjust and rank.** Date of birth, country and kind adjust the best name of each
   entry; only the ``limit`` best are turned into explained :class:`~.types.Match` values.

The result is identical to :func:`~.compare.brute_force_search` (same entries, scores
and explanations): every pruning step only drops names whose score provably stays
below the threshold. ``tests/test_index.py`` checks this on a table of cases and on
real list names.
"""

from __future__ import annotations

from .align import RawHit, align_score, coverage_bound, score_hits
from .boosts import COUNTRY_SHARED, entry_adjustment, max_boost
from .candidates import candidate_names
from .compare import DEFAULT_THRESHOLD, build_match, check_threshold, has_strong_slot, prepare_query
from .errors import ScreeningInputError
from .prepared import PreparedName
from .similarity import token_sim
from .store import FormSet, NameStore, UnitProbe
from .types import Match, Subject

ROUNDING = 1e-6  # scores are reported rounded to 6 places; pruning keeps this margin


class ScreeningIndex(NameStore):
    """Restricted-party list names, ready to be searched.

    Searches may run concurrently with each other (their caches are plain dictionaries,
    updated atomically under the GIL), not with :meth:`add` or :meth:`remove`.
    """

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
        unit_probes = [self._unit_probe(unit.alts, len(unit.slots) > 1) for unit in query.units]
        # Names of entries that may get a boost from the country or the year of birth can pass
        # with a lower name score: they are searched on their own, with their own target.
        # (Targets keep a margin for the rounding of reported scores.)
        groups: list[tuple[float, FormSet | None]] = [(threshold - ROUNDING, None)]
        for country in dict.fromkeys(subject.countries):
            group = self._group_forms(("country", country))
            if group:
                groups.append((threshold - COUNTRY_SHARED - ROUNDING, group))
        if subject.birth_date is not None:
            group = self._group_forms(("year", subject.birth_date.year))
            if group:
                groups.append((threshold - max_boost(subject) - ROUNDING, group))
        target = min(t for t, _ in groups)
        candidates: set[int] = set()
        for group_target, within in groups:
            found = candidate_names(self, query, unit_probes, group_target, within)
            candidates.update(found)
        if not candidates:
            return []

        # vocab id -> the query units similar to it. A unit with many similar spellings (an
        # initial, a short syllable) is looked up per candidate instead.
        similar: dict[int, list[tuple[int, float, int, str]]] = {}
        broad: list[tuple[int, UnitProbe, tuple[str, ...]]] = []
        broad_size = 8 * len(candidates)
        for qi, probe in enumerate(unit_probes):
            alts = query.units[qi].alts
            if len(probe.sims) > broad_size:
                broad.append((qi, probe, alts))
                continue
            alt_index = probe.alt_index
            for vid, sim in probe.sims.items():
                a_index = alt_index.get(vid, 0) if alt_index else 0
                row = (qi, sim, a_index, alts[a_index])
                rows = similar.get(vid)
                if rows is None:
                    similar[vid] = [row]
                else:
                    rows.append(row)

        forms, form_entry, form_name = self._forms, self._form_entry, self._form_name
        deltas: dict[int, float] = {}
        best: dict[int, tuple[float, int, int, list[RawHit]]] = {}
        for form_id in candidates:
            prepared = forms[form_id]
            if prepared is None:
                continue
            hits, top, q_hit, c_hit = self._gather(form_id, query, prepared, similar, broad)
            if not hits or top * top * coverage_bound(query, prepared, q_hit, c_hit) < target:
                continue
            score = align_score(query, prepared, hits)
            if score <= 0.0 or score < target:
                continue
            entry_index = form_entry[form_id]
            delta = deltas.get(entry_index)
            if delta is None:
                entry = self._entries[entry_index]
                delta = entry_adjustment(subject, entry)[0] if entry is not None else -1.0
                deltas[entry_index] = delta
            if score + delta < threshold - ROUNDING:
                continue
            name_index = form_name[form_id]
            current = best.get(entry_index)
            if current is None or (score, -name_index) > (current[0], -current[1]):
                best[entry_index] = (score, name_index, form_id, hits)

        ranked: list[tuple[float, str, str, int]] = []
        for entry_index, (score, _, _, _) in best.items():
            entry = self._entries[entry_index]
            if entry is None:
                continue
            final = round(max(0.0, min(1.0, score + deltas[entry_index])), 6)
            if final >= threshold:
                ranked.append((-final, entry.list_id, entry.entry_id, entry_index))
        ranked.sort()
        matches: list[Match] = []
        for _, _, _, entry_index in ranked[:limit]:
            entry = self._entries[entry_index]
            _, name_index, form_id, hits = best[entry_index]
            prepared = forms[form_id]
            if entry is None or prepared is None:
                continue
            # The method of each pair (edit, phonetic, initial …) is only needed for the explanation.
            hits = [(sim, qi, ci, a, b, token_sim(a, b)[1]) for sim, qi, ci, a, b, _ in hits]
            result = score_hits(query, prepared, hits)
            match = build_match(subject, query, entry, name_index, prepared, result)
            if match is not None and match.score >= threshold:
                matches.append(match)
        return matches

    def _gather(
        self,
        form_id: int,
        query: PreparedName,
        prepared: PreparedName,
        similar: dict[int, list[tuple[int, float, int, str]]],
        broad: list[tuple[int, UnitProbe, tuple[str, ...]]],
    ) -> tuple[list[RawHit], float, int, int]:
        """The best hit of each (query unit, entry unit) pair of one candidate (method left blank).

        Also returns the best similarity and the query and entry slots hit (bit sets), for
        :func:`~.align.coverage_bound`. Ties between spellings break as in
        :func:`~.align.unit_hits`: the query's earlier spelling first, then the entry's.
        """
        n_query_slots, n_entry_slots = len(query.slots), len(prepared.slots)
        # (query unit, entry unit) -> (sim, query spelling index, position, query spelling, vid)
        pairs: dict[tuple[int, int], tuple[float, int, int, str, int]] = {}
        vids, units = self._form_vids[form_id], self._form_units[form_id]
        for position, vid in enumerate(vids):
            rows = similar.get(vid)
            if broad:
                extra = []
                for qi, probe, alts in broad:
                    sim = probe.sims.get(vid)
                    if sim is not None:
                        a_index = probe.alt_index.get(vid, 0)
                        extra.append((qi, sim, a_index, alts[a_index]))
                if extra:
                    rows = extra + rows if rows else extra
            if rows is None:
                continue
            ci = units[position]
            c_joined = ci >= n_entry_slots
            for qi, sim, a_index, alt in rows:
                # Joined units never pair with each other nor with an initial (see align.unit_hits).
                if c_joined and (qi >= n_query_slots or len(alt) == 1):
                    continue
                current = pairs.get((qi, ci))
                if current is None or (sim, -a_index, -position) > (current[0], -current[1], -current[2]):
                    pairs[(qi, ci)] = (sim, a_index, position, alt, vid)
        hits: list[RawHit] = []
        top = 0.0
        q_hit = c_hit = 0
        q_units, c_units, spellings = query.units, prepared.units, self._spellings
        for (qi, ci), (sim, _, _, alt, vid) in pairs.items():
            hits.append((sim, qi, ci, alt, spellings[vid], ""))
            top = max(top, sim)
            q_hit |= q_units[qi].mask
            c_hit |= c_units[ci].mask
        return hits, top, q_hit, c_hit

"""Quality benchmark of the screening engine: precision and recall at the default threshold.

Run:  .venv/bin/python bench/screening_quality.py [--quick] [--negatives N] [--threshold T] [--json out.json]

Datasets (read in place from /work/shared/data/screening, see its SOURCES.md):

* nomenklatura labelled name pairs (cases.csv) and entity-bench checks (checks.yml);
* watchman cross-script pairs (all positive);
* yente UN fixtures: untreated vs treated names, aligned row by row (typos, reorders);
* leave-one-alias-out from the real lists: each non-Latin alias of an EU, UN or China
  counter-sanctions entry is screened against an index of the Latin names of all
  those entries. The own entry alerting is a true positive, its absence a false
  negative, any other entry alerting a false positive (unless it shares a Latin
  name, or any name once reduced to letters and digits, with the own entry: lists
  repeat the same person, and the EU files the same company under several regimes). An alias cell that bundles
  several names (``A / B``, ``full name (abbreviation``, ``… (born …``) is screened
  name by name, as a user would type them: found if one of them finds the own entry,
  each other entity alerting counted once (the EU files repeat UN listings, so one
  wrong person can be two entries);
* synthetic non-matching people (yente negatives, 100,000): screened against all
  lists with their date of birth and nationality; any alert is a false alert.
"""

from __future__ import annotations

import argparse
import csv
import gc
import json
import re
import sys
import time
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.screening import loaders
from waypost.screening.engine import (
    DEFAULT_THRESHOLD,
    EntityKind,
    ListEntry,
    ScreeningIndex,
    Subject,
    compare,
)
from waypost.screening.engine.prepared import prepare_name
from waypost.screening.engine.scripts import LATIN, scripts_of

MAIN_SCRIPTS = ("Han", "Cyrillic", "Arabic", "Hangul")


@dataclass
class Tally:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0

    def add(self, predicted: bool, actual: bool, n: int = 1) -> None:
        if predicted and actual:
            self.tp += n
        elif predicted:
            self.fp += n
        elif actual:
            self.fn += n
        else:
            self.tn += n

    @property
    def precision(self) -> float | None:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def recall(self) -> float | None:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else None

    def row(self) -> str:
        p, r = self.precision, self.recall
        ps = f"{p:.3f}" if p is not None else "  -  "
        rs = f"{r:.3f}" if r is not None else "  -  "
        return f"P={ps} R={rs} (tp={self.tp} fp={self.fp} fn={self.fn} tn={self.tn})"


class Report:
    def __init__(self) -> None:
        self.tallies: dict[str, Tally] = defaultdict(Tally)
        self.errors: dict[str, list[str]] = defaultdict(list)

    def record(
        self, dataset: str, script: str, kind: str, predicted: bool, actual: bool, note: str = "", n: int = 1
    ) -> None:
        for key in ("overall", f"dataset:{dataset}", f"script:{script}", f"kind:{kind}"):
            self.tallies[key].add(predicted, actual, n)
        if predicted != actual and len(self.errors[dataset]) < 400:
            self.errors[dataset].append(("FP " if predicted else "FN ") + note)


def script_of_pair(*names: str) -> str:
    found: list[str] = []
    for name in names:
        found += [s for s in scripts_of(name) if s != LATIN]
    for s in MAIN_SCRIPTS:
        if s in found:
            return s
    return "Other" if found else "Latin"


def kind_of(schema: str) -> tuple[EntityKind, str]:
    s = schema.lower()
    if s in ("person", "individual"):
        return EntityKind.PERSON, "person"
    if s in ("company", "organization", "legalentity", "organisation", "publicbody"):
        return EntityKind.ORGANISATION, "organisation"
    return EntityKind.UNKNOWN, "other"


def run_pairs(report: Report, threshold: float) -> None:
    data = loaders.DATA / "labelled_pairs"
    with open(data / "nomenklatura_name_bench_cases.csv", encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            kind, kind_label = kind_of(row["schema"])
            c = compare(row["name1"], row["name2"], kind=kind)
            report.record(
                "nomenklatura_cases",
                script_of_pair(row["name1"], row["name2"]),
                kind_label,
                c.score >= threshold,
                row["is_match"].strip().lower() == "true",
                f"{c.score:.2f} {row['name1']!r} ~ {row['name2']!r}",
            )
    checks = yaml.safe_load((data / "nomenklatura_entity_bench_checks.yml").read_text(encoding="utf-8"))[
        "checks"
    ]
    for check in checks:
        q, cand = check["query"].get("name"), check["candidate"].get("name")
        q = q[0] if isinstance(q, list) else q
        cand = cand[0] if isinstance(cand, list) else cand
        if not q or not cand:
            continue
        kind, kind_label = kind_of(check.get("schema", ""))
        c = compare(str(q), str(cand), kind=kind)
        report.record(
            "nomenklatura_checks",
            script_of_pair(q, cand),
            kind_label,
            c.score >= threshold,
            bool(check["match"]),
            f"{c.score:.2f} {q!r} ~ {cand!r}",
        )
    with open(data / "watchman_cross_script_pairs.csv", encoding="utf-8") as fh:
        for line in fh:
            if not line.strip() or line.startswith("#"):
                continue
            native, latin = line.split(",")[:2]
            c = compare(native, latin, kind=EntityKind.PERSON)
            report.record(
                "watchman_cross_script",
                script_of_pair(native),
                "person",
                c.score >= threshold,
                True,
                f"{c.score:.2f} {native!r} ~ {latin!r}",
            )


def run_yente(report: Report, threshold: float) -> None:
    base = loaders.DATA / "yente_fixtures"
    with (
        open(base / "positives_un_untreated.csv", encoding="utf-8", newline="") as a,
        open(base / "positives_un_treated.csv", encoding="utf-8", newline="") as b,
    ):
        for left, right in zip(csv.DictReader(a), csv.DictReader(b), strict=True):
            n1, n2 = left["full_name"], right["full_name"]
            c = compare(n1, n2, kind=EntityKind.PERSON)
            dataset = "yente_typos_changed" if n1 != n2 else "yente_typos_unchanged"
            report.record(
                dataset,
                script_of_pair(n1, n2),
                "person",
                c.score >= threshold,
                True,
                f"{c.score:.2f} {n1!r} ~ {n2!r}",
            )


def _latin_names(entry: ListEntry) -> set[str]:
    return {n.text.casefold() for n in entry.names if not any(s != LATIN for s in scripts_of(n.text))}


def _same_entity_keys(entry: ListEntry) -> set[str]:
    """Keys of an entry's names: two entries sharing one are the same listing.

    The EU consolidated files repeat a company under several regimes (269/2014 and
    833/2014), its Latin name written a little differently (PJSC KAMAZ / Kamaz; JSC ‘X’ /
    Joint Stock Company “X”; АО ‘X’ / Акционерное общество «X» (АО «Y»)). The keys: every
    name as letters and digits only, and every name (each of the names an alias cell
    bundles) as the words the normaliser keeps, as written, i.e. without legal forms,
    honorifics, punctuation and case; the normaliser's text clean-up, not its scoring.
    """
    keys = {"".join(ch for ch in n.text.casefold() if ch.isalnum()) for n in entry.names}
    person = entry.kind is EntityKind.PERSON
    for n in entry.names:
        texts = [n.text] if all(s == LATIN for s in scripts_of(n.text)) else alias_variants(n.text)
        for text in texts:
            # The words as written, not their spellings or translations: the key must not
            # change with the engine's transliteration tables.
            words = [slot.source.casefold() for slot in prepare_name(text, person=person).slots]
            keys.add(" ".join(w for i, w in enumerate(words) if i == 0 or w != words[i - 1]))
    return keys - {""}


# An EU Official Journal cell sometimes bundles several names into one alias: the Russian and
# Ukrainian spellings ("Андрей … СИГУТА/ Андрiй … СIГУТА"), or a company's full name and its
# abbreviation, often with the closing bracket lost in transcription ("АО «Оптрон» (АО «Оптрон»").
_BUNDLE_SPLIT = re.compile(r"\s*(?:/|\(|\)|\bborn\b)\s*")


_WORD_ALTERNATIVE = re.compile(r"(\S+)\s*\(([^()]+)\)\s*(?=\w)")  # "Микаил (Михаил) Сафарбекович"


def alias_variants(text: str) -> list[str]:
    """The names bundled in one alias cell, each screened on its own (see the module docstring).

    A bracket inside a name gives another spelling of the word before it
    ("Катерина (Екатерина) Владимировна"): both readings of the whole name are kept.
    """
    if _WORD_ALTERNATIVE.search(text):
        first = _WORD_ALTERNATIVE.sub(lambda m: m.group(1) + " ", text)
        second = _WORD_ALTERNATIVE.sub(lambda m: m.group(2) + " ", text)
        return list(dict.fromkeys(alias_variants(first) + alias_variants(second)))
    parts = [loaders.clean_alias(p) for p in _BUNDLE_SPLIT.split(text)]
    parts = [p for p in parts if any(s != LATIN for s in scripts_of(p)) and sum(c.isalpha() for c in p) >= 2]
    return list(dict.fromkeys(parts)) or [text]


def run_leave_one_alias_out(report: Report, threshold: float) -> None:
    entries = list(loaders.load_eu()) + list(loaders.load_un()) + list(loaders.load_cn())
    latin_only: list[ListEntry] = []
    queries: list[tuple[str, ListEntry, str]] = []
    for entry in entries:
        latin = [n for n in entry.names if all(s == LATIN for s in scripts_of(n.text))]
        other = [n for n in entry.names if any(s != LATIN for s in scripts_of(n.text))]
        if latin:
            latin_only.append(
                ListEntry(
                    entry.list_id,
                    entry.entry_id,
                    entry.kind,
                    tuple(latin),
                    countries=entry.countries,
                    birth_dates=entry.birth_dates,
                )
            )
        if latin and other:
            for n in other:
                queries.append((n.text, entry, script_of_pair(n.text)))
    index = ScreeningIndex.build(latin_only)
    by_id = {(e.list_id, e.entry_id): e for e in entries}
    for text, entry, script in queries:
        kind_label = "person" if entry.kind is EntityKind.PERSON else "organisation"
        dataset = f"loao_{entry.list_id}"
        own = _latin_names(entry)
        own_keys = _same_entity_keys(entry)
        found_own = False
        best: dict[tuple[str, str], tuple[float, str]] = {}
        names: list[str] = []
        for variant in alias_variants(text):
            try:
                hits = index.search(Subject(variant, kind=entry.kind), threshold=threshold, limit=20)
            except ValueError:
                hits = []
            names += [m.name for m in hits[:2]]
            for m in hits:
                other = by_id[(m.list_id, m.entry_id)]
                if (
                    (m.list_id, m.entry_id) == (entry.list_id, entry.entry_id)
                    or own & _latin_names(other)
                    or own_keys & _same_entity_keys(other)
                ):
                    found_own = True
                elif m.score > best.get((m.list_id, m.entry_id), (0.0, ""))[0]:
                    best[(m.list_id, m.entry_id)] = (m.score, m.name)
        counted: list[set[str]] = []  # one listed entity filed twice (EU and UN) alerts once
        for key, (score, name) in sorted(best.items(), key=lambda kv: -kv[1][0]):
            keys = _same_entity_keys(by_id[key])
            if any(keys & seen for seen in counted):
                continue
            counted.append(keys)
            report.record(dataset, script, kind_label, True, False, f"{score:.2f} {text!r} -> {name!r}")
        report.record(
            dataset,
            script,
            kind_label,
            found_own,
            True,
            f"{text!r} (own: {entry.primary_name!r}; got {names[:2]})",
        )


def run_negatives(limit: int | None, threshold: float) -> dict[str, object]:
    t0 = time.perf_counter()
    index = ScreeningIndex.build(loaders.load_all())
    build = time.perf_counter() - t0
    gc.collect()
    gc.freeze()  # the index is long-lived: keep it out of the cyclic collector's way
    total = alerts = 0
    examples: list[str] = []
    t1 = time.perf_counter()
    for name in ("negatives_global.csv", "negatives_us.csv"):
        with open(loaders.DATA / "yente_fixtures" / name, encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                if limit is not None and total >= limit:
                    break
                total += 1
                try:
                    born = date.fromisoformat(row["date_of_birth"]) if row["date_of_birth"] else None
                except ValueError:
                    born = None
                code = loaders.country_code(row["nationality"]) if row["nationality"] else ""
                subject = Subject(
                    row["full_name"],
                    kind=EntityKind.PERSON,
                    countries=(code,) if code else (),
                    birth_date=born,
                )
                hits = index.search(subject, threshold=threshold, limit=3)
                if hits:
                    alerts += 1
                    if len(examples) < 40:
                        examples.append(
                            f"{hits[0].score:.2f} {row['full_name']!r} -> {hits[0].matched_name!r} "
                            f"({hits[0].list_id})"
                        )
    elapsed = time.perf_counter() - t1
    return {
        "queries": total,
        "false_alerts": alerts,
        "rate": alerts / total if total else 0.0,
        "index_entries": len(index),
        "index_names": index.name_count,
        "build_s": round(build, 1),
        "search_s": round(elapsed, 1),
        "examples": examples,
    }


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--threshold", type=float, default=DEFAULT_THRESHOLD)
    parser.add_argument(
        "--negatives", type=int, default=None, help="screen only the first N synthetic people"
    )
    parser.add_argument("--skip-negatives", action="store_true")
    parser.add_argument("--quick", action="store_true", help="only the first 10,000 synthetic people")
    parser.add_argument("--errors", type=int, default=15, help="misclassified examples to print per dataset")
    parser.add_argument("--json", type=Path, default=None, help="also write the figures as JSON here")
    args = parser.parse_args()
    if not loaders.available():
        print(f"data not found at {loaders.DATA}; set WAYPOST_SCREENING_DATA", file=sys.stderr)
        return 2
    if args.quick and args.negatives is None:
        args.negatives = 10_000
    print("machine:", loaders.machine_info())
    print("command:", " ".join([Path(sys.executable).name, *sys.argv]))
    print(f"threshold: {args.threshold}")
    report = Report()
    t0 = time.perf_counter()
    run_pairs(report, args.threshold)
    run_yente(report, args.threshold)
    run_leave_one_alias_out(report, args.threshold)
    print(f"pairs and leave-one-alias-out: {time.perf_counter() - t0:.1f}s\n")
    for key in sorted(report.tallies, key=lambda k: (k.split(":")[0] != "overall", k)):
        print(f"{key:34s} {report.tallies[key].row()}")
    if args.errors:
        for dataset, errs in sorted(report.errors.items()):
            print(f"\n-- {dataset}: first {min(args.errors, len(errs))} of {len(errs)} errors")
            for e in errs[: args.errors]:
                print("  ", e)
    result: dict[str, object] = {
        key: {"precision": t.precision, "recall": t.recall, "tp": t.tp, "fp": t.fp, "fn": t.fn, "tn": t.tn}
        for key, t in report.tallies.items()
    }
    if not args.skip_negatives:
        neg = run_negatives(args.negatives, args.threshold)
        print(
            f"\nsynthetic people (false alerts): {neg['false_alerts']} of {neg['queries']} "
            f"= {neg['rate']:.4%} "
            f"(index {neg['index_entries']} entries / {neg['index_names']} names, build {neg['build_s']}s, "
            f"search {neg['search_s']}s)"
        )
        for e in neg["examples"][: args.errors]:  # type: ignore[index]
            print("  ", e)
        result["negatives"] = neg
    print_targets(report, result.get("negatives"))  # type: ignore[arg-type]
    if args.json:
        args.json.write_text(json.dumps(result, indent=2, ensure_ascii=False))
    return 0


def print_targets(report: Report, negatives: dict[str, object] | None) -> None:
    """The issue's quality targets at the default threshold, met or not."""
    overall, han = report.tallies["overall"], report.tallies["script:Han"]
    rows = [
        ("precision overall", overall.precision, 0.95),
        ("recall overall", overall.recall, 0.75),
        ("recall Han <-> Latin", han.recall, 0.6),
    ]
    print("\ntargets:")
    for label, value, goal in rows:
        met = value is not None and value >= goal
        shown = f"{value:.3f}" if value is not None else "-"
        print(f"  {label:24s} {shown:>7s}  (target >= {goal})  {'met' if met else 'NOT met'}")
    if negatives is not None:
        rate = float(negatives["rate"])  # type: ignore[arg-type]
        verdict = "met" if rate <= 0.01 else "NOT met"
        print(f"  {'false alerts, synthetic':24s} {rate:7.2%}  (target <= 1%)  {verdict}")


if __name__ == "__main__":
    raise SystemExit(main())

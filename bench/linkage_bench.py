"""Identity-resolution benchmark: ridni's model against a plain Splink 5 model, same data.

    .venv/bin/python bench/linkage_bench.py --children 20000 --unrelated 200000
    .venv/bin/python bench/linkage_bench.py --children 20000 --unrelated 1000000 --incremental

Builds (or reuses) a synthetic world with `ridni synth`, imports it into a fresh SQLite registry
with `ridni import-world`, links it with `ridni link`, exports the clusters and scores them
against the world's truth; then runs the plain model on the same registry. Each step runs as the
real command in a child process, so its time and peak memory are the command's own.
Results go to OUT/results.json and are printed as Markdown rows for docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, text

from _measure import Recorder

ROOT = Path(__file__).resolve().parents[1]
RIDNI = str(Path(sys.executable).with_name("ridni"))


def _run(args: list[str], env: dict[str, str]) -> None:
    subprocess.run([RIDNI, *args], check=True, env=env, stdout=subprocess.DEVNULL)


def _truth(world: Path) -> dict[tuple[str, str], str]:
    with (world / "truth.csv").open(encoding="utf-8") as handle:
        return {(r["source"], r["record_id"]): r["person_id"] for r in csv.DictReader(handle)}


def _renamed(world: Path, truth: dict[tuple[str, str], str]) -> list[tuple[str, str]]:
    path = world / "renamed.csv"
    if not path.exists():
        return []
    with path.open(encoding="utf-8") as handle:
        return [(r["source"], r["record_id"]) for r in csv.DictReader(handle)]


def _renamed_with_full_date(
    world: Path, renamed: list[tuple[str, str]], truth: dict[tuple[str, str], str]
) -> dict[str, int]:
    """Renamed children with a Ukrainian-side record, and how many of them have a new-identity
    record giving a full date of birth: the ceiling of what a name-free comparison can single
    out (a month-only adoption record has hundreds of equally good candidates)."""
    from ridni.linkage.evaluate import UA_SIDE

    manifest = json.loads((world / "manifest.json").read_text(encoding="utf-8"))
    kinds = {s["source"]: s["kind"] for s in manifest["sources"]}
    wanted = set(renamed)
    full: set[str] = set()
    for source in manifest["sources"]:
        if not any(name == source["source"] for name, _ in wanted):
            continue
        with (world / source["file"]).open(encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                ref = (source["source"], row["record_id"])
                if ref in wanted and sum(ch.isdigit() for ch in row["birth_date"]) >= 8:
                    full.add(truth[ref])
    with_ua = {
        person
        for (src, rid), person in truth.items()
        if kinds[src] in UA_SIDE and (src, rid) not in wanted
    }
    children = {truth[r] for r in wanted} & with_ua
    return {"renamed_children": len(children), "with_a_full_date": len(children & full)}


def _kinds(world: Path) -> dict[str, str]:
    manifest = json.loads((world / "manifest.json").read_text(encoding="utf-8"))
    return {s["source"]: s["kind"] for s in manifest["sources"]}


def _clusters(path: Path) -> dict[tuple[str, str], str]:
    with path.open(encoding="utf-8") as handle:
        return {(r["source"], r["record_id"]): r["person_id"] for r in csv.DictReader(handle)}


def _stored_links(db_url: str, truth: dict[tuple[str, str], str]) -> list[_StoredLink]:
    """Every stored link, with whether the world's truth says it is one child."""
    engine = create_engine(db_url)
    with engine.connect() as conn:
        refs, kinds = {}, {}
        for pk, name, rid, kind in conn.execute(
            text(
                "SELECT r.id, s.name, r.record_id, s.kind FROM source_records r "
                "JOIN sources s ON s.id = r.source_id"
            )
        ):
            refs[pk], kinds[pk] = (name, rid), kind
        links = [
            _StoredLink(
                weight,
                probability,
                truth.get(refs[a]) is not None and truth.get(refs[a]) == truth.get(refs[b]),
                '"renamed"' in str(contributions),
                "adoption_database" in (kinds[a], kinds[b]),
            )
            for a, b, weight, probability, contributions in conn.execute(
                text(
                    "SELECT record_a, record_b, match_weight, match_probability, contributions "
                    "FROM links"
                )
            )
        ]
    engine.dispose()
    return links


@dataclass(frozen=True)
class _StoredLink:
    weight: float
    probability: float
    true: bool
    renamed: bool
    profile: bool  # one of the records is an adoption database's profile


def _bands(observations: list[tuple[float, bool]]) -> list[dict[str, Any]]:
    from ridni.linkage.evaluate import reliability

    return [
        {
            "band": f"{band.low:.2f}–{band.high:.2f}",
            "links": band.pairs,
            "mean_predicted": band.mean_predicted,
            "true_share": band.true_share,
        }
        for band in reliability(observations, edges=(0.05, 0.2, 0.5, 0.8, 0.9, 0.99, 1.0))
    ]


def _calibration(links: list[_StoredLink]) -> list[dict[str, Any]]:
    """Stored links by predicted probability band, with the share that are true matches."""
    return _bands([(link.probability, link.true) for link in links])


def _recalibrated(links: list[_StoredLink], reviewed: int, seed: int) -> dict[str, Any]:
    """A reviewers' sample simulated: ``reviewed`` main-model links drawn from the 0.5–0.999
    band are decided by the world's truth, the probabilities are fitted to them as
    ``ridni review recalibrate`` does, and every other main-model link is scored before and
    after."""
    import random

    from ridni.linkage.calibration import fit

    main = [link for link in links if not link.renamed]
    band = [i for i, link in enumerate(main) if 0.5 <= link.probability < 0.999]
    sample = set(random.Random(seed).sample(band, min(reviewed, len(band))))
    fitted = fit([(main[i].weight, main[i].true) for i in sorted(sample)], "bench")
    rest = [link for i, link in enumerate(main) if i not in sample]
    return {
        "reviewed": len(sample),
        "confirmed": fitted.confirmed,
        "slope": round(fitted.slope, 4),
        "intercept": round(fitted.intercept, 4),
        "before": _bands([(link.probability, link.true) for link in rest]),
        "after": _bands([(fitted.probability(link.weight), link.true) for link in rest]),
        "by_group": {
            name: _group_fit(main, sample, rest, fitted, profile)
            for name, profile in (("with an adoption profile", True), ("others", False))
        },
    }


def _group_fit(
    main: list[_StoredLink], sample: set[int], rest: list[_StoredLink], overall: Any, profile: bool
) -> dict[str, Any]:
    """The same sample's decisions on one group of links (with an adoption database's profile
    or not): the group's links scored by the model, by the overall fit, and by a fit to the
    group's own decisions where there are enough (``calibration.MIN_EACH`` of each)."""
    from ridni.errors import Invalid
    from ridni.linkage.calibration import fit

    decided = [(main[i].weight, main[i].true) for i in sorted(sample) if main[i].profile == profile]
    links = [link for link in rest if link.profile == profile]
    out: dict[str, Any] = {
        "reviewed": len(decided),
        "confirmed": sum(yes for _, yes in decided),
        "model": _bands([(link.probability, link.true) for link in links]),
        "overall_fit": _bands([(overall.probability(link.weight), link.true) for link in links]),
    }
    try:
        own = fit(decided, "bench")
    except Invalid as exc:
        out["own_fit"] = str(exc)
    else:
        out["own_fit"] = _bands([(own.probability(link.weight), link.true) for link in links])
    return out


def _review_renamings(
    db_url: str, truth: dict[tuple[str, str], str], out: Path, env: dict[str, str]
) -> dict[str, Any]:
    """A reviewer works through the possible renamings of the review queue: the name-free
    model's links in the review band whose records are not one person yet, most probable
    first, each confirmed or rejected as the world's truth says (``ridni review decide``,
    in-process). The persons are then exported again. This measures the workflow (the
    decisions it takes and what they find), not the model: the automatic figures are above."""
    from sqlalchemy import select

    from ridni.config import get_settings
    from ridni.db.engine import engine_for, session_scope
    from ridni.ingest.models import Source, SourceRecord
    from ridni.linkage import decisions
    from ridni.linkage.explanation import MARKER, RENAMED
    from ridni.linkage.models import Link, PersonRecord
    from ridni.security.actors import SYSTEM

    settings = get_settings()
    engine = engine_for(db_url)
    with session_scope(engine) as session:
        refs = {
            pk: (name, rid)
            for pk, name, rid in session.execute(
                select(SourceRecord.id, Source.name, SourceRecord.record_id).join(Source)
            )
        }
        person = {
            pk: pid
            for pk, pid in session.execute(select(PersonRecord.record_pk, PersonRecord.person_id))
        }
        queue = [
            (a, b)
            for a, b, contributions in session.execute(
                select(Link.record_a, Link.record_b, Link.contributions)
                .where(Link.match_probability >= settings.review_band_low)
                .where(Link.match_probability < settings.review_band_high)
                .order_by(Link.match_probability.desc())
            )
            if (contributions or {}).get(MARKER) == RENAMED and person.get(a) != person.get(b)
        ]
    confirmed = 0
    for a, b in queue:
        same = truth.get(refs[a]) is not None and truth.get(refs[a]) == truth.get(refs[b])
        confirmed += same
        with session_scope(engine) as session:
            decisions.decide(
                session=session,
                actor=SYSTEM,
                record_a=a,
                record_b=b,
                decision="confirm" if same else "reject",
                reason="bench: a simulated reviewer, deciding by the world's truth",
            )
    engine.dispose()
    _run(["export", "clusters", "--out", str(out / "clusters_reviewed.csv")], env)
    return {"decisions": len(queue), "confirmed": confirmed}


def _baseline_assignment(db_url: str) -> dict[tuple[str, str], str]:
    sys.path.insert(0, str(Path(__file__).parent))
    from baseline_splink import run_baseline

    engine = create_engine(db_url)
    clusters = run_baseline(engine)
    with engine.connect() as conn:
        refs = conn.execute(
            text(
                "SELECT r.id, s.name, r.record_id FROM source_records r "
                "JOIN sources s ON s.id = r.source_id"
            )
        ).all()
    return {(name, rid): f"b{clusters.get(pk, f'r{pk}')}" for pk, name, rid in refs}


def new_batch(world: Path, out: Path, size: int, seed: int) -> Path:
    """``size`` records re-sighted: copies of the world's counterpart-list and OSINT records
    under new ids, as a new source would bring them (they should join existing persons)."""
    import random

    rows: list[dict[str, str]] = []
    for name in ("counterpart_ombudsman.csv", "osint_sightings.csv"):
        with (world / name).open(encoding="utf-8") as handle:
            rows.extend({**r, "_source": name[:-4]} for r in csv.DictReader(handle))
    rng = random.Random(seed)
    picked = rng.sample(rows, min(size, len(rows)))
    path = out / "new_batch.csv"
    origins = out / "new_batch_origins.csv"
    with (
        path.open("w", encoding="utf-8", newline="") as handle,
        origins.open("w", encoding="utf-8", newline="") as origin_handle,
    ):
        fields = [f for f in picked[0] if f != "_source"]
        writer = csv.DictWriter(handle, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        origin = csv.writer(origin_handle, lineterminator="\n")
        for number, row in enumerate(picked, 1):
            new_id = f"NEW-{number:05d}"
            writer.writerow({**{f: row[f] for f in fields}, "record_id": new_id, "sibling_ids": ""})
            origin.writerow((new_id, row["_source"], row["record_id"]))
    return path


def _incremental_accuracy(out: Path) -> float:
    """Share of the new records that joined the person of the record they copy."""
    persons = _clusters(out / "clusters_after.csv")
    with (out / "new_batch_origins.csv").open(encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    same = sum(persons[("new_sightings", n)] == persons[(s, r)] for n, s, r in rows)
    return round(same / len(rows), 4)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--children", type=int, default=20_000)
    parser.add_argument("--unrelated", type=int, default=200_000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--engine", default="duckdb")
    parser.add_argument("--out", type=Path, default=None)
    parser.add_argument("--world", type=Path, default=None, help="Use this world instead.")
    parser.add_argument("--no-baseline", action="store_true")
    parser.add_argument(
        "--incremental", type=int, default=0, help="Then import and link a batch of N new records."
    )
    parser.add_argument(
        "--review-renamings",
        action="store_true",
        help="Then simulate a reviewer deciding every possible renaming in the review band.",
    )
    parser.add_argument(
        "--reviewed",
        type=int,
        default=0,
        help="Simulate N reviewer decisions in the 0.5–0.999 band and recalibrate from them.",
    )
    args = parser.parse_args()
    out = args.out or ROOT / "bench" / "out" / f"linkage-{args.children}-{args.unrelated}"
    out.mkdir(parents=True, exist_ok=True)
    world = args.world or out / "world"
    db_path = out / "ridni.db"
    db_path.unlink(missing_ok=True)
    for suffix in ("-wal", "-shm"):
        Path(str(db_path) + suffix).unlink(missing_ok=True)
    db_url = f"sqlite:///{db_path}"
    env = {**os.environ, "RIDNI_DATABASE_URL": db_url, "RIDNI_DATA_DIR": str(out / "var")}
    rec = Recorder()
    if not (world / "truth.csv").exists():
        with rec.step("synth"):
            _run(
                [
                    "synth",
                    str(world),
                    "--children",
                    str(args.children),
                    "--unrelated",
                    str(args.unrelated),
                    "--seed",
                    str(args.seed),
                ],
                env,
            )
    with rec.step("import"):
        _run(["init"], env)
        _run(["import-world", str(world)], env)
    with rec.step("link"):
        _run(["link", "--engine", args.engine, "--retrain"], env)
    with rec.step("export"):
        _run(["export", "clusters", "--out", str(out / "clusters.csv")], env)
    if args.incremental:
        batch = new_batch(world, out, args.incremental, args.seed)
        with rec.step(f"incremental import of {args.incremental} records"):
            _run(["import", str(batch), "--source", "new_sightings", "--kind", "osint"], env)
        with rec.step(f"incremental link of {args.incremental} records"):
            _run(["link"], env)
        _run(["export", "clusters", "--out", str(out / "clusters_after.csv")], env)

    from ridni.linkage.evaluate import score

    truth, kinds = _truth(world), _kinds(world)
    renamed = _renamed(world, truth)
    results = {
        "command": " ".join(sys.argv),
        "children": args.children,
        "unrelated": args.unrelated,
        "records": len(truth),
        "engine": args.engine,
        "ridni": score(truth, _clusters(out / "clusters.csv"), kinds, renamed).as_dict(),
    }
    links = _stored_links(db_url, truth)
    results["calibration"] = _calibration(links)
    if args.reviewed:
        results["recalibrated"] = _recalibrated(links, args.reviewed, args.seed)
        print("recalibrated:", json.dumps(results["recalibrated"], ensure_ascii=False))
    if args.review_renamings:
        os.environ.update(RIDNI_DATABASE_URL=db_url, RIDNI_DATA_DIR=str(out / "var"))
        with rec.step("reviewing the possible renamings"):
            reviewed = _review_renamings(db_url, truth, out, env)
        after = score(truth, _clusters(out / "clusters_reviewed.csv"), kinds, renamed).as_dict()
        results["renamings_reviewed"] = {**reviewed, "ridni": after}
        print(
            "after reviewing the possible renamings:",
            json.dumps({**reviewed, "renamed_children_found": after["renamed_children_found"]}),
        )
    results["steps"] = [vars(s) for s in rec.steps]
    results["renamed_ceiling"] = _renamed_with_full_date(world, renamed, truth)
    print("renamed children, new identity with a full date:", results["renamed_ceiling"])
    if args.incremental:
        results["incremental_joined_their_person"] = _incremental_accuracy(out)
    print("ridni:", results["ridni"], flush=True)
    if not args.no_baseline:
        with rec.step("baseline"):
            baseline = _baseline_assignment(db_url)
        results["plain_splink"] = score(truth, baseline, kinds, renamed).as_dict()
        results["steps"] = [vars(s) for s in rec.steps]
        print("plain Splink:", results["plain_splink"], flush=True)
    (out / "results.json").write_text(json.dumps(results, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()

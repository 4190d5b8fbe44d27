"""Command line: python -m atlas validate | audit | link-article | journey | bench | assets.

validate DIR      every problem of a data folder, one line each; exit 1 when there are any
audit DIR         per feature: newest source, newest figure per metric, what looks stale
ingest SOURCE…    articles (addresses, .html/.txt files, RSS/Atom feeds) -> proposals in data/inbox/ (--json)
link-article F    the sentences and figures of an article that name known features (--write: a source file)
journey           the path between two places at the end of a year: the ride and the built answers (--json)
bench             the benchmarks of bench/README.md (--real, --features N, --load, --linker, --ingest, --journeys)
review            list the proposals of the inbox (or --file); accept, edit, reject; apply the accepted batch
feed              the change log as an Atom feed (--lang en|zh|id) on stdout
assets            copy Leaflet, jQuery and the atlas runtime and stylesheet into static/; write the feeds
Input errors are one line on stderr and exit code 2, never a traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from pydantic import ValidationError

from atlas import assets
from atlas.catalog import load_catalog
from atlas.data import resolve_data_dir
from atlas.files import write_atomic
from atlas.linking import contains_verbatim, link_article
from atlas.loading import read_regular_file
from atlas.schema import ID_RE, Source


class UserError(Exception):
    """A problem with the command's input: one line on stderr, exit code 2."""


MAX_ARTICLE_BYTES = 1_000_000  # a long news article is 50 KB; above this it is not one article


def read_article(path: str) -> str:
    p = Path(path)
    try:
        raw = read_regular_file(p, MAX_ARTICLE_BYTES)
    except OSError as err:
        raise UserError(f"{path}: cannot read the article: {err.strerror or err}") from err
    except ValueError as err:
        raise UserError(f"{path}: cannot read the article: expected a text file, found {err}") from err
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise UserError(
            f"{path}: not UTF-8 text (byte 0x{raw[err.start]:02x} at position {err.start}); "
            "save it as UTF-8, e.g. iconv -f GB18030 -t UTF-8"
        ) from err


def cmd_validate(args: argparse.Namespace) -> int:
    data_dir = resolve_data_dir(args.data_dir)
    catalog = load_catalog(data_dir)
    if args.against:
        return _validate_against(catalog, args.against)
    from atlas.geometry_audit import warnings

    geometry = warnings(catalog)  # warnings: printed after the problems, never a reason to fail
    for problem in catalog.problems:  # root causes first (a missing file before what follows from it)
        print(problem)
    for w in geometry:
        print(w)
    if catalog.problems:
        print(f"{len(catalog.problems)} problem(s) and {len(geometry)} geometry warning(s) in {data_dir}", file=sys.stderr)
        return 1
    n_ex = sum(len(s.excerpts) for s in catalog.sources.values())
    print(
        f"{data_dir}: OK — {len(catalog.features)} features, {len(catalog.agreements)} agreements, "
        f"{len(catalog.sources)} sources, {n_ex} excerpts, {len(catalog.facts)} facts, "
        f"{len(catalog.milestones)} milestones, {len(catalog.changes)} logged changes"
        + (f"; {len(geometry)} geometry warning(s) above" if geometry else "")
    )
    return 0


def _validate_against(catalog, pairs: list[str]) -> int:
    """Every excerpt of source ID appears in the article (whitespace and quote style aside)."""
    bad = 0
    for pair in pairs:
        sid, sep, path = pair.partition("=")
        if not sep or not sid or not path:
            raise UserError(f"--against {pair!r}: expected ID=ARTICLE.txt")
        if sid not in catalog.sources:
            raise UserError(f"--against {pair!r}: no source {sid!r} in {catalog.data_dir}/sources")
        text = read_article(path)
        src = catalog.sources[sid]
        for ex in src.excerpts:
            if not contains_verbatim(text, ex.text):
                bad += 1
                print(f"sources/{sid}.json: {ex.id}: text: expected verbatim in {path}, found no match for {ex.text[:80]!r}")
        if not bad:
            print(f"{sid}: all {len(src.excerpts)} excerpts appear verbatim in {path}")
    return 1 if bad else 0


def data_folder(given: str | None, flag: str = "--data-dir") -> Path:
    """The data folder a command reads: an error (not an empty result) when it is not a folder."""
    data_dir = resolve_data_dir(given)
    if not data_dir.is_dir():
        where = f"{flag} {given}".strip() if given else str(data_dir)
        raise UserError(f"{where}: expected a data folder, found {'a file' if data_dir.exists() else 'none'}")
    return data_dir


def cmd_link_article(args: argparse.Namespace) -> int:
    if not ID_RE.match(args.source_id):  # \Z-anchored: no trailing newline
        raise UserError(f"--source-id {args.source_id!r}: expected a snake_case id such as 'xinhua_2024_12_03'")
    text = read_article(args.article)
    catalog = load_catalog(data_folder(args.data_dir))
    found = link_article(text, catalog)
    for fact in found["facts"]:  # the excerpt id that --write gives the sentence the figure was read from
        fact["excerpt_id"] = _excerpt_id(args.source_id, fact.pop("excerpt"))
    result = {"source_id": args.source_id, **found}
    if args.write:
        result["written"] = str(_write_source(args, text, found, catalog.data_dir))
    json.dump(result, sys.stdout, ensure_ascii=False, indent=1)
    sys.stdout.write("\n")
    return 0


def _excerpt_id(source_id: str, number: int) -> str:
    return f"{source_id}#{number:02d}"


def _write_source(args, text: str, found: dict, data_dir: Path) -> Path:
    missing = [f"--{k}" for k in ("outlet", "published", "url") if not getattr(args, k)]
    if missing:
        raise UserError(f"--write needs {', '.join(missing)}: a source file must say where it came from")
    title = args.title or next((line.strip() for line in text.splitlines() if line.strip()), args.source_id)
    target = data_dir / "sources" / f"{args.source_id}.json"
    if target.exists():
        raise UserError(f"{target}: exists already; choose another --source-id or remove the file")
    doc = {
        "id": args.source_id,
        "title": title,
        "author": args.author,
        "outlet": args.outlet,
        "published": args.published,
        "url": args.url,
        "language": "zh" if sum("\u4e00" <= c <= "\u9fff" for c in text) > len(text) / 4 else "en",
        "reviewed": False,
        "excerpts": [
            {"id": _excerpt_id(args.source_id, i), "text": e["text"], "feature_ids": e["feature_ids"]}
            for i, e in enumerate(found["excerpts"], start=1)
        ],
    }
    try:
        Source.model_validate(doc)
    except ValidationError as err:
        raise UserError(_metadata_problem(err, doc)) from err
    try:
        write_atomic(target, json.dumps(doc, ensure_ascii=False, indent=1) + "\n", exclusive=True)
    except FileExistsError as err:  # written by someone else since the check above
        raise UserError(f"{target}: exists already; choose another --source-id or remove the file") from err
    return target


FLAG_OF = {"published": "--published", "url": "--url", "outlet": "--outlet", "title": "--title", "author": "--author"}
WHY = {"url": "expected a web address starting with http:// or https://"}


def _metadata_problem(err: ValidationError, doc: dict) -> str:
    """The first problem of the source metadata as '--flag VALUE: expected …, found …'."""
    from atlas.loading import sentence

    first = err.errors()[0]
    field = str(first["loc"][0]) if first["loc"] else "(record)"
    if field in FLAG_OF:
        why = WHY.get(field, sentence(first))
        if field in WHY:
            why += f", found {doc.get(field)!r}"
        return f"--write: {FLAG_OF[field]} {doc.get(field)!r}: {why}"
    where = ".".join(str(x) for x in first["loc"])
    return f"--write: the source metadata is not valid: {where}: {sentence(first)}"


def cmd_ingest(args: argparse.Namespace) -> int:
    from atlas.ingest import ingest, listing

    if args.timeout <= 0:
        raise UserError(f"--timeout {args.timeout}: expected a number of seconds above 0")
    catalog = load_catalog(data_folder(args.data_dir))
    inbox = Path(args.inbox) if args.inbox else catalog.data_dir / "inbox"
    if inbox.exists() and not inbox.is_dir():
        raise UserError(f"--inbox {inbox}: expected a folder, found a file")
    outcome = ingest(args.sources, catalog, inbox, timeout=args.timeout)
    for line in outcome.errors:
        print(f"error: {line}", file=sys.stderr)
    for line in outcome.skipped:
        print(line, file=sys.stderr)
    if outcome.sources:
        print(listing(outcome))
        print(f"{len(outcome.written)} proposal file(s) written to {inbox}/ (python -m atlas review reads them)")
    if args.json:
        print(json.dumps({"sources": outcome.sources, "proposals": outcome.proposals}, ensure_ascii=False))
    succeeded = len(outcome.sources) + len(outcome.skipped)
    return 1 if outcome.errors and not succeeded else 0


def cmd_audit(args: argparse.Namespace) -> int:
    import datetime as dt

    from atlas.audit import audit, audit_table

    catalog = load_catalog(data_folder(args.data_dir, ""))
    try:
        today = dt.date.fromisoformat(args.today) if args.today else None
    except ValueError as err:
        raise UserError(f"--today {args.today!r}: expected YYYY-MM-DD") from err
    report = audit(catalog, today=today)
    if args.json:
        print(json.dumps(report, ensure_ascii=False))
    else:
        print(audit_table(report))
    if catalog.problems:  # the audit covers only the valid records: say so, and fail
        for problem in catalog.problems:
            print(problem, file=sys.stderr)
        print(
            f"{len(catalog.problems)} problem(s) in {catalog.data_dir}: the audit above leaves out what they name "
            "(python -m atlas validate lists them)",
            file=sys.stderr,
        )
        return 1
    return 0


def cmd_bench(args: argparse.Namespace) -> int:
    for flag, value in (("--features", args.features), ("--users", args.users), ("--actions", args.actions)):
        if value is not None and value < 1:
            raise UserError(f"{flag} {value}: expected a whole number of at least 1")
    if args.ingest:
        from bench.ingest_eval import main as ingest_main

        return ingest_main(args.articles, str(data_folder(args.data_dir)) if args.data_dir else None)
    if args.linker:
        from bench.linker_eval import main as linker_main

        return linker_main()
    if args.journeys:
        from bench.journey_bench import main as journeys_main

        return journeys_main(args.features or 10000)
    if args.runs < 1:
        raise UserError("--runs must be at least 1")
    from bench.runner import main as bench_main  # bench/ sits beside the package, run from the repository root

    return bench_main(args)


JOURNEY_KEYS = (
    "from",
    "to",
    "year",
    "km_total",
    "km_open",
    "km_under_construction",
    "km_planned",
    "km_unknown",
    "km_missing",
    "km_sea",
    "open_by",
    "from_place",
    "to_place",
)


def _journey_json(answer: dict) -> dict:
    legs = [{k: v for k, v in leg.items() if k not in ("coords", "from_id", "to_id")} for leg in answer["legs"]]
    return {**{k: answer[k] for k in JOURNEY_KEYS}, "not_open": answer["not_open"], "legs": legs}


def cmd_journey(args: argparse.Namespace) -> int:
    from atlas import journeys

    if args.year is not None and not journeys.YEARS[0] <= args.year <= journeys.YEARS[1]:
        raise UserError(f"--year {args.year} is out of range: expected a year from {journeys.YEARS[0]} to {journeys.YEARS[1]}")
    data_dir = resolve_data_dir(args.data_dir)
    if not data_dir.is_dir():
        raise UserError(f"no data folder at {journeys.clean(str(data_dir), 200)}")
    catalog = load_catalog(data_dir)
    net = journeys.build(catalog)
    try:
        result = journeys.journey(net, catalog, args.start, args.end, args.year)
    except journeys.UnknownPlace as err:
        hint = f"; closest names: {', '.join(dict.fromkeys(err.suggestions))}" if err.suggestions else ""
        raise UserError(f"no station or place called {err.name!r} on the network{hint}") from err
    except journeys.SamePlace as err:  # not a usage error: a journey of no length (exit 1)
        print(f"error: start and end are the same place ({err}): no journey to show", file=sys.stderr)
        return 1
    except journeys.NoPath as err:
        raise UserError(f"no path on the network joins {err}") from err
    if not args.json:
        print(journeys.table(result))
    ride, built = _journey_json(result["ride"]), _journey_json(result["built"])
    print(json.dumps({**ride, "ride": ride, "built": built}, ensure_ascii=False))
    return 0


def cmd_assets(_args: argparse.Namespace) -> int:
    from atlas.changelog import write_feeds

    files = assets.install()
    v = assets.versions()
    print(f"static/: Leaflet {v['leaflet']}, jQuery {v['jquery']} ({len(files)} files checked)")
    catalog = load_catalog()
    feeds = write_feeds(catalog, assets.STATIC_DIR)
    print(f"static/: {', '.join(f.name for f in feeds)} ({len(catalog.changes)} logged changes each)")
    return 0


def cmd_review(args: argparse.Namespace) -> int:
    from atlas import review_cli

    try:
        return review_cli.review(args, data_folder(args.data_dir))
    except review_cli.UserError as err:
        raise UserError(str(err)) from err


def cmd_feed(args: argparse.Namespace) -> int:
    from atlas.changelog import PUBLIC_URL, feed_xml

    catalog = load_catalog(data_folder(args.data_dir))
    sys.stdout.write(feed_xml(catalog, args.lang, args.base_url or PUBLIC_URL).decode("utf-8"))
    return 1 if catalog.problems else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m atlas", description="China–ASEAN Connectivity Atlas tools")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("validate", help="check every data file; exit 1 listing each problem")
    p.add_argument("data_dir", nargs="?", help="data folder (default: $ATLAS_DATA_DIR or data/)")
    p.add_argument(
        "--against",
        action="append",
        metavar="ID=ARTICLE.txt",
        help="check that every excerpt of source ID appears verbatim in the article",
    )
    p.set_defaults(func=cmd_validate)
    p = sub.add_parser("audit", help="per feature: newest source, newest figure per metric, what looks stale")
    p.add_argument("data_dir", nargs="?", help="data folder (default: $ATLAS_DATA_DIR or data/)")
    p.add_argument("--json", action="store_true", help="one JSON object instead of the table")
    p.add_argument("--today", help="judge ages as of this date (YYYY-MM-DD; default: today)")
    p.set_defaults(func=cmd_audit)
    p = sub.add_parser("ingest", help="read articles or feeds and write what they propose to the inbox (docs/pipeline.md)")
    p.add_argument("sources", nargs="+", metavar="SOURCE", help="a web address, an .html/.htm/.txt file, or an RSS/Atom feed")
    p.add_argument("--json", action="store_true", help="also print the proposals as one JSON object on the last line")
    p.add_argument("--inbox", help="folder for the proposal files (default: DATA_DIR/inbox)")
    p.add_argument("--data-dir", help="data folder (default: $ATLAS_DATA_DIR or data/)")
    p.add_argument("--timeout", type=float, default=20.0, help="seconds to wait for each page (default 20)")
    p.set_defaults(func=cmd_ingest)
    p = sub.add_parser("link-article", help="find the sentences and figures of an article that mention known features")
    p.add_argument("article", help="the article as plain UTF-8 text (English or Chinese)")
    p.add_argument("--source-id", required=True)
    for flag in ("title", "author", "outlet", "published", "url"):
        p.add_argument(f"--{flag}")
    p.add_argument("--data-dir", help="data folder (default: $ATLAS_DATA_DIR or data/)")
    p.add_argument("--write", action="store_true", help="also write sources/ID.json with reviewed: false")
    p.set_defaults(func=cmd_link_article)
    p = sub.add_parser("bench", help="benchmark the atlas against a plain folium build (see bench/README.md)")
    p.add_argument("--features", type=int, help="synthetic features to generate (default: 1000; with --load: the bundled data)")
    p.add_argument("--real", action="store_true", help="use the bundled data instead of synthetic features")
    p.add_argument("--runs", type=int, default=5, help="runs per measure; the median is reported (default 5)")
    p.add_argument("--skip-browser", action="store_true", help="leave out the browser timing")
    p.add_argument("--load", action="store_true", help="load test: many browser sessions against one server")
    p.add_argument("--users", type=int, default=20, help="with --load: browser sessions (default 20)")
    p.add_argument("--actions", type=int, default=10, help="with --load: filter changes and clicks per session (default 10)")
    p.add_argument("--url", help="with --load: an already running server (e.g. make serve) instead of starting one")
    p.add_argument("--linker", action="store_true", help="score link-article on the labelled real articles (tests/articles/real)")
    p.add_argument("--ingest", action="store_true", help="score ingest's proposals on labelled articles (docs/pipeline.md §6)")
    p.add_argument("--articles", help="with --ingest: the folder of labelled articles (default: tests/articles/ingest)")
    p.add_argument(
        "--data-dir", help="with --ingest: the data the proposals are made against (default: $ATLAS_DATA_DIR or data/)"
    )
    p.add_argument("--journeys", action="store_true", help="time path computation on the bundled and synthetic networks")
    p.set_defaults(func=cmd_bench)
    p = sub.add_parser("journey", help="the best rail path between two places, leg by leg, at the end of a year")
    p.add_argument("--from", dest="start", required=True, help="a station or place: Kunming, 昆明, Vientiane, Bangkok …")
    p.add_argument("--to", dest="end", required=True)
    p.add_argument("--year", type=int, help="statuses at the end of this year, 1900–2100 (default: as last reported)")
    p.add_argument("--json", action="store_true", help="only the JSON object")
    p.add_argument("--data-dir", help="data folder (default: $ATLAS_DATA_DIR or data/)")
    p.set_defaults(func=cmd_journey)
    p = sub.add_parser("review", help="review proposals (docs/pipeline.md): list, accept, edit, reject, apply")
    where = p.add_mutually_exclusive_group()
    where.add_argument("--inbox", help="folder of proposal files (default: the data folder's inbox/)")
    where.add_argument("--file", help="one proposal file (as ingest --json prints it)")
    p.add_argument("--accept", help="comma-separated proposal ids, or 'all'")
    p.add_argument("--reject", help="comma-separated proposal ids")
    p.add_argument("--set", action="append", default=[], metavar="ID:FIELD=VALUE", help="edit a proposal, then accept it")
    p.add_argument("--dry-run", action="store_true", help="apply and validate in memory; write nothing")
    p.add_argument("--data-dir", help="data folder (default: $ATLAS_DATA_DIR or data/)")
    p.set_defaults(func=cmd_review)
    p = sub.add_parser("feed", help="the change log as an Atom feed on stdout")
    p.add_argument("--lang", choices=("en", "zh", "id"), default="en")
    p.add_argument("--base-url", help="the atlas's public address (default: $ATLAS_PUBLIC_URL or http://localhost:8501/)")
    p.add_argument("--data-dir", help="data folder (default: $ATLAS_DATA_DIR or data/)")
    p.set_defaults(func=cmd_feed)
    p = sub.add_parser("assets", help="copy Leaflet and jQuery into static/ for the app to serve; write the feeds")
    p.set_defaults(func=cmd_assets)
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except UserError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2

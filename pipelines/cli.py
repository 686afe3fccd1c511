"""`akhbar`: the command line. User mistakes get a one-line message and exit code 2.

Dagster, the crawler and the topic model are imported by the commands that run them, not at
start: `akhbar sql`/`trend`/`export` answer in about a second instead of six."""

from __future__ import annotations

import argparse
import json
import sys
import warnings
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

import polars as pl

from pipelines.news.sources import (
    DEFAULT_REGISTRY,
    DEFAULT_SITE_PORT,
    DEFAULT_SITE_URL,
    RegistryError,
    load_registry,
)
from warehouse.store import DEFAULT_DATABASE

if TYPE_CHECKING:
    from pipelines.demo_site.generator import Scale
    from pipelines.news.models import ParsedPage
    from pipelines.resources import HttpFetcher

# Where `akhbar demo-cluster` publishes its analysts' database (its lake is on its S3 server).
DEFAULT_CLUSTER_DEMO_DATABASE = DEFAULT_DATABASE.parent / "cluster-demo" / "news.duckdb"
EXIT_USAGE = 2
EXIT_RUN_FAILED = 1


class UserError(Exception):
    """Something the user can fix; printed without a traceback."""


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        return int(args.command(args))
    except (UserError, RegistryError) as error:
        print(f"akhbar: {error}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="akhbar", description=__doc__)
    commands = parser.add_subparsers(required=True, metavar="COMMAND")

    site = commands.add_parser("demo-site", help="serve the bundled demo news site on 127.0.0.1")
    site.add_argument("--port", type=int, default=DEFAULT_SITE_PORT)
    site.add_argument("--seed", type=int, default=7)
    site.add_argument(
        "--faults",
        action="store_true",
        help="mix in server errors, 429s, slow and reset connections, bad charsets, redirect "
        "loops, oversized bodies, a gzip bomb, non-articles and tracking-parameter duplicates "
        "(their truth: GET /_faults.jsonl)",
    )
    site.add_argument("--crawl-delay", type=float, help="add a Crawl-delay to robots.txt")
    site.add_argument(
        "--export-truth",
        metavar="FILE",
        help="write the site's ground truth as JSONL ('-' for stdout) and exit",
    )
    site.add_argument(
        "--outlets",
        metavar="M",
        help="M original outlets besides the aggregator (default 3); outlets past atlas, "
        "rabat and souss reuse their templates in turn",
    )
    site.add_argument(
        "--days", metavar="N", help="N Casablanca local days of articles (default 60)"
    )
    site.add_argument(
        "--start", metavar="YYYY-MM-DD", help="the first of those days (default 2026-02-01)"
    )
    site.add_argument(
        "--export-registry",
        metavar="FILE",
        help="write the site's source registry YAML ('-' for stdout) and exit; crawl the "
        "site with `akhbar backfill --registry FILE --site-url URL`",
    )
    site.add_argument(
        "--break",
        dest="break_outlet",
        metavar="OUTLET",
        help="template-change drill: from --from DAY on, serve OUTLET's article pages with a "
        "new template (other pages, the truth and the registry stay as they were)",
    )
    site.add_argument(
        "--from",
        dest="break_from",
        metavar="YYYY-MM-DD",
        help="the first Casablanca local day of --break's new template",
    )
    site.set_defaults(command=_demo_site)

    backfill = commands.add_parser("backfill", help="materialize a range of days in one run")
    backfill.add_argument("--from", dest="first", required=True, type=_day, metavar="YYYY-MM-DD")
    backfill.add_argument("--to", dest="last", required=True, type=_day, metavar="YYYY-MM-DD")
    backfill.add_argument(
        "--days-per-run",
        type=_positive_int,
        default=None,
        metavar="N",
        help="split the range into runs of at most N days, oldest first, so memory stays "
        "bounded however long the range (default: 31)",
    )
    _add_pipeline_options(backfill)
    backfill.set_defaults(command=_backfill)

    sql = commands.add_parser("sql", help="run a read-only SQL query on the warehouse")
    sql.add_argument("query")
    sql.add_argument("--warehouse", default=str(DEFAULT_DATABASE))
    sql.add_argument(
        "--format",
        choices=["table", "csv", "json"],
        default="table",
        help="table (default), csv, or json (JSON lines: one object per row); csv and json "
        "write every row, ISO 8601 dates, lists as JSON arrays, UTF-8 text",
    )
    sql.add_argument(
        "--max-rows", type=int, default=50, help="rows the table shows (table format only)"
    )
    sql.set_defaults(command=_sql)

    trend = commands.add_parser(
        "trend",
        help='daily articles and stories matching a query: words, "a phrase", OR, NOT',
    )
    trend.add_argument("query", help="e.g. 'الجفاف OR \"ندرة المياه\" NOT كرة'")
    trend.add_argument("--from", dest="first", type=_day, metavar="YYYY-MM-DD")
    trend.add_argument("--to", dest="last", type=_day, metavar="YYYY-MM-DD")
    trend.add_argument("--by", choices=["outlet", "topic"])
    trend.add_argument("--format", choices=["table", "csv", "json"], default="table")
    trend.add_argument("--max-rows", type=int, default=100, help="rows the table shows")
    trend.add_argument("--show-sql", action="store_true", help="print the SQL run, to stderr")
    trend.add_argument("--warehouse", default=str(DEFAULT_DATABASE))
    trend.set_defaults(command=_trend)

    export = commands.add_parser(
        "export",
        help="write the marts and the articles (no bodies) of a range of days as "
        "hive-partitioned Parquet (Polars, pandas, DuckDB, Spark, Trino read it)",
    )
    export.add_argument("--from", dest="first", required=True, type=_day, metavar="YYYY-MM-DD")
    export.add_argument("--to", dest="last", required=True, type=_day, metavar="YYYY-MM-DD")
    export.add_argument("--out", required=True, metavar="DIR", help="an absent or empty folder")
    export.add_argument("--warehouse", default=str(DEFAULT_DATABASE))
    export.add_argument("--overwrite", action="store_true", help="replace an earlier export in DIR")
    export.set_defaults(command=_export)

    report = commands.add_parser(
        "report",
        help="write the news report: one HTML file that opens offline (topic trends, outlets "
        "by day, share of voice, the week's biggest stories, spikes)",
    )
    report.add_argument("--out", required=True, metavar="FILE", help="the .html file to write")
    report.add_argument(
        "--from",
        dest="first",
        type=_day,
        metavar="YYYY-MM-DD",
        help="first Casablanca day (default: 27 days before --to)",
    )
    report.add_argument(
        "--to",
        dest="last",
        type=_day,
        metavar="YYYY-MM-DD",
        help="last Casablanca day (default: the newest published day)",
    )
    report.add_argument("--warehouse", default=str(DEFAULT_DATABASE))
    report.set_defaults(command=_report)

    parse = commands.add_parser(
        "parse", help="parse saved pages and print each as one JSON object (one per line)"
    )
    parse.add_argument("file", nargs="?", help="a saved page (with --url)")
    parse.add_argument("--url", help="the URL the page was fetched from")
    parse.add_argument(
        "--batch",
        metavar="LIST.jsonl",
        help='lines {"file": ..., "url": ...} (paths relative to the current directory; '
        "'-' for stdin): one JSON line out per line in, same order, in one process",
    )
    parse.add_argument("--registry", default=str(DEFAULT_REGISTRY))
    parse.add_argument("--site-url", default=DEFAULT_SITE_URL)
    parse.set_defaults(command=_parse)

    warc = commands.add_parser(
        "export-warc", help="write one day's fetched pages as a WARC file (warcio)"
    )
    warc.add_argument("--day", required=True, type=_day, metavar="YYYY-MM-DD")
    warc.add_argument("--out", required=True, help="the .warc.gz file to write")
    warc.add_argument("--warehouse", default=str(DEFAULT_DATABASE))
    warc.set_defaults(command=_export_warc)

    sources = commands.add_parser("sources", help="work with a source registry")
    source_commands = sources.add_subparsers(required=True, metavar="SUBCOMMAND")
    check = source_commands.add_parser(
        "check",
        help="check every outlet of a registry: robots.txt, sitemap/feed/listing and their "
        "freshness, one recent article, politeness; exits 1 if any outlet fails",
    )
    _add_source_options(check)
    check.add_argument(
        "--as-of",
        type=_day,
        default=None,
        metavar="YYYY-MM-DD",
        help="the last local day to look for listed articles (default: today in Casablanca)",
    )
    check.add_argument(
        "--days", type=_positive_int, default=7, metavar="N", help="days to look back (default 7)"
    )
    check.set_defaults(command=_sources_check)

    demo = commands.add_parser(
        "demo", help="serve the demo site, backfill its whole history, summarise the marts"
    )
    demo.add_argument("--port", type=int, default=DEFAULT_SITE_PORT)
    demo.add_argument("--seed", type=int, default=7)
    demo.add_argument("--warehouse", default=str(DEFAULT_DATABASE))
    demo.set_defaults(command=_demo)

    cluster = commands.add_parser(
        "demo-cluster",
        help="the demo on the cluster profile (throwaway PostgreSQL, Dask workers; stopped after)",
    )
    cluster.add_argument("--port", type=int, default=DEFAULT_SITE_PORT)
    cluster.add_argument("--seed", type=int, default=7)
    # Its own analysts' file: the embedded demo's (views over warehouse/lake/) stays as it is.
    cluster.add_argument("--warehouse", default=str(DEFAULT_CLUSTER_DEMO_DATABASE))
    cluster.add_argument("--workers", type=_positive_int, default=2, help="Dask worker processes")
    cluster.set_defaults(command=_demo_cluster)
    return parser


def _add_source_options(command: argparse.ArgumentParser) -> None:
    """Which outlets to read and how we introduce ourselves to them."""
    command.add_argument(
        "--registry",
        default=str(DEFAULT_REGISTRY),
        help="source registry YAML (default: the bundled demo registry)",
    )
    command.add_argument(
        "--site-url",
        default=DEFAULT_SITE_URL,
        help="base for relative URLs in the registry (default: the demo site)",
    )
    command.add_argument(
        "--contact-url",
        help="contact URL sent in our User-Agent so site owners can reach us "
        "(default: the project's page)",
    )


def _add_pipeline_options(command: argparse.ArgumentParser) -> None:
    _add_source_options(command)
    command.add_argument(
        "--warehouse",
        default=str(DEFAULT_DATABASE),
        help="DuckDB file (raw pages are archived in raw/ beside it)",
    )


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date like 2026-02-01") from None


def _demo_site(args: argparse.Namespace) -> int:
    from pipelines.demo_site.registry import export_registry
    from pipelines.demo_site.server import DEFAULT_LINEUP, export_truth, redesign, serve

    scale = _demo_scale(args)
    if args.break_from is not None and args.break_outlet is None:
        raise UserError("--from needs --break OUTLET")
    if args.break_outlet is not None and args.break_from is None:
        raise UserError("--break needs --from YYYY-MM-DD, its first day")
    broken_from = None
    if args.break_from is not None:
        try:
            broken_from = date.fromisoformat(args.break_from)
        except ValueError:
            raise UserError(f"--from: {args.break_from!r} is not a date like 2026-03-22") from None
    try:
        redesign(args.break_outlet, broken_from, scale)
    except ValueError as error:
        raise UserError(f"--break: {error}") from None
    if args.export_registry or args.export_truth:
        if args.export_registry:
            outlets = DEFAULT_LINEUP if scale is None else scale.lineup
            command = " ".join(["akhbar demo-site", *_scale_flags(args)])
            count = _write(args.export_registry, lambda out: export_registry(out, outlets, command))
            print(f"wrote the registry of {count} outlets", file=sys.stderr)
        if args.export_truth:
            site_url = f"http://127.0.0.1:{args.port}/"
            count = _write(
                args.export_truth, lambda out: export_truth(site_url, out, args.seed, scale)
            )
            print(f"wrote {count} ground-truth records", file=sys.stderr)
        return 0
    if scale is not None:
        print(
            f"drawing {scale.outlets} outlets + tajmi3 over {scale.days} days "
            f"from {scale.start} ...",
            file=sys.stderr,
        )
    try:
        server = serve(
            port=args.port,
            seed=args.seed,
            faults=args.faults,
            crawl_delay=args.crawl_delay,
            scale=scale,
            broken_outlet=args.break_outlet,
            broken_from=broken_from,
        )
    except OSError as error:
        raise UserError(f"cannot listen on 127.0.0.1:{args.port}: {error.strerror}") from None
    except ValueError as error:  # e.g. fault mode on a one-outlet site
        raise UserError(str(error)) from None
    print(f"demo news site on http://127.0.0.1:{args.port}/ (Ctrl-C to stop)", file=sys.stderr)
    try:
        server.serve_forever()
    finally:
        server.server_close()
    return 0


def _demo_scale(args: argparse.Namespace) -> Scale | None:
    """The site's shape from --outlets/--days/--start; None (the bundled site) without them."""
    from pipelines.demo_site.server import DEMO_DAYS, DEMO_FIRST_DAY, DEMO_OUTLETS, Scale

    if args.outlets is None and args.days is None and args.start is None:
        return None
    outlets = _positive(args.outlets, "--outlets", DEMO_OUTLETS)
    days = _positive(args.days, "--days", DEMO_DAYS)
    start = DEMO_FIRST_DAY
    if args.start is not None:
        try:
            start = date.fromisoformat(args.start)
        except ValueError:
            raise UserError(f"--start: {args.start!r} is not a date like 2026-02-01") from None
    try:
        return Scale(outlets=outlets, days=days, start=start)
    except ValueError as error:
        raise UserError(f"demo-site: {error}") from None


def _scale_flags(args: argparse.Namespace) -> list[str]:
    return [
        f"{flag} {value}"
        for flag, value in (
            ("--outlets", args.outlets),
            ("--days", args.days),
            ("--start", args.start),
        )
        if value is not None
    ]


def _positive(text: str | None, flag: str, default: int) -> int:
    if text is None:
        return default
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise UserError(f"{flag} must be a whole number of at least 1, not {text!r}")
    return value


def _write(path: str, write: Callable[[TextIO], int]) -> int:
    """Run ``write`` on the file at ``path`` ('-': stdout); a file we cannot write is the
    user's to fix."""
    if path == "-":
        return write(sys.stdout)
    try:
        with open(path, "w", encoding="utf-8") as out:
            return write(out)
    except OSError as error:
        raise UserError(f"cannot write {path}: {error.strerror}") from None


def _resources(
    registry: str, site_url: str, warehouse: str, contact_url: str | None = None
) -> dict[str, object]:
    import dagster as dg

    from pipelines.resources import pipeline_resources

    # We use these beta/preview Dagster APIs knowingly (see pyproject's pytest filters).
    warnings.filterwarnings("ignore", category=dg.BetaWarning)
    warnings.filterwarnings("ignore", category=dg.PreviewWarning)
    load_registry(registry, site_url)  # fail early, with the registry's own message
    return dict(
        pipeline_resources(
            site_url=site_url,
            registry=registry,
            database=warehouse,
            http=_http_fetcher(contact_url),
        )
    )


def _http_fetcher(contact_url: str | None) -> HttpFetcher:
    from pipelines.news.crawl import DEFAULT_CONTACT_URL
    from pipelines.resources import HttpFetcher

    return HttpFetcher(contact_url=contact_url or DEFAULT_CONTACT_URL)


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {value}")
    return value


def _backfill(args: argparse.Namespace) -> int:
    return _run_range(
        args.first,
        args.last,
        _resources(args.registry, args.site_url, args.warehouse, args.contact_url),
        args.days_per_run,
    )


def _run_range(
    first: date, last: date, resources: dict[str, object], days_per_run: int | None = None
) -> int:
    import os

    from pipelines.deployment import executor_from_environment
    from pipelines.runs import DAYS_PER_RUN, RangeError, local_instance, materialize_days

    # The deployment's executor (Dask's, when AKHBAR_DASK_SCHEDULER names one) runs the steps
    # in its workers; without one, they run in this process.
    run_range = None
    if executor_from_environment(os.environ) is not None:
        from pipelines.launch import launch_range

        run_range = launch_range

    def announce(start: date, end: date) -> None:
        print(
            f"materializing {start}..{end} (Africa/Casablanca days) in one run ...", file=sys.stderr
        )

    try:
        outcomes = materialize_days(
            first,
            last,
            resources,
            instance=local_instance(),
            days_per_run=days_per_run or DAYS_PER_RUN,
            log_level="INFO",
            on_run=announce,
            run_range=run_range,
        )
    except RangeError as error:
        raise UserError(str(error)) from None
    for outcome in outcomes[:-1]:
        print(f"run {outcome.run_id} succeeded", file=sys.stderr)
    outcome = outcomes[-1]
    if outcome.success:
        print(f"run {outcome.run_id} succeeded", file=sys.stderr)
        return 0
    print(f"run {outcome.run_id} failed", file=sys.stderr)
    for check in outcome.failed_checks:
        print(f"  failed check: {check} (downstream assets were not materialized)", file=sys.stderr)
    for location in outcome.rejected_rows_at:
        print(f"  rejected rows (not published): {location}", file=sys.stderr)
    for step in outcome.failed_steps:
        print(f"  failed step: {step}", file=sys.stderr)
    print("  details: `make ui`, then open the run", file=sys.stderr)
    return EXIT_RUN_FAILED


def _export_warc(args: argparse.Namespace) -> int:
    import duckdb

    from pipelines.news.crawl.warc import export_day
    from warehouse.store import Warehouse, WarehouseMissing

    database = Path(args.warehouse)
    try:
        pages = Warehouse(database).query(
            "SELECT * FROM raw.pages WHERE day = $day ORDER BY url", {"day": args.day}
        )
    except (WarehouseMissing, duckdb.Error) as error:
        raise UserError(str(error)) from None
    if pages.is_empty():
        raise UserError(f"no fetched pages for {args.day} in {database}")
    from pipelines.resources import NewsWarehouse

    archive = NewsWarehouse(database=str(database.resolve())).archive()
    written = export_day(pages.iter_rows(named=True), archive, Path(args.out))
    print(f"wrote {written} WARC response records to {args.out}", file=sys.stderr)
    return 0


def _export(args: argparse.Namespace) -> int:
    import duckdb

    from warehouse.export import ExportError, export_range

    try:
        rows = export_range(
            Path(args.warehouse), args.first, args.last, Path(args.out), args.overwrite
        )
    except ExportError as error:
        raise UserError(str(error)) from None
    except duckdb.Error as error:
        raise UserError(f"export failed: {error}") from None
    for table, count in rows.items():
        print(f"{table}: {count} rows", file=sys.stderr)
    print(f"wrote {args.out} ({args.first}..{args.last}); see its README.txt", file=sys.stderr)
    return 0


def _report(args: argparse.Namespace) -> int:
    written = _write_report(Path(args.warehouse), Path(args.out), args.first, args.last)
    print(f"wrote {written}", file=sys.stderr)
    return 0


def _write_report(database: Path, out: Path, first: date | None, last: date | None) -> Path:
    import duckdb

    from warehouse.report import ReportRangeError, default_range, write_report
    from warehouse.store import Warehouse, WarehouseMissing

    store = Warehouse(database)
    try:
        first, last = default_range(store, first, last)
        write_report(store, first, last, out)
    except (WarehouseMissing, ReportRangeError) as error:
        raise UserError(str(error)) from None
    except duckdb.Error as error:
        raise UserError(f"report failed: {error}") from None
    except OSError as error:
        raise UserError(f"cannot write {out}: {error.strerror}") from None
    return out


def _sql(args: argparse.Namespace) -> int:
    import duckdb

    from warehouse.query_output import write_rows
    from warehouse.store import Warehouse, WarehouseMissing

    try:
        rows = Warehouse(Path(args.warehouse)).query(args.query)
    except WarehouseMissing as error:
        raise UserError(str(error)) from None
    except duckdb.Error as error:
        raise UserError(f"query failed: {error}") from None
    write_rows(rows, args.format, sys.stdout, args.max_rows)
    return 0


def _trend(args: argparse.Namespace) -> int:
    import duckdb

    from pipelines.news.attention import QueryError, parse_query
    from warehouse.attention import attention_trend
    from warehouse.query_output import write_rows
    from warehouse.store import Warehouse, WarehouseMissing

    try:
        query = parse_query(args.query)
        trend, rows = attention_trend(
            Warehouse(Path(args.warehouse)).query, query, args.first, args.last, args.by
        )
    except (QueryError, ValueError, WarehouseMissing) as error:
        raise UserError(f"trend: {error}") from None
    except duckdb.Error as error:
        raise UserError(f"trend failed: {error}") from None
    if args.show_sql:
        print(f"{trend.sql}\n-- parameters: {trend.params}", file=sys.stderr)
    write_rows(rows, args.format, sys.stdout, args.max_rows)
    return 0


def _print_table(rows: pl.DataFrame, max_rows: int = 50) -> None:
    from warehouse.query_output import write_rows

    write_rows(rows, "table", sys.stdout, max_rows)


def _sources_check(args: argparse.Namespace) -> int:
    from datetime import datetime

    from pipelines.news.models import CASABLANCA
    from pipelines.news.source_check import FAIL, check_registry

    registry = load_registry(args.registry, args.site_url)
    as_of = args.as_of or datetime.now(CASABLANCA).date()
    failed = 0
    with _http_fetcher(args.contact_url).open(registry) as fetcher:
        for health in check_registry(registry, fetcher, as_of, args.days):
            print(health.line(), flush=True)
            failed += health.verdict == FAIL
    if failed:
        print(f"{failed} of {len(registry.outlets)} outlets fail", file=sys.stderr)
        return EXIT_RUN_FAILED
    return 0


def _parse(args: argparse.Namespace) -> int:
    from pipelines.news.extract.parser import parse_page

    if args.batch is not None:
        if args.file is not None or args.url is not None:
            raise UserError("parse: give either FILE --url URL or --batch LIST.jsonl, not both")
        return _parse_batch(args.batch, args.registry, args.site_url)
    if args.file is None or args.url is None:
        raise UserError("parse: give FILE and --url URL (or --batch LIST.jsonl)")
    path = Path(args.file)
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise UserError(f"cannot read {path}: {error.strerror}") from None
    parsed = parse_page(raw, args.url, load_registry(args.registry, args.site_url))
    print(json.dumps(page_as_json(parsed), ensure_ascii=False))
    return 0


def _parse_batch(list_path: str, registry_path: str, site_url: str) -> int:
    """One output line per input line, in order; a bad line gets an ``error`` and we go on.
    Each outlet's boilerplate is learned from its pages in the batch, so every page is parsed
    before the first line is printed."""
    from pipelines.news.extract.parser import parse_page
    from pipelines.news.extract.recurring_text import without_outlet_boilerplate

    registry = load_registry(registry_path, site_url)
    try:
        lines = sys.stdin.read() if list_path == "-" else Path(list_path).read_text("utf-8")
    except OSError as error:
        raise UserError(f"cannot read batch list {list_path}: {error.strerror}") from None
    except UnicodeDecodeError:
        raise UserError(f"batch list {list_path} is not UTF-8 text") from None
    items: list[dict[str, object]] = []
    parsed: list[ParsedPage] = []
    for number, line in enumerate(lines.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except ValueError as error:
            item = {"line": number, "error": f"line {number} is not JSON: {error}"}
        else:
            item = _batch_item(item, number)
        if "error" not in item:
            try:
                raw = Path(str(item["file"])).read_bytes()
            except OSError as error:
                item["error"] = f"cannot read {item['file']}: {error.strerror}"
            else:
                parsed.append(parse_page(raw, str(item.pop("url")), registry))
        items.append(item)
    cleaned = iter(without_outlet_boilerplate(parsed))
    for item in items:
        if "error" not in item:
            item.update(page_as_json(next(cleaned)))
        print(json.dumps(item, ensure_ascii=False))
    return 0


def _batch_item(item: object, number: int) -> dict[str, object]:
    """``{"file": ..., "url": ...}``, or the line's ``file`` (if any) with an ``error``."""
    if not isinstance(item, dict):
        return {"line": number, "error": f'line {number}: expected {{"file": ..., "url": ...}}'}
    file, url = item.get("file"), item.get("url")
    if not isinstance(file, str) or not file or not isinstance(url, str) or not url:
        return {
            "file": file,
            "line": number,
            "error": f"line {number}: 'file' and 'url' must be non-empty strings",
        }
    return {"file": file, "url": url}


def page_as_json(parsed: ParsedPage) -> dict[str, object]:
    return {
        "url": parsed.url,
        "is_article": parsed.is_article,
        "outlet": parsed.outlet,
        "original_outlet": parsed.original_outlet,
        "original_url": parsed.original_url,
        "title": parsed.title,
        "published_at": parsed.published.iso() if parsed.published else None,
        "modified_at": parsed.modified_at.iso() if parsed.modified_at else None,
        "author": parsed.author,
        "section": parsed.section,
        "language": parsed.language,
        "body": parsed.body,
        "ticker": list(parsed.ticker),
        "reason": parsed.reason,
    }


def _demo(args: argparse.Namespace) -> int:
    from pipelines.demo_site.server import DEMO_FIRST_DAY, DEMO_LAST_DAY, running_site

    with running_site(port=args.port, seed=args.seed) as site:
        print(f"demo news site serving on {site.url}", file=sys.stderr)
        resources = _resources(str(DEFAULT_REGISTRY), site.url, args.warehouse)
        status = _run_range(DEMO_FIRST_DAY, DEMO_LAST_DAY, resources)
    if status == 0:
        _summarise(Path(args.warehouse))
    return status


def _demo_cluster(args: argparse.Namespace) -> int:
    import tempfile

    from pipelines.demo_cluster import cluster_profile

    with tempfile.TemporaryDirectory(prefix="akhbar-cluster-") as folder:
        print(f"starting PostgreSQL and {args.workers} Dask workers ...", file=sys.stderr)
        with cluster_profile(Path(folder), workers=args.workers) as settings:
            print(
                f"Dagster instance: PostgreSQL (throwaway, in {folder}); steps: Dask scheduler "
                f"{settings['AKHBAR_DASK_SCHEDULER']}",
                file=sys.stderr,
            )
            status = _demo(args)
        print("stopped the Dask workers and PostgreSQL", file=sys.stderr)
    return status


def _summarise(database: Path) -> None:
    from warehouse.schema import sql_file
    from warehouse.store import Warehouse

    store = Warehouse(database)
    for title, name in (
        ("Articles per outlet", "reports/articles_per_outlet.sql"),
        ("Top 3 topics per ISO week", "reports/top_topics_per_week.sql"),
        (
            "Stories: one story republished or rewritten by several outlets counts once",
            "reports/stories_summary.sql",
        ),
    ):
        rows = store.query(sql_file(name))
        print(f"\n{title}")
        _print_table(rows, max_rows=100)
    from warehouse.report import published_days, report_path

    held = published_days(store)  # the whole demo: every published day
    if held is not None:
        report = _write_report(database, report_path(store, *held), *held)
        print(f"\nThe news report (open it in a browser; it works offline): {report}")
    print(
        "\nNext:\n"
        "  make ui       the Dagster UI on http://127.0.0.1:3000 (this run is in it)\n"
        '  .venv/bin/akhbar sql "SELECT * FROM marts.daily_topic_counts ORDER BY day LIMIT 10"\n'
        f"  any DuckDB client, read-only: {database}\n"
        "                (each run renames a new one into place; an open session keeps its version)"
    )


if __name__ == "__main__":
    sys.exit(main())

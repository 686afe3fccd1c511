"""Per-outlet health from a day's parsed pages and the outlet's own history: each measure
crosses its threshold on data made to cross it, and stays quiet on an ordinary day."""

from datetime import date, timedelta

import polars as pl
import pytest

from pipelines.news import tables
from pipelines.news.outlet_health import ERROR, OK, WARN, outlet_day_rows
from pipelines.news.sources import load_registry

REGISTRY = load_registry()
DAY = date(2026, 3, 16)  # a Monday
BODY = "نص " * 120


def _page(outlet: str, i: int, **changes: object) -> dict[str, object]:
    row: dict[str, object] = {
        "day": DAY,
        "url": f"https://{outlet}.test/{i}",
        "outlet": outlet,
        "status": "article",
        "title": f"عنوان {i}",
        "published_day": DAY,
        "body": BODY,
        "section": "سياسة",
    }
    return {**row, **changes}


def _day(per_outlet: int = 20, **broken: dict[str, object]) -> pl.DataFrame:
    """A day where every outlet publishes ``per_outlet`` good articles; ``broken`` maps an
    outlet to the changes every one of its pages gets."""
    rows = [
        _page(o.key, i, **broken.get(o.key, {}))
        for o in REGISTRY.outlets
        for i in range(per_outlet)
    ]
    return tables.frame(rows, tables.PARSED_PAGES)


def _history(days: int = 56, articles: int = 20, outlet: str | None = None) -> pl.DataFrame:
    rows = [
        {
            "day": DAY - timedelta(days=d),
            "outlet": o.key,
            "status": OK,
            "reasons": [],
            "listed": articles,
            "fetched": articles,
            "articles": articles + (d % 3) - 1,  # some ordinary noise
        }
        for d in range(1, days + 1)
        for o in REGISTRY.outlets
        if outlet is None or o.key == outlet
    ]
    return tables.frame(rows, tables.OUTLET_DAY_QUALITY)


def _status(rows: pl.DataFrame, outlet: str) -> tuple[str, list[str]]:
    row = rows.filter(pl.col("outlet") == outlet).row(0, named=True)
    return row["status"], row["reasons"]


def test_an_ordinary_day_is_ok_for_every_outlet() -> None:
    rows = outlet_day_rows(DAY, _day(), _history(), REGISTRY)
    assert rows["status"].to_list() == [OK] * len(REGISTRY.outlets)
    assert rows["volume_z"].abs().max() < 2  # type: ignore[operator]


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"published_day": None, "status": "quarantined"}, "date_share"),
        ({"title": None, "status": "non_article"}, "title_share"),
        ({"body": "قصير"}, "body_share"),
    ],
)
def test_a_template_change_that_loses_a_field_quarantines_the_outlet(
    changes: dict[str, object], reason: str
) -> None:
    rows = outlet_day_rows(DAY, _day(atlas=changes), _history(), REGISTRY)
    status, reasons = _status(rows, "atlas")
    assert status == ERROR and any(r.startswith(reason) for r in reasons), reasons
    assert _status(rows, "rabat")[0] == OK  # the others are untouched


def test_fetch_errors_and_rejected_pages_warn_then_fail() -> None:
    pages = _day()
    failing = [
        _page("rabat", 100 + i, status="fetch_failed", title=None, body=None) for i in range(4)
    ]
    many_failing = [
        _page("souss", 100 + i, status="fetch_failed", title=None, body=None) for i in range(30)
    ]
    extra = tables.frame(failing + many_failing, tables.PARSED_PAGES)
    rows = outlet_day_rows(DAY, pl.concat([pages, extra]), _history(), REGISTRY)
    assert _status(rows, "rabat")[0] == WARN  # 4 of 24 failed: over 10%, under 50%
    status, reasons = _status(rows, "souss")
    assert status == ERROR and any(r.startswith("fetch_error_rate") for r in reasons)


def test_volume_is_judged_against_the_outlets_own_weekday_history() -> None:
    # Only 3 articles where 20 are usual: a drop far beyond the outlet's own noise.
    quiet = _day().filter((pl.col("outlet") != "souss") | (pl.col("url").str.ends_with("/1")))
    rows = outlet_day_rows(DAY, quiet, _history(), REGISTRY)
    status, reasons = _status(rows, "souss")
    assert status in (WARN, ERROR) and any(r.startswith("volume_z") for r in reasons), reasons
    # An outlet that publishes little on Mondays is not flagged for it on a Monday.
    history = _history().with_columns(
        pl.when((pl.col("outlet") == "souss") & (pl.col("day").dt.weekday() == 1))
        .then(1)
        .otherwise(pl.col("articles"))
        .alias("articles")
    )
    assert _status(outlet_day_rows(DAY, quiet, history, REGISTRY), "souss")[0] == OK


def test_no_volume_verdict_without_enough_history_and_a_dark_outlet_fails() -> None:
    rows = outlet_day_rows(DAY, _day().filter(pl.col("outlet") != "tajmi3"), _history(3), REGISTRY)
    assert rows.filter(pl.col("outlet") == "atlas")["volume_z"].to_list() == [None]
    status, reasons = _status(rows, "tajmi3")
    assert status == ERROR and reasons[0] == "no URL listed"


def test_thresholds_come_from_the_registry(tmp_path) -> None:
    text = REGISTRY.path.read_text(encoding="utf-8").replace(
        "    listing: section/{section}?page={page}\n",
        "    listing: section/{section}?page={page}\n"
        "    quality: {min_yield_error: 0.0, min_yield_warn: 0.0}\n",
        1,
    )
    path = tmp_path / "sources.yaml"
    path.write_text(text, encoding="utf-8")
    lenient = load_registry(path)
    assert lenient.outlets[0].health.min_yield_error == 0.0
    changes = {"body": "قصير"}
    rows = outlet_day_rows(DAY, _day(**{lenient.outlets[0].key: changes}), _history(), lenient)
    assert _status(rows, lenient.outlets[0].key)[0] == OK

"""Freshness: the newest published day against the clock, as Dagster asset checks executed on a
real (ephemeral) instance, and the sensor that evaluates them in a deployment."""

from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta

import dagster as dg
import pytest

from pipelines.definitions import defs
from pipelines.news.freshness import expected_day
from pipelines.news.models import CASABLANCA
from pipelines.partitions import daily_partitions
from quality.freshness import CHECK_NAME, PUBLISHED_ASSETS, PUBLISHED_BY, build_freshness_checks

KEYS = [asset.key for asset in PUBLISHED_ASSETS]


@pytest.fixture
def instance() -> Iterator[dg.DagsterInstance]:
    with dg.DagsterInstance.ephemeral() as ephemeral:
        yield ephemeral


def _publish(instance: dg.DagsterInstance, *days: date) -> None:
    """What a successful daily run leaves in the instance: one materialization per table and
    Casablanca day."""
    for key in KEYS:
        for day in days:
            instance.report_runless_asset_event(
                dg.AssetMaterialization(asset_key=key, partition=day.isoformat())
            )


def _judge(instance: dg.DagsterInstance, now: datetime) -> dict[str, dg.AssetCheckEvaluation]:
    """Run the freshness checks of every published table as a Dagster run, at ``now``."""
    checks = build_freshness_checks(clock=lambda: now)
    # The tables as specs: the checks read only the instance, so the run needs no warehouse.
    tables = [dg.AssetSpec(key, partitions_def=daily_partitions) for key in KEYS]
    result = dg.materialize(
        [*tables, *checks],
        selection=dg.AssetSelection.checks(*checks),
        instance=instance,
    )
    assert result.success
    evaluations = {e.asset_key.to_user_string(): e for e in result.get_asset_check_evaluations()}
    assert set(evaluations) == {key.to_user_string() for key in KEYS}
    assert {e.check_name for e in evaluations.values()} == {CHECK_NAME}
    return evaluations


def _value(evaluation: dg.AssetCheckEvaluation, name: str) -> object:
    return evaluation.metadata[name].value


def test_the_expected_day_turns_over_at_the_deadline_in_casablanca_time() -> None:
    assert PUBLISHED_BY == time(3, 0)
    before = datetime(2026, 4, 1, 2, 59, tzinfo=CASABLANCA)
    assert expected_day(before, PUBLISHED_BY) == date(2026, 3, 30)
    assert expected_day(before + timedelta(minutes=1), PUBLISHED_BY) == date(2026, 3, 31)
    # 02:30 UTC on 1 April is 03:30 in Casablanca (UTC+1): the deadline has passed there,
    # though not in UTC.
    assert expected_day(datetime(2026, 4, 1, 2, 30, tzinfo=UTC), PUBLISHED_BY) == date(2026, 3, 31)


def test_tables_pass_when_yesterday_is_published_after_the_deadline(
    instance: dg.DagsterInstance,
) -> None:
    _publish(instance, date(2026, 3, 29), date(2026, 3, 30))
    now = datetime(2026, 3, 31, 9, 0, tzinfo=CASABLANCA)
    for evaluation in _judge(instance, now).values():
        assert evaluation.passed, evaluation.description
        assert _value(evaluation, "newest_published_day") == "2026-03-30"
        assert _value(evaluation, "days_missing") == 0
        # The sensor re-runs a passing check only after the next deadline.
        fresh_until = _value(evaluation, "dagster/fresh_until_timestamp")
        assert fresh_until == datetime(2026, 4, 1, 3, 0, tzinfo=CASABLANCA).timestamp()


def test_a_missed_run_fails_naming_the_newest_day_and_how_late_the_next_is(
    instance: dg.DagsterInstance,
) -> None:
    _publish(instance, date(2026, 3, 28), date(2026, 3, 29))  # the run for 30 March never came
    now = datetime(2026, 3, 31, 10, 0, tzinfo=CASABLANCA)
    for evaluation in _judge(instance, now).values():
        assert not evaluation.passed
        assert evaluation.severity == dg.AssetCheckSeverity.ERROR
        assert _value(evaluation, "newest_published_day") == "2026-03-29"
        assert _value(evaluation, "expected_day") == "2026-03-30"
        assert _value(evaluation, "days_missing") == 1
        due = datetime(2026, 3, 31, 3, 0, tzinfo=CASABLANCA)
        assert _value(evaluation, "overdue_since") == due.timestamp()
        assert _value(evaluation, "overdue_hours") == 7.0
        assert evaluation.description is not None
        assert "newest published day 2026-03-29" in evaluation.description
        assert "7 h 00 min late" in evaluation.description


def test_yesterday_is_not_missing_before_the_deadline(instance: dg.DagsterInstance) -> None:
    _publish(instance, date(2026, 3, 29))
    now = datetime(2026, 3, 31, 2, 0, tzinfo=CASABLANCA)  # the 00:30 run may still be going
    assert all(e.passed for e in _judge(instance, now).values())


def test_a_backfill_of_old_days_does_not_make_a_stale_table_fresh(
    instance: dg.DagsterInstance,
) -> None:
    _publish(instance, date(2026, 3, 27))
    _publish(instance, date(2026, 2, 1), date(2026, 2, 2))  # materialized last, but older days
    now = datetime(2026, 3, 31, 10, 0, tzinfo=CASABLANCA)
    for evaluation in _judge(instance, now).values():
        assert not evaluation.passed
        assert _value(evaluation, "newest_published_day") == "2026-03-27"
        assert _value(evaluation, "days_missing") == 3


def test_a_table_never_published_fails(instance: dg.DagsterInstance) -> None:
    now = datetime(2026, 3, 31, 10, 0, tzinfo=CASABLANCA)
    for evaluation in _judge(instance, now).values():
        assert not evaluation.passed
        assert evaluation.description is not None
        assert evaluation.description.startswith("never published")


def test_the_sensor_asks_for_every_freshness_check_and_starts_stopped(
    instance: dg.DagsterInstance,
) -> None:
    sensor = defs.resolve_sensor_def("freshness_checks_sensor")
    assert sensor.default_status == dg.DefaultSensorStatus.STOPPED
    context = dg.build_sensor_context(instance=instance, definitions=defs)
    request = sensor.evaluate_tick(context).run_requests
    assert request is not None and len(request) == 1
    assert set(request[0].asset_check_keys or []) == {
        dg.AssetCheckKey(key, CHECK_NAME) for key in KEYS
    }


def test_the_daily_job_does_not_run_the_freshness_checks() -> None:
    daily = defs.resolve_job_def("daily_news")
    names = {key.name for key in daily.asset_layer.asset_graph.asset_check_keys}
    assert CHECK_NAME not in names
    assert {"outlets_healthy", "daily_topic_counts_match_staging"} <= names

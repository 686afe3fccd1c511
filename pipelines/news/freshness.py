"""Freshness against the clock: which Casablanca day should be published by now, and how late
the newest published day is. Plain Python; the Dagster checks in ``quality/freshness.py`` call it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from pipelines.news.models import CASABLANCA


def due_at(day: date, published_by: time) -> datetime:
    """The instant by which ``day`` (a Casablanca day) must be published: ``published_by``
    Casablanca wall-clock time on the following day (an aware datetime in Africa/Casablanca)."""
    return datetime.combine(day + timedelta(days=1), published_by, tzinfo=CASABLANCA)


def expected_day(now: datetime, published_by: time) -> date:
    """The newest Casablanca day whose deadline has passed at ``now`` (an aware instant).

    Before ``published_by`` the day before yesterday is the newest one due: yesterday's run
    still has time."""
    local = now.astimezone(CASABLANCA)
    deadline_day = local.date() if local.time() >= published_by else local.date() - timedelta(1)
    return deadline_day - timedelta(days=1)


@dataclass(frozen=True)
class Freshness:
    """The newest published day of one table, judged at ``now`` against a daily deadline."""

    newest_day: date | None  # None: the table was never published
    now: datetime  # aware instant of the judgement
    published_by: time  # Casablanca wall-clock time the day before must be published by

    @property
    def expected_day(self) -> date:
        return expected_day(self.now, self.published_by)

    @property
    def fresh(self) -> bool:
        return self.newest_day is not None and self.newest_day >= self.expected_day

    @property
    def days_missing(self) -> int | None:
        """Due days after the newest published one (0 when fresh; None if never published)."""
        if self.newest_day is None:
            return None
        return max(0, (self.expected_day - self.newest_day).days)

    @property
    def overdue_since(self) -> datetime | None:
        """When the first missing day fell due (Casablanca time); None when fresh or never
        published."""
        if self.fresh or self.newest_day is None:
            return None
        return due_at(self.newest_day + timedelta(days=1), self.published_by)

    @property
    def overdue(self) -> timedelta | None:
        since = self.overdue_since
        return None if since is None else self.now - since

    @property
    def fresh_until(self) -> datetime:
        """The next deadline: until then a fresh table cannot become stale."""
        return due_at(self.expected_day + timedelta(days=1), self.published_by)

    def summary(self) -> str:
        """One line for an operator."""
        expected = self.expected_day
        if self.newest_day is None:
            due = due_at(expected, self.published_by)
            return f"never published; {expected} was due by {_local(due)}"
        if self.fresh:
            return f"fresh: newest published day {self.newest_day} (expected {expected})"
        first_missing = self.newest_day + timedelta(days=1)
        since = due_at(first_missing, self.published_by)
        return (
            f"stale: newest published day {self.newest_day}, {self.days_missing} day(s) missing "
            f"up to {expected}; {first_missing} was due by {_local(since)} and is "
            f"{_duration(self.now - since)} late (a scheduled run was missed or failed)"
        )


def _local(instant: datetime) -> str:
    return instant.astimezone(CASABLANCA).strftime("%Y-%m-%d %H:%M Africa/Casablanca")


def _duration(delta: timedelta) -> str:
    minutes = int(delta.total_seconds() // 60)
    days, minutes = divmod(minutes, 24 * 60)
    hours, minutes = divmod(minutes, 60)
    return (f"{days} d " if days else "") + f"{hours} h {minutes:02d} min"

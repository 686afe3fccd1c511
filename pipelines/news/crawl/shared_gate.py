"""Per-host pacing shared by every process of a cluster, kept in PostgreSQL.

``HostGate`` (politeness.py) spaces one process's requests. When outlets are crawled by many
workers at once, each host's interval must hold across all of them: every request books the
host's next slot with one atomic upsert, on the database's clock (so workers' clocks need not
agree), and sleeps until its slot. Booking holds no lock while sleeping, so a slow host never
blocks the others.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

# Two workers creating the table at once collide in PostgreSQL's catalog even with IF NOT
# EXISTS: the first takes a transaction-level advisory lock (any constant; this one spells
# "akhbar"), released only once its CREATE is committed.
_CREATE = """
BEGIN;
SELECT pg_advisory_xact_lock(7072680984);
CREATE TABLE IF NOT EXISTS akhbar_host_turns (
    host text PRIMARY KEY,
    next_allowed double precision NOT NULL
);
COMMIT;
"""
# The slot this request gets (greatest of now and the host's booked next slot) and the wait
# until it, both on the server's clock; the row's lock serialises concurrent bookings.
_BOOK = """
WITH now AS (SELECT extract(epoch FROM clock_timestamp())::double precision AS t)
INSERT INTO akhbar_host_turns AS turns (host, next_allowed)
SELECT %(host)s, now.t + %(interval)s FROM now
ON CONFLICT (host) DO UPDATE
SET next_allowed = greatest(turns.next_allowed, extract(epoch FROM clock_timestamp()))
    + %(interval)s
RETURNING next_allowed - %(interval)s - extract(epoch FROM clock_timestamp())
"""
_HOLD_OFF = """
INSERT INTO akhbar_host_turns AS turns (host, next_allowed)
VALUES (%(host)s, extract(epoch FROM clock_timestamp()) + %(seconds)s)
ON CONFLICT (host) DO UPDATE
SET next_allowed = greatest(turns.next_allowed, excluded.next_allowed)
"""


class PostgresHostGate:
    """A ``HostGate`` whose schedule lives in PostgreSQL (table ``akhbar_host_turns``)."""

    def __init__(self, dsn: str, sleep: Callable[[float], None] = time.sleep) -> None:
        import psycopg2  # only deployments that configure a shared gate need the driver

        self._connection: Any = psycopg2.connect(dsn)
        self._connection.autocommit = True
        self._lock = threading.Lock()
        self._sleep = sleep
        try:
            with self._connection.cursor() as cursor:
                cursor.execute(_CREATE)
        except BaseException:
            self._connection.close()
            raise

    def wait_turn(self, host: str, interval_seconds: float) -> None:
        """Block until ``host`` may be requested, and book the slot after this request."""
        with self._lock, self._connection.cursor() as cursor:
            cursor.execute(_BOOK, {"host": host, "interval": float(interval_seconds)})
            wait = float(cursor.fetchone()[0])
        if wait > 0:
            self._sleep(wait)

    def hold_off(self, host: str, seconds: float) -> None:
        """After a 429 or 503: no request to ``host``, from any worker, for ``seconds``."""
        with self._lock, self._connection.cursor() as cursor:
            cursor.execute(_HOLD_OFF, {"host": host, "seconds": float(seconds)})

    def close(self) -> None:
        self._connection.close()

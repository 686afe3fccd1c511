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
ALTER TABLE akhbar_host_turns ADD COLUMN IF NOT EXISTS last_sent double precision;
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
# Right before sending: the host's last request went out at least the interval ago, or wait
# the difference. A booked slot alone is not enough: a worker that wakes late (no free core)
# sends late, and the next worker, on time, would follow it by less than the interval.
_CONFIRM = """
WITH now AS (SELECT extract(epoch FROM clock_timestamp())::double precision AS t)
UPDATE akhbar_host_turns AS turns
SET last_sent = CASE
    WHEN turns.last_sent IS NULL OR now.t >= turns.last_sent + %(interval)s THEN now.t
    ELSE turns.last_sent END
FROM now
WHERE turns.host = %(host)s
RETURNING CASE WHEN turns.last_sent = now.t THEN 0.0
    ELSE turns.last_sent + %(interval)s - now.t END
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
        """Block until ``host`` may be requested: book the next slot and sleep until it,
        then confirm (and record) that the host's last request went out at least the
        interval ago, waiting the difference when a late sender came in between."""
        turn = {"host": host, "interval": float(interval_seconds)}
        with self._lock, self._connection.cursor() as cursor:
            cursor.execute(_BOOK, turn)
            wait = float(cursor.fetchone()[0])
        while True:
            if wait > 0:
                self._sleep(wait)
            with self._lock, self._connection.cursor() as cursor:
                cursor.execute(_CONFIRM, turn)
                row = cursor.fetchone()
            wait = float(row[0]) if row is not None else 0.0
            if wait <= 0:
                return

    def hold_off(self, host: str, seconds: float) -> None:
        """After a 429 or 503: no request to ``host``, from any worker, for ``seconds``."""
        with self._lock, self._connection.cursor() as cursor:
            cursor.execute(_HOLD_OFF, {"host": host, "seconds": float(seconds)})

    def close(self) -> None:
        self._connection.close()

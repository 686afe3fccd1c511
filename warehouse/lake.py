"""The lake: every table as immutable Parquet files, one per local day, named by a manifest.

Layout under the lake root (``warehouse/lake/`` beside the analysts' ``news.duckdb``, or a
prefix on S3-compatible storage: see ``pipelines/news/storage.py``)::

    manifest.json                         which file holds each table's day, published
    _manifests/<version>.json             (object storage) every published version
    <schema>/<table>/<day>/<id>.parquet   one immutable file per (table, day) version
    <schema>/<table>/appended/<id>.parquet  append-only tables (raw.fetch_log)
    _pending/<run_id>/...                 a run's files not published yet (write-audit-publish)

A write never touches a published file: a run writes its days under ``_pending/<run_id>/``
(each file whole or absent), and ``publish`` moves them into the lake under fresh names and
commits a new manifest in one step. On a local disk the commit is a rename under a file lock.
Object storage has neither, so there each version is created as ``_manifests/<version>.json``
with a conditional PUT (If-None-Match): of two publishers racing for a version exactly one
wins, and the other applies its change to the winner's manifest and tries the next version.
``manifest.json`` then points readers at it (a reader finding a newer version beside the one
it names takes the newer). Until the commit every reader, in any process, sees the previous
version whole; after it, the new one whole. Files a publish replaced are *retired*: deleted
only after a grace period, so a reader still holding the previous manifest (or the previous
analysts' database) can finish. A run whose gate failed leaves its pending files where they
are, for inspection.

Cost: a read or write of N days touches N files and the manifest (a few hundred bytes per
day and table), never the history's data.
"""

from __future__ import annotations

import io
import json
import os
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import polars as pl
from filelock import FileLock

from pipelines.news import tables
from pipelines.news.storage import Storage

# How long a replaced file outlives its replacement: longer than any analyst query should take.
RETIRED_GRACE_SECONDS = 15 * 60
# How long the pending files of a run that never published (a failed gate) are kept.
REJECTED_KEEP_SECONDS = 14 * 24 * 3600
# Versioned manifests kept on object storage (older ones are deleted as new ones land).
KEPT_MANIFEST_VERSIONS = 20
APPENDED = "appended"
MANIFEST = "manifest.json"
VERSIONS = "_manifests"
PENDING = "_pending"
# Lake.manifest's parsed manifests: url -> (stamp, manifest); the stamp changes with the file.
_PARSED_MANIFESTS: dict[str, tuple[object, Manifest]] = {}


def group_by_columns(files: Sequence[tuple[str, str]]) -> dict[str, list[str]]:
    """Files grouped by the columns they hold (they differ after a schema change)."""
    groups: dict[str, list[str]] = {}
    for path, columns in files:
        groups.setdefault(columns, []).append(path)
    return groups


@dataclass
class Manifest:
    """What is published: per windowed table, per ISO day, the file (relative to the lake
    root) and its columns; per append-only table, its files; the retired files."""

    days: dict[str, dict[str, dict[str, str]]] = field(default_factory=dict)
    appended: dict[str, list[dict[str, str]]] = field(default_factory=dict)
    # [file, when the analysts' database stopped naming it (None: it still may)].
    retired: list[tuple[str, float | None]] = field(default_factory=list)
    version: int = 0

    @classmethod
    def parse(cls, text: str) -> Manifest:
        data = json.loads(text)
        return cls(
            days=data["days"],
            appended=data["appended"],
            retired=[(p, None if t is None else float(t)) for p, t in data["retired"]],
            version=int(data["version"]),
        )

    def text(self) -> str:
        return json.dumps(
            {
                "version": self.version,
                "days": self.days,
                "appended": self.appended,
                "retired": self.retired,
            },
            ensure_ascii=False,
            sort_keys=True,
        )

    def files(self, table: str) -> list[dict[str, str]]:
        """Every published file of ``table``: its days in order, or its appended files."""
        if table in self.appended:
            return list(self.appended[table])
        by_day = self.days.get(table, {})
        return [by_day[day] for day in sorted(by_day)]


class Lake:
    def __init__(self, root: str | Path) -> None:
        self.storage = Storage.at(str(root))
        self._lock = (
            FileLock(self.storage.path(".publish.lock"), timeout=600)
            if self.storage.local
            else None
        )

    def url(self, relative: str) -> str:
        """The address of a lake file for Polars or DuckDB."""
        return self.storage.url(relative)

    # -- reading ---------------------------------------------------------------------------

    def manifest(self) -> Manifest:
        """The published manifest, for reading only (the parsed copy is shared). On a local
        disk it is parsed again only when it changed (at two years it is ~1 MB, and a daily
        run reads it hundreds of times): a publish renames a new file in, so its inode, size
        or mtime differ. On object storage it is read each time: the pointer, and a probe for
        a newer version beside the one it names."""
        if self.storage.local:
            key = self.storage.url(MANIFEST)
            try:
                stat = Path(self.storage.path(MANIFEST)).stat()
            except FileNotFoundError:
                return Manifest()
            stamp: object = (stat.st_ino, stat.st_size, stat.st_mtime_ns)
            cached = _PARSED_MANIFESTS.get(key)
            if cached is None or cached[0] != stamp:
                text = Path(self.storage.path(MANIFEST)).read_text(encoding="utf-8")
                cached = (stamp, Manifest.parse(text))
                _PARSED_MANIFESTS[key] = cached
            return cached[1]
        return self._newest_published()

    def day_files(
        self,
        table: str,
        start: date,
        end: date,
        run_id: str | None = None,
        staged_only: bool = False,
    ) -> list[tuple[str, str]]:
        """(url, columns) of ``table``'s files for the local days [start, end): the run's own
        pending files where it wrote a day, the published ones elsewhere (none with
        ``staged_only``)."""
        published = {} if staged_only else self.manifest().days.get(table, {})
        staged = set(self._pending_days(run_id, table)) if run_id else set()
        found = []
        for day in _days(start, end):
            if day.isoformat() in staged:
                relative = self._pending_file(run_id or "", table, day)
                found.append((self.url(relative), self._columns_of(relative)))
            elif (entry := published.get(day.isoformat())) is not None:
                found.append((self.url(entry["file"]), entry["columns"]))
        return found

    def appended_files(self, table: str, run_id: str | None = None) -> list[tuple[str, str]]:
        files = [
            (self.url(entry["file"]), entry["columns"])
            for entry in self.manifest().appended.get(table, [])
        ]
        if run_id:
            folder = f"{self._pending_root(run_id)}/{_table_dir(table)}/{APPENDED}"
            files += [
                (self.url(f"{folder}/{name}"), self._columns_of(f"{folder}/{name}"))
                for name in self.storage.files(folder, ".parquet")
            ]
        return files

    # -- writing ---------------------------------------------------------------------------

    def pending_root(self, run_id: str) -> str:
        """Where the run's unpublished files are (an address, for the run's metadata)."""
        return self.url(self._pending_root(run_id))

    def stage_day(self, run_id: str, table: str, day: date, rows: pl.DataFrame) -> str:
        """Write ``rows`` as ``table``'s whole day for the run (replacing what the run staged
        for that day before). An empty frame is a day with no rows, and is written too."""
        relative = self._pending_file(run_id, table, day)
        self.storage.write_bytes(relative, _parquet_bytes(rows))
        return self.url(relative)

    def stage_append(self, run_id: str, table: str, rows: pl.DataFrame) -> str:
        folder = f"{self._pending_root(run_id)}/{_table_dir(table)}/{APPENDED}"
        relative = f"{folder}/{time.time_ns()}-{uuid.uuid4().hex[:8]}.parquet"
        self.storage.write_bytes(relative, _parquet_bytes(rows))
        return self.url(relative)

    def discard_pending(self, run_id: str) -> None:
        """Remove what the run staged (e.g. a shard's rows once they were joined)."""
        self.storage.delete_tree(self._pending_root(run_id))

    def pending_tables(self, run_id: str) -> list[str]:
        root = self._pending_root(run_id)
        return sorted(
            f"{schema}.{table}"
            for schema in self.storage.folders(root)
            for table in self.storage.folders(f"{root}/{schema}")
        )

    def publish(self, run_id: str, table_names: Sequence[str]) -> Manifest:
        """Make the run's pending files of ``table_names`` the published version, all at once
        (one manifest commit). Returns the new manifest."""
        # First give every pending file its lake name (unnamed by any manifest, so invisible),
        # then name them all in one commit.
        by_day: list[tuple[str, str, dict[str, str]]] = []
        appended: list[tuple[str, dict[str, str]]] = []
        for table in table_names:
            folder = f"{self._pending_root(run_id)}/{_table_dir(table)}"
            for name in self.storage.files(folder, ".parquet"):
                pending = f"{folder}/{name}"
                entry = {"columns": self._columns_of(pending)}
                if name.startswith(f"{APPENDED}/"):
                    entry["file"] = self._move_in(pending, table, APPENDED)
                    appended.append((table, entry))
                else:
                    day = name.removesuffix(".parquet")
                    entry["file"] = self._move_in(pending, table, day)
                    by_day.append((table, day, entry))

        def change(manifest: Manifest) -> None:
            for table, day, entry in by_day:
                days = manifest.days.setdefault(table, {})
                replaced = days.get(day)
                if replaced is not None and replaced["file"] != entry["file"]:
                    manifest.retired.append((replaced["file"], None))
                days[day] = entry
            for table, entry in appended:
                files = manifest.appended.setdefault(table, [])
                if entry not in files:
                    files.append(entry)
            manifest.retired = self._delete_expired(manifest.retired, time.time())

        manifest = self._commit(change)
        for table in table_names:
            self.storage.delete_tree(f"{self._pending_root(run_id)}/{_table_dir(table)}")
        self._drop_empty_pending(run_id)
        return manifest

    def publish_derived(self, build: Callable[[Manifest], None]) -> Manifest:
        """Call ``build`` with the published manifest, in commit order (so what it derives
        from manifests is replaced in order); from then on nothing ``build`` made names the
        files retired so far, and their grace period starts."""

        def change(manifest: Manifest) -> None:
            build(manifest)
            now = time.time()
            manifest.retired = [(f, now if t is None else t) for f, t in manifest.retired]

        return self._commit(change)

    # -- the commit ------------------------------------------------------------------------

    def _commit(self, change: Callable[[Manifest], None]) -> Manifest:
        """Apply ``change`` to the newest manifest and publish the result as the next
        version: under the file lock locally, by conditional creation on object storage
        (``change`` then runs again on the newer manifest of whoever won a race)."""
        if self._lock is not None:
            with self._locked():
                manifest = self._read(MANIFEST)
                change(manifest)
                manifest.version += 1
                self.storage.write_bytes(MANIFEST, manifest.text().encode("utf-8"))
                return manifest
        while True:
            manifest = self._newest_published()
            change(manifest)
            manifest.version += 1
            data = manifest.text().encode("utf-8")
            if self.storage.create_bytes(_version_file(manifest.version), data):
                self.storage.write_bytes(MANIFEST, data)
                self._drop_old_versions(manifest.version)
                return manifest

    def _newest_published(self) -> Manifest:
        """Object storage: the version ``manifest.json`` names, or a newer one beside it."""
        manifest = self._read(MANIFEST)
        while self.storage.exists(_version_file(manifest.version + 1)):
            manifest = self._read(_version_file(manifest.version + 1))
        return manifest

    def _read(self, relative: str) -> Manifest:
        try:
            return Manifest.parse(self.storage.read_bytes(relative).decode("utf-8"))
        except FileNotFoundError:
            return Manifest()

    def _drop_old_versions(self, newest: int) -> None:
        for old in range(
            max(1, newest - KEPT_MANIFEST_VERSIONS - 5), newest - KEPT_MANIFEST_VERSIONS
        ):
            self.storage.delete(_version_file(old))

    @contextmanager
    def _locked(self) -> Iterator[None]:
        assert self._lock is not None
        Path(self.storage.root).mkdir(parents=True, exist_ok=True)
        with self._lock:
            yield

    # -- files -----------------------------------------------------------------------------

    def _pending_root(self, run_id: str) -> str:
        return f"{PENDING}/{run_id}"

    def _pending_file(self, run_id: str, table: str, day: date) -> str:
        return f"{self._pending_root(run_id)}/{_table_dir(table)}/{day.isoformat()}.parquet"

    def _pending_days(self, run_id: str, table: str) -> list[str]:
        folder = f"{self._pending_root(run_id)}/{_table_dir(table)}"
        return [
            name.removesuffix(".parquet")
            for name in self.storage.files(folder, ".parquet")
            if "/" not in name
        ]

    def _move_in(self, pending: str, table: str, folder: str) -> str:
        relative = f"{_table_dir(table)}/{folder}/{uuid.uuid4().hex}.parquet"
        self.storage.move(pending, relative)
        return relative

    def _columns_of(self, relative: str) -> str:
        with self.storage.fs.open(self.storage.path(relative), "rb") as handle:
            return ",".join(pl.read_parquet_schema(handle))

    def _delete_expired(
        self, retired: list[tuple[str, float | None]], now: float
    ) -> list[tuple[str, float | None]]:
        """Delete the retired files no reader can still need: unnamed by the analysts'
        database for RETIRED_GRACE_SECONDS (pipeline reads take well under that)."""
        kept = []
        for relative, when in retired:
            if when is not None and now - when >= RETIRED_GRACE_SECONDS:
                self.storage.delete(relative)
            else:
                kept.append((relative, when))
        return kept

    def _drop_empty_pending(self, run_id: str) -> None:
        """Remove the run's empty pending folders (on a local disk; object storage has no
        empty folders), and the pending files of runs that never published older than
        REJECTED_KEEP_SECONDS. Steps of one run may stage and publish side by side (on Dask,
        with no pool): only folders found empty are removed, each by an rmdir that fails on a
        file staged meanwhile, and a file another step removes while it is looked at is
        skipped, never an error."""
        if self.storage.local:
            _remove_empty_folders(Path(self.storage.path(self._pending_root(run_id))))
        cutoff = time.time() - REJECTED_KEEP_SECONDS
        for other in self.storage.folders(PENDING):
            if other == run_id or other.startswith(f"{run_id}~"):
                continue
            folder = f"{PENDING}/{other}"
            try:
                files = self.storage.files(folder)
                stale = bool(files) and all(
                    self.storage.modified(f"{folder}/{name}") < cutoff for name in files
                )
            except FileNotFoundError:
                continue
            if stale:
                self.storage.delete_tree(folder)


def _remove_empty_folders(root: Path) -> None:
    """Remove the empty folders under ``root`` and ``root`` itself if it ends up empty."""
    if not root.is_dir():
        return
    for folder, _, _ in sorted(os.walk(root, topdown=False), key=lambda entry: -len(entry[0])):
        try:
            os.rmdir(folder)
        except OSError:  # not empty (or gone): leave it
            pass


def _version_file(version: int) -> str:
    return f"{VERSIONS}/{version:012d}.json"


def _table_dir(table: str) -> str:
    if table not in tables.BY_NAME:
        raise ValueError(f"unknown warehouse table {table!r}")
    return table.replace(".", "/")


def _days(start: date, end: date) -> Iterator[date]:
    return (date.fromordinal(n) for n in range(start.toordinal(), end.toordinal()))


def _parquet_bytes(rows: pl.DataFrame) -> bytes:
    buffer = io.BytesIO()
    rows.write_parquet(buffer, statistics=True)
    return buffer.getvalue()

"""The lake: every table as immutable Parquet files, one per local day, named by a manifest.

Layout under the lake root (``warehouse/lake/`` beside the analysts' ``news.duckdb``)::

    manifest.json                         which file holds each table's day, published
    <schema>/<table>/<day>/<id>.parquet   one immutable file per (table, day) version
    <schema>/<table>/appended/<id>.parquet  append-only tables (raw.fetch_log)
    _pending/<run_id>/...                 a run's files not published yet (write-audit-publish)

A write never touches a published file: a run writes its days under ``_pending/<run_id>/``
(each file written beside its name, then renamed), and ``publish`` moves them into the lake
under fresh names and swaps the manifest (written, then renamed) in one step, under a file
lock. Until that rename every reader, in any process, sees the previous version whole; after
it, the new one whole. Files a publish replaced are *retired*: deleted only after a grace
period, so a reader still holding the previous manifest (or the previous analysts' database)
can finish. A run whose gate failed leaves its pending files where they are, for inspection.

Cost: a read or write of N days touches N files and the manifest (a few hundred bytes per
day and table), never the history's data.
"""

from __future__ import annotations

import json
import os
import shutil
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

# How long a replaced file outlives its replacement: longer than any analyst query should take.
RETIRED_GRACE_SECONDS = 15 * 60
# How long the pending files of a run that never published (a failed gate) are kept.
REJECTED_KEEP_SECONDS = 14 * 24 * 3600
APPENDED = "appended"
# Lake.manifest's parsed manifests: path -> (inode, size, mtime_ns), manifest.
_PARSED_MANIFESTS: dict[Path, tuple[tuple[int, int, int], Manifest]] = {}


def group_by_columns(files: Sequence[tuple[Path, str]]) -> dict[str, list[Path]]:
    """Files grouped by the columns they hold (they differ after a schema change)."""
    groups: dict[str, list[Path]] = {}
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
    def load(cls, path: Path) -> Manifest:
        if not path.exists():
            return cls()
        data = json.loads(path.read_text(encoding="utf-8"))
        return cls(
            days=data["days"],
            appended=data["appended"],
            retired=[(p, None if t is None else float(t)) for p, t in data["retired"]],
            version=int(data["version"]),
        )

    def dump(self, path: Path) -> None:
        text = json.dumps(
            {
                "version": self.version,
                "days": self.days,
                "appended": self.appended,
                "retired": self.retired,
            },
            ensure_ascii=False,
            sort_keys=True,
        )
        temporary = path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp")
        temporary.write_text(text, encoding="utf-8")
        os.replace(temporary, path)

    def files(self, table: str) -> list[dict[str, str]]:
        """Every published file of ``table``: its days in order, or its appended files."""
        if table in self.appended:
            return list(self.appended[table])
        by_day = self.days.get(table, {})
        return [by_day[day] for day in sorted(by_day)]


class Lake:
    def __init__(self, root: str | Path) -> None:
        self.root = Path(root)
        self.manifest_path = self.root / "manifest.json"
        self._lock = FileLock(str(self.root / ".publish.lock"), timeout=600)

    # -- reading ---------------------------------------------------------------------------

    def manifest(self) -> Manifest:
        """The published manifest, for reading only (the parsed copy is shared). Parsed again
        only when the file changed: a publish replaces it by rename, so its inode, size or
        mtime differ (at two years it is ~1 MB, and a daily run reads it hundreds of times)."""
        try:
            stat = self.manifest_path.stat()
        except FileNotFoundError:
            return Manifest()
        key = (stat.st_ino, stat.st_size, stat.st_mtime_ns)
        cached = _PARSED_MANIFESTS.get(self.manifest_path)
        if cached is None or cached[0] != key:
            cached = (key, Manifest.load(self.manifest_path))
            _PARSED_MANIFESTS[self.manifest_path] = cached
        return cached[1]

    def day_files(
        self,
        table: str,
        start: date,
        end: date,
        run_id: str | None = None,
        staged_only: bool = False,
    ) -> list[tuple[Path, str]]:
        """(path, columns) of ``table``'s files for the local days [start, end): the run's own
        pending files where it wrote a day, the published ones elsewhere (none with
        ``staged_only``)."""
        published = {} if staged_only else self.manifest().days.get(table, {})
        found = []
        for day in _days(start, end):
            pending = self.pending_file(run_id, table, day) if run_id else None
            if pending is not None and pending.exists():
                found.append((pending, _columns_of(pending)))
            elif (entry := published.get(day.isoformat())) is not None:
                found.append((self.root / entry["file"], entry["columns"]))
        return found

    def appended_files(self, table: str, run_id: str | None = None) -> list[tuple[Path, str]]:
        files = [
            (self.root / entry["file"], entry["columns"])
            for entry in self.manifest().appended.get(table, [])
        ]
        if run_id:
            folder = self.pending_root(run_id) / _table_dir(table) / APPENDED
            files += [(p, _columns_of(p)) for p in sorted(folder.glob("*.parquet"))]
        return files

    # -- writing ---------------------------------------------------------------------------

    def pending_root(self, run_id: str) -> Path:
        return self.root / "_pending" / run_id

    def pending_file(self, run_id: str, table: str, day: date) -> Path:
        return self.pending_root(run_id) / _table_dir(table) / f"{day.isoformat()}.parquet"

    def stage_day(self, run_id: str, table: str, day: date, rows: pl.DataFrame) -> Path:
        """Write ``rows`` as ``table``'s whole day for the run (replacing what the run staged
        for that day before). An empty frame is a day with no rows, and is written too."""
        target = self.pending_file(run_id, table, day)
        _write_parquet_atomically(rows, target)
        return target

    def stage_append(self, run_id: str, table: str, rows: pl.DataFrame) -> Path:
        folder = self.pending_root(run_id) / _table_dir(table) / APPENDED
        target = folder / f"{time.time_ns()}-{uuid.uuid4().hex[:8]}.parquet"
        _write_parquet_atomically(rows, target)
        return target

    def discard_pending(self, run_id: str) -> None:
        """Remove what the run staged (e.g. an outlet's rows once they were joined)."""
        shutil.rmtree(self.pending_root(run_id), ignore_errors=True)

    def pending_tables(self, run_id: str) -> list[str]:
        root = self.pending_root(run_id)
        if not root.exists():
            return []
        return sorted(
            f"{schema.name}.{table.name}"
            for schema in root.iterdir()
            if schema.is_dir()
            for table in schema.iterdir()
            if table.is_dir()
        )

    def publish(self, run_id: str, table_names: Sequence[str]) -> Manifest:
        """Make the run's pending files of ``table_names`` the published version, all at once
        (one manifest rename). Returns the new manifest."""
        with self._locked():
            manifest = Manifest.load(self.manifest_path)
            now = time.time()
            for table in table_names:
                folder = self.pending_root(run_id) / _table_dir(table)
                if not folder.exists():
                    continue
                for pending in sorted(folder.glob("*.parquet")):
                    columns = _columns_of(pending)
                    entry = {
                        "file": self._move_in(pending, table, pending.stem),
                        "columns": columns,
                    }
                    by_day = manifest.days.setdefault(table, {})
                    replaced = by_day.get(pending.stem)
                    if replaced is not None:
                        manifest.retired.append((replaced["file"], None))
                    by_day[pending.stem] = entry
                for pending in sorted((folder / APPENDED).glob("*.parquet")):
                    columns = _columns_of(pending)
                    manifest.appended.setdefault(table, []).append(
                        {"file": self._move_in(pending, table, APPENDED), "columns": columns}
                    )
                shutil.rmtree(folder, ignore_errors=True)
            manifest.retired = self._delete_expired(manifest.retired, now)
            manifest.version += 1
            manifest.dump(self.manifest_path)
            self._drop_empty_pending(run_id)
            return manifest

    def publish_derived(self, build: Callable[[Manifest], None]) -> Manifest:
        """Call ``build`` with the published manifest, holding the lock (so what it derives
        from manifests is replaced in order); from then on nothing ``build`` made names the
        files retired so far, and their grace period starts."""
        with self._locked():
            manifest = Manifest.load(self.manifest_path)
            build(manifest)
            now = time.time()
            manifest.retired = [(f, now if t is None else t) for f, t in manifest.retired]
            manifest.dump(self.manifest_path)
            return manifest

    @contextmanager
    def _locked(self) -> Iterator[None]:
        self.root.mkdir(parents=True, exist_ok=True)
        with self._lock:
            yield

    def _move_in(self, pending: Path, table: str, folder: str) -> str:
        relative = f"{_table_dir(table)}/{folder}/{uuid.uuid4().hex}.parquet"
        target = self.root / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(pending, target)
        return relative

    def _delete_expired(
        self, retired: list[tuple[str, float | None]], now: float
    ) -> list[tuple[str, float | None]]:
        """Delete the retired files no reader can still need: unnamed by the analysts'
        database for RETIRED_GRACE_SECONDS (pipeline reads take well under that)."""
        kept = []
        for relative, when in retired:
            if when is not None and now - when >= RETIRED_GRACE_SECONDS:
                (self.root / relative).unlink(missing_ok=True)
            else:
                kept.append((relative, when))
        return kept

    def _drop_empty_pending(self, run_id: str) -> None:
        """Remove the run's pending folder once nothing is left in it, and the pending files
        of runs that never published older than REJECTED_KEEP_SECONDS."""
        root = self.pending_root(run_id)
        if root.exists() and not any(root.rglob("*.parquet")):
            shutil.rmtree(root, ignore_errors=True)
        cutoff = time.time() - REJECTED_KEEP_SECONDS
        for other in (self.root / "_pending").glob("*"):
            if other.is_dir() and other.stat().st_mtime < cutoff:
                shutil.rmtree(other, ignore_errors=True)


def _table_dir(table: str) -> str:
    if table not in tables.BY_NAME:
        raise ValueError(f"unknown warehouse table {table!r}")
    return table.replace(".", "/")


def _days(start: date, end: date) -> Iterator[date]:
    return (date.fromordinal(n) for n in range(start.toordinal(), end.toordinal()))


def _write_parquet_atomically(rows: pl.DataFrame, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f".{target.name}.{uuid.uuid4().hex}.tmp")
    try:
        rows.write_parquet(temporary, statistics=True)
        os.replace(temporary, target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def _columns_of(path: Path) -> str:
    return ",".join(pl.read_parquet_schema(path))

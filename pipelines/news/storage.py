"""Where the pipeline's files live: a local folder (the embedded default) or a prefix on
S3-compatible object storage (the cluster profile), behind one fsspec filesystem.

fsspec is the client because every reader we have speaks it: s3fs for our own reads and
writes, DuckDB through ``register_filesystem`` (no httpfs download, which an offline machine
cannot do), Polars through the same URLs. Credentials and the endpoint come from the standard
AWS variables of the environment (``AWS_ACCESS_KEY_ID``, ``AWS_SECRET_ACCESS_KEY``,
``AWS_ENDPOINT_URL``, ``AWS_REGION``), which s3fs, boto and Polars all read themselves: they
are never part of a URL, a config or a log line.

Writes are whole or absent: a local file is written beside its name and renamed; an object
store makes a PUT visible only once complete.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import fsspec
from fsspec.implementations.local import LocalFileSystem


@dataclass(frozen=True)
class Storage:
    """A folder of files: ``fs`` and the root path on it (no scheme), with ``url`` giving the
    address other engines (Polars, DuckDB) open."""

    fs: Any
    root: str

    @classmethod
    def at(cls, url: str) -> Storage:
        # No listings cache: other processes (a cluster's workers) write under the same
        # prefixes, and a cached listing would hide their files.
        options: dict[str, Any] = {"use_listings_cache": False}
        if str(url).startswith(("s3://", "s3a://")):
            options.update(_s3_options(os.environ))
        fs, root = fsspec.core.url_to_fs(str(url), **options)
        return cls(fs, str(root).rstrip("/"))

    @property
    def local(self) -> bool:
        return isinstance(self.fs, LocalFileSystem)

    def path(self, relative: str) -> str:
        """The path of ``relative`` on the filesystem."""
        return f"{self.root}/{relative}" if relative else self.root

    def url(self, relative: str) -> str:
        """The address of ``relative`` for another engine: a plain path when local."""
        path = self.path(relative)
        if self.local:
            return path
        protocol = self.fs.protocol if isinstance(self.fs.protocol, str) else self.fs.protocol[0]
        return f"{protocol}://{path}"

    def child(self, relative: str) -> Storage:
        return Storage(self.fs, self.path(relative))

    def exists(self, relative: str) -> bool:
        return bool(self.fs.exists(self.path(relative)))

    def read_bytes(self, relative: str) -> bytes:
        data: bytes = self.fs.cat_file(self.path(relative))
        return data

    def write_bytes(self, relative: str, data: bytes) -> None:
        """Write ``data`` as ``relative``, whole or not at all."""
        if self.local:
            write_atomically(Path(self.path(relative)), data)
        else:
            self.fs.pipe_file(self.path(relative), data)

    def create_bytes(self, relative: str, data: bytes) -> bool:
        """Object storage: write ``data`` as ``relative`` only if nothing is there yet, by a
        conditional PUT (If-None-Match: *), so of two writers exactly one wins; False when
        something was. (On a local disk the lake commits under a file lock instead.)"""
        if self.local:
            raise NotImplementedError("a local disk commits under a lock, not by creation")
        try:
            self.fs.pipe_file(self.path(relative), data, mode="create")
        except FileExistsError:
            return False
        return True

    def move(self, source: str, target: str) -> None:
        """Give the file ``source`` the name ``target`` (a rename when local; on object
        storage a copy, then the source deleted)."""
        if self.local:
            os.makedirs(os.path.dirname(self.path(target)), exist_ok=True)
            os.replace(self.path(source), self.path(target))
        else:
            self.fs.mv(self.path(source), self.path(target))

    def delete(self, relative: str) -> None:
        try:
            self.fs.rm_file(self.path(relative))
        except FileNotFoundError:
            pass

    def delete_tree(self, relative: str) -> None:
        try:
            self.fs.rm(self.path(relative), recursive=True)
        except FileNotFoundError:
            pass

    def files(self, relative: str, suffix: str = "") -> list[str]:
        """The files under ``relative`` (any depth) ending in ``suffix``, relative to it,
        sorted."""
        base = self.path(relative)
        try:
            found = self.fs.find(base)
        except FileNotFoundError:
            return []
        names = [str(p)[len(base.rstrip("/")) + 1 :] for p in found]
        return sorted(n for n in names if n.endswith(suffix) and not _hidden(n))

    def folders(self, relative: str) -> list[str]:
        """The names of the folders directly under ``relative``."""
        try:
            entries = self.fs.ls(self.path(relative), detail=True)
        except FileNotFoundError:
            return []
        return sorted(
            str(e["name"]).rstrip("/").rsplit("/", 1)[-1]
            for e in entries
            if e["type"] == "directory"
        )

    def modified(self, relative: str) -> float:
        """When the file ``relative`` was last written (seconds since the epoch)."""
        stamp = self.fs.modified(self.path(relative))
        return float(stamp.timestamp())

    def register(self, connection: Any) -> None:
        """Let a DuckDB connection read this storage's URLs (nothing to do when local)."""
        if not self.local:
            protocols = (
                self.fs.protocol if isinstance(self.fs.protocol, tuple) else (self.fs.protocol,)
            )
            if not any(p in connection.list_filesystems() for p in protocols):
                connection.register_filesystem(self.fs)


def _s3_options(environ: Mapping[str, str]) -> dict[str, Any]:
    """The AWS_* settings of the environment, as s3fs arguments. s3fs would read them itself,
    but fsspec reuses a filesystem made with the same arguments: naming them here makes a new
    endpoint or key (another server, a rotated secret) get a client of its own."""
    client: dict[str, str] = {}
    if environ.get("AWS_ENDPOINT_URL"):
        client["endpoint_url"] = environ["AWS_ENDPOINT_URL"]
    region = environ.get("AWS_REGION") or environ.get("AWS_DEFAULT_REGION")
    if region:
        client["region_name"] = region
    options: dict[str, Any] = {"client_kwargs": client}
    if environ.get("AWS_ACCESS_KEY_ID") and environ.get("AWS_SECRET_ACCESS_KEY"):
        options["key"] = environ["AWS_ACCESS_KEY_ID"]
        options["secret"] = environ["AWS_SECRET_ACCESS_KEY"]
    return options


def write_atomically(target: Path, data: bytes) -> None:
    """Write ``data`` to a temporary file beside ``target``, then rename it into place: a
    reader (or a run killed half-way) never sees a partial file."""
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f".{target.name}.{uuid.uuid4().hex}.tmp")
    try:
        temporary.write_bytes(data)
        os.replace(temporary, target)
    finally:
        temporary.unlink(missing_ok=True)


def _hidden(name: str) -> bool:
    return any(part.startswith(".") for part in name.split("/"))

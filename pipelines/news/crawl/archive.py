"""Content-addressed archive of raw page bodies (sha256, gzip) under ``warehouse/raw/``.

Re-fetching an unchanged page costs no space, and a body can always be re-parsed later with a
better parser. Writes go to a temporary file first and are renamed into place, so a killed run
never leaves a half-written entry behind.
"""

from __future__ import annotations

import gzip
import hashlib
import os
import tempfile
from pathlib import Path


class RawArchive:
    def __init__(self, root: str | Path) -> None:
        self.root = Path(root)

    def path_for(self, sha256: str) -> Path:
        return self.root / sha256[:2] / f"{sha256}.gz"

    def put(self, body: bytes) -> str:
        """Store ``body`` and return its sha256 hex digest."""
        digest = hashlib.sha256(body).hexdigest()
        target = self.path_for(digest)
        if target.exists():
            return digest
        write_atomically(target, body, compress=True)
        return digest

    def get(self, sha256: str) -> bytes:
        return gzip.decompress(self.path_for(sha256).read_bytes())


def write_atomically(target: Path, data: bytes, compress: bool = False) -> None:
    """Write ``data`` to a temporary file beside ``target``, then rename it into place: a
    reader (or a run killed half-way) never sees a partial file."""
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=target.parent, suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as raw:
            if compress:
                # mtime=0 keeps the archive bytes reproducible.
                with gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as compressed:
                    compressed.write(data)
            else:
                raw.write(data)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise

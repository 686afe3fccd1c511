"""Content-addressed archive of raw page bodies (sha256, gzip) under ``warehouse/raw/`` (or the
deployment's object storage, see ``pipelines/news/storage.py``).

Re-fetching an unchanged page costs no space, and a body can always be re-parsed later with a
better parser. Every entry is written whole or not at all (a local file beside its name, then
renamed; an object in one PUT), so a killed run never leaves a half-written entry behind.
"""

from __future__ import annotations

import gzip
import hashlib
from pathlib import Path

from pipelines.news.storage import Storage


class RawArchive:
    def __init__(self, root: str | Path) -> None:
        self.storage = Storage.at(str(root))

    def key_for(self, sha256: str) -> str:
        return f"{sha256[:2]}/{sha256}.gz"

    def put(self, body: bytes) -> str:
        """Store ``body`` and return its sha256 hex digest."""
        digest = hashlib.sha256(body).hexdigest()
        key = self.key_for(digest)
        if not self.storage.exists(key):
            # mtime=0 keeps the archive bytes reproducible.
            self.storage.write_bytes(key, gzip.compress(body, mtime=0))
        return digest

    def get(self, sha256: str) -> bytes:
        return gzip.decompress(self.storage.read_bytes(self.key_for(sha256)))

"""Export archived pages as WARC, so Media Cloud and Common Crawl tooling can read them.

Each fetched page becomes a ``response`` record: the original URL, the fetch time, the HTTP
status and Content-Type we logged, and the exact body bytes from the raw archive. Other
response headers were not kept, so the records carry only those two.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from io import BytesIO
from pathlib import Path
from typing import BinaryIO

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from pipelines.news.crawl.archive import RawArchive

_REASONS = {200: "OK", 203: "Non-Authoritative Information"}


def write_warc(pages: Iterable[Mapping[str, object]], archive: RawArchive, out: BinaryIO) -> int:
    """Write one gzip-compressed WARC response record per page row of ``raw.pages`` that has
    an archived body; returns the number of records."""
    writer = WARCWriter(out, gzip=True)
    written = 0
    for page in pages:
        sha256, status = page.get("sha256"), page.get("status")
        if not isinstance(sha256, str) or not isinstance(status, int):
            continue
        body = archive.get(sha256)
        fetched_at = page.get("fetched_at")
        warc_headers = {"WARC-Payload-Digest": f"sha256:{sha256}"}
        if isinstance(fetched_at, datetime):
            warc_headers["WARC-Date"] = fetched_at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        http_headers = StatusAndHeaders(
            f"{status} {_REASONS.get(status, 'OK')}",
            [
                ("Content-Type", str(page.get("content_type") or "application/octet-stream")),
                ("Content-Length", str(len(body))),
            ],
            protocol="HTTP/1.1",
        )
        record = writer.create_warc_record(
            str(page.get("final_url") or page["url"]),
            "response",
            payload=BytesIO(body),
            http_headers=http_headers,
            warc_headers_dict=warc_headers,
        )
        writer.write_record(record)
        written += 1
    return written


def export_day(pages: Iterable[Mapping[str, object]], archive: RawArchive, path: Path) -> int:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as out:
        return write_warc(pages, archive, out)

"""What real news sites do with a page before it leaves: validators (``ETag``,
``Last-Modified``) with ``304 Not Modified`` answers to conditional GETs, and gzip for
clients that accept it. The demo site applies both to every ordinary 200, so the pipeline's
default path meets them as it would in production."""

from __future__ import annotations

import gzip
import hashlib
from email.utils import formatdate, parsedate_to_datetime
from typing import Protocol

from pipelines.demo_site.responses import Response


class Headers(Protocol):
    """A request's headers: a dict, or the server's ``email.message.Message``."""

    def get(self, name: str, default: None = None) -> str | None: ...


# Bodies smaller than this are sent as they are (as most servers do).
_GZIP_MIN_BYTES = 1024


def etag_of(body: bytes) -> str:
    """A strong validator: the same bytes always get the same tag."""
    return '"' + hashlib.sha256(body).hexdigest()[:20] + '"'


def http_date(epoch_seconds: float) -> str:
    return formatdate(epoch_seconds, usegmt=True)


def with_validators(response: Response, request_headers: Headers, last_modified: float) -> Response:
    """Add ``ETag``/``Last-Modified`` to a 200, or answer 304 when the request's
    ``If-None-Match`` names the tag (RFC 9110: it then decides alone) or, without it, when
    ``If-Modified-Since`` is not older than ``last_modified`` (seconds since the epoch)."""
    status, headers, body = response
    if status != 200:
        return response
    validators = {"ETag": etag_of(body), "Last-Modified": http_date(last_modified)}
    if _not_modified(request_headers, validators["ETag"], last_modified):
        return 304, validators, b""
    return status, {**headers, **validators}, body


def gzipped(response: Response, accept_encoding: str | None) -> Response:
    status, headers, body = response
    accepts = "gzip" in (accept_encoding or "").lower()
    if status != 200 or not accepts or len(body) < _GZIP_MIN_BYTES or "Content-Encoding" in headers:
        return response
    # mtime=0: the same page compresses to the same bytes.
    compressed = gzip.compress(body, compresslevel=5, mtime=0)
    return status, {**headers, "Content-Encoding": "gzip", "Vary": "Accept-Encoding"}, compressed


def _not_modified(request_headers: Headers, etag: str, last_modified: float) -> bool:
    if_none_match = request_headers.get("If-None-Match")
    if if_none_match is not None:
        tags = {tag.strip().removeprefix("W/") for tag in if_none_match.split(",")}
        return etag in tags or "*" in tags
    if_modified_since = request_headers.get("If-Modified-Since")
    if if_modified_since is None:
        return False
    try:
        since = parsedate_to_datetime(if_modified_since).timestamp()
    except (TypeError, ValueError):
        return False
    return int(last_modified) <= since

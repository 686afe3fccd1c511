"""What a faulted URL answers instead of (or around) its article page; pure functions.

Connection resets, truncated bodies and slow answers are not pages: the HTTP layer in
``server`` acts those out.
"""

from __future__ import annotations

import re
import struct
import zlib
from functools import cache

from pipelines.demo_site.faults import FAULT_CHARSET, Fault, FaultKind
from pipelines.demo_site.responses import UTF8_HTML, Response

RETRY_AFTER_SECONDS = 1
# Padding added to an oversized page: past any sane per-page cap (10 MB is common).
OVERSIZED_PADDING_BYTES = 12 * 1024 * 1024
# What the gzip bomb inflates to. Deflate cannot beat ~1:1030, so the wire size is ~1 MB.
GZIP_BOMB_BYTES = 1024 * 1024 * 1024

_STATUS_TEXT = {429: "طلبات كثيرة", 500: "خطأ في الخادم", 503: "الخدمة غير متوفرة مؤقتا"}
# The charset declaration ``layout.document`` puts in every outlet page's <head>.
_META_CHARSET = re.compile(r'<meta (?:charset="[^"]*"|http-equiv="Content-Type" [^>]*)>\n?')
_FAULT_META = f'<meta http-equiv="Content-Type" content="text/html; charset={FAULT_CHARSET}">\n'
_MEBIBYTE = 1024 * 1024


def failure(fault: Fault) -> Response:
    """A 500, a 503, or a 429 with ``Retry-After`` (seconds)."""
    status = {FaultKind.ERROR_503: 503, FaultKind.RATE_LIMITED_429: 429}.get(fault.kind, 500)
    headers = {"Content-Type": UTF8_HTML}
    if status == 429:
        headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
    body = (
        f'<!DOCTYPE html>\n<html lang="ar" dir="rtl"><body><h1>{status}</h1>'
        f"<p>{_STATUS_TEXT[status]}</p></body></html>\n"
    )
    return status, headers, body.encode()


def outage() -> Response:
    """What every page of a site that is down answers: a 500."""
    return 500, {"Content-Type": UTF8_HTML}, b"<html><body><h1>500</h1></body></html>\n"


def redirect(status: int, location: str) -> Response:
    """A 301/302 to an absolute URL, with the short body servers usually add."""
    body = f'<html><body><a href="{location}">moved</a></body></html>\n'
    return status, {"Content-Type": UTF8_HTML, "Location": location}, body.encode()


def recharset(page: Response, page_charset: str, kind: FaultKind) -> Response:
    """The article page re-encoded as windows-1256.

    ``wrong_charset``: the header still claims utf-8, the page's <meta> tells the truth.
    ``missing_charset``: neither header nor page names a charset; only sniffing helps.
    """
    status, headers, body = page
    html = body.decode(page_charset)
    meta = _FAULT_META if kind is FaultKind.WRONG_CHARSET else ""
    html, found = _META_CHARSET.subn(meta, html, count=1)
    if not found:
        raise ValueError("the page declares no charset to replace")
    content_type = UTF8_HTML if kind is FaultKind.WRONG_CHARSET else "text/html"
    # Characters windows-1256 lacks become references, so the page still reads right.
    encoded = html.encode(FAULT_CHARSET, errors="xmlcharrefreplace")
    return status, {**headers, "Content-Type": content_type}, encoded


def oversized(page: Response) -> Response:
    """The article page with ``OVERSIZED_PADDING_BYTES`` of whitespace before ``</body>``."""
    status, headers, body = page
    padding = b"<!--" + b" " * OVERSIZED_PADDING_BYTES + b"-->\n"
    return status, headers, body.replace(b"</body>", padding + b"</body>", 1)


def gzip_bomb() -> Response:
    """A small gzip body (``Content-Encoding: gzip``) of ``GZIP_BOMB_BYTES`` spaces."""
    headers = {"Content-Type": UTF8_HTML, "Content-Encoding": "gzip"}
    return 200, headers, _gzip_of_spaces(GZIP_BOMB_BYTES)


@cache
def _gzip_of_spaces(size: int) -> bytes:
    """A gzip member of ``size`` spaces (a whole number of MiB), built in ~0.2 s.

    Compressing 1 GiB honestly takes seconds. After a full flush the compressor forgets
    its history, so each further MiB compresses to the same bytes: repeat them.
    """
    if size % _MEBIBYTE:
        raise ValueError("size must be a whole number of MiB")
    chunk = b" " * _MEBIBYTE
    compressor = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    first = compressor.compress(chunk) + compressor.flush(zlib.Z_FULL_FLUSH)
    repeated = compressor.compress(chunk) + compressor.flush(zlib.Z_FULL_FLUSH)
    deflated = first + repeated * (size // _MEBIBYTE - 1) + compressor.flush()
    crc = 0
    for _ in range(size // _MEBIBYTE):
        crc = zlib.crc32(chunk, crc)
    # RFC 1952: magic, deflate, no flags, mtime 0, max compression, unknown OS.
    header = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\xff"
    return header + deflated + struct.pack("<II", crc, size & 0xFFFFFFFF)

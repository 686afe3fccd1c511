"""Turn fetched bytes into text, saying which rule chose the character set.

Order: HTTP header charset -> byte-order mark -> ``<meta charset>`` / ``http-equiv`` in the
first 4 KB -> detection (strict UTF-8, then charset-normalizer) -> UTF-8 with replacement.
Never raises, whatever the bytes.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from typing import Literal

import charset_normalizer

DecodingRule = Literal["header", "bom", "meta", "detected", "fallback"]

# Servers send these by default when nobody configured a charset, so on their own they say
# nothing about an Arabic page (a windows-1256 page served as latin-1 is common).
_WEAK_HEADER_CHARSETS = frozenset(
    {
        "iso-8859-1",
        "iso8859-1",
        "latin-1",
        "latin1",
        "l1",
        "us-ascii",
        "ascii",
        "windows-1252",
        "cp1252",
    }
)
# A meta tag cannot honestly declare a 16/32-bit encoding: the tag itself was readable as ASCII.
_WIDE_CHARSETS = ("utf-16", "utf-32", "utf16", "utf32")
_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_HEADER_CHARSET = re.compile(r"charset\s*=\s*[\"']?([\w.:-]+)", re.IGNORECASE)
_META_CHARSET = re.compile(rb"<meta[^>]{0,300}?charset\s*=\s*[\"']?\s*([\w.:-]+)", re.IGNORECASE)
_META_SNIFF_BYTES = 4096
# charset-normalizer is slow on big inputs and a sample decides the codepage just as well.
_DETECTION_SAMPLE_BYTES = 64 * 1024


@dataclass(frozen=True)
class DecodedHtml:
    text: str
    charset: str
    rule: DecodingRule


def decode_html(raw: bytes, content_type: str | None) -> DecodedHtml:
    """Decode a fetched page; ``content_type`` is the HTTP Content-Type header, if any."""
    header_charset = _charset_from_header(content_type)
    if header_charset is not None and header_charset not in _WEAK_HEADER_CHARSETS:
        if _is_utf8(header_charset):
            # A UTF-8 header on bytes that are not UTF-8 is a misconfigured server: look on.
            try:
                return DecodedHtml(raw.decode("utf-8"), "utf-8", "header")
            except UnicodeDecodeError:
                pass
        else:
            decoded = _try_decode(raw, header_charset, "header")
            if decoded is not None:
                return decoded

    for bom, charset in _BOMS:
        if raw.startswith(bom):
            return DecodedHtml(raw[len(bom) :].decode(charset, errors="replace"), charset, "bom")

    meta_charset = _charset_from_meta(raw)
    if meta_charset is not None:
        decoded = _try_decode(raw, meta_charset, "meta")
        if decoded is not None:
            return decoded

    detected = _detect(raw)
    if detected is not None:
        return detected

    if header_charset is not None:
        # A weak header is still better than a guess when detection has nothing to say.
        decoded = _try_decode(raw, header_charset, "header")
        if decoded is not None:
            return decoded
    return DecodedHtml(raw.decode("utf-8", errors="replace"), "utf-8", "fallback")


def _charset_from_header(content_type: str | None) -> str | None:
    if not content_type:
        return None
    match = _HEADER_CHARSET.search(content_type)
    return _normalise_label(match.group(1)) if match else None


def _charset_from_meta(raw: bytes) -> str | None:
    match = _META_CHARSET.search(raw[:_META_SNIFF_BYTES])
    if match is None:
        return None
    label = _normalise_label(match.group(1).decode("ascii", errors="ignore"))
    if label.startswith(_WIDE_CHARSETS):
        return "utf-8"
    return label or None


def _is_utf8(label: str) -> bool:
    return label.replace("_", "-") in ("utf-8", "utf8")


def _normalise_label(label: str) -> str:
    return label.strip().strip("\"'").lower()


def _try_decode(raw: bytes, charset: str, rule: DecodingRule) -> DecodedHtml | None:
    """Decode with ``charset``; None when Python does not know it as a text encoding."""
    try:
        name = codecs.lookup(charset).name
        return DecodedHtml(raw.decode(name, errors="replace"), name, rule)
    except (LookupError, ValueError, TypeError):
        # LookupError also covers bytes-to-bytes codecs such as base64 or rot13.
        return None


def _detect(raw: bytes) -> DecodedHtml | None:
    try:
        return DecodedHtml(raw.decode("utf-8"), "utf-8", "detected")
    except UnicodeDecodeError:
        pass
    try:
        best = charset_normalizer.from_bytes(raw[:_DETECTION_SAMPLE_BYTES]).best()
    except Exception:  # a detector bug must not lose the page; fall back below
        return None
    if best is None:
        return None
    return _try_decode(raw, best.encoding, "detected")

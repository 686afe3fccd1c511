import codecs

import pytest

from pipelines.news.extract.decoding import decode_html

ARTICLE = (
    "<html><head>{meta}<title>أخبار المغرب</title></head><body>"
    "<h1>الحكومة تصادق على مشروع قانون جديد</h1>"
    "<p>صادق مجلس الحكومة، المنعقد يوم الخميس بالرباط، على مشروع قانون يتعلق بتنظيم"
    " قطاع النقل الطرقي، وذلك في إطار مواصلة الإصلاحات التي تعرفها المملكة.</p>"
    "<p>وأوضح الناطق الرسمي باسم الحكومة أن هذا المشروع يهدف إلى تحسين جودة الخدمات"
    " وتعزيز السلامة الطرقية في مختلف جهات المغرب.</p></body></html>"
)


def _page(meta: str = "") -> str:
    return ARTICLE.format(meta=meta)


def test_windows_1256_declared_only_in_meta_http_equiv() -> None:
    page = _page('<meta http-equiv="Content-Type" content="text/html; charset=windows-1256">')
    decoded = decode_html(page.encode("cp1256"), "text/html")
    assert decoded.rule == "meta"
    assert decoded.charset == "cp1256"
    assert "الحكومة تصادق" in decoded.text


def test_meta_charset_attribute() -> None:
    decoded = decode_html(_page('<meta charset="windows-1256">').encode("cp1256"), None)
    assert decoded.rule == "meta"
    assert "صادق مجلس الحكومة" in decoded.text


def test_header_charset_wins_over_meta() -> None:
    page = _page('<meta charset="windows-1256">')
    decoded = decode_html(page.encode("utf-8"), "text/html; charset=UTF-8")
    assert decoded.rule == "header"
    assert decoded.charset == "utf-8"
    assert "الحكومة" in decoded.text


@pytest.mark.parametrize(
    ("bom", "encoding"),
    [(codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le")],
)
def test_byte_order_mark(bom: bytes, encoding: str) -> None:
    decoded = decode_html(bom + _page().encode(encoding), "text/html")
    assert decoded.rule == "bom"
    assert decoded.text.startswith("<html>")
    assert "الحكومة" in decoded.text


def test_undeclared_windows_1256_is_detected() -> None:
    decoded = decode_html(_page().encode("cp1256"), None)
    assert decoded.rule == "detected"
    assert "الحكومة تصادق على مشروع قانون جديد" in decoded.text


def test_a_latin_1_header_on_a_windows_1256_page_is_not_believed() -> None:
    # Servers add "iso-8859-1" by default; the page itself is Arabic.
    decoded = decode_html(_page().encode("cp1256"), "text/html; charset=ISO-8859-1")
    assert "الحكومة تصادق" in decoded.text
    assert decoded.rule == "detected"


def test_undeclared_utf8_is_detected_as_utf8() -> None:
    decoded = decode_html(_page().encode("utf-8"), "text/html")
    assert (decoded.charset, decoded.rule) == ("utf-8", "detected")


@pytest.mark.parametrize(
    ("raw", "content_type"),
    [
        (b"", None),
        (b"\xff\xfe\xfd\x00\x81", None),
        (bytes(range(256)) * 40, "text/html; charset=nonsense-charset"),
        (b'<meta charset="base64"><p>x</p>', None),
        (b'<meta charset="rot13"><p>x</p>', "text/html; charset=rot13"),
        (b'<meta charset="utf-16"><p>x</p>', None),
    ],
)
def test_any_bytes_decode_without_raising(raw: bytes, content_type: str | None) -> None:
    decoded = decode_html(raw, content_type)
    assert isinstance(decoded.text, str)
    assert decoded.rule in {"header", "bom", "meta", "detected", "fallback"}


def test_a_utf8_header_on_windows_1256_bytes_is_not_believed() -> None:
    page = _page('<meta charset="windows-1256">')
    decoded = decode_html(page.encode("cp1256"), "text/html; charset=utf-8")
    assert decoded.rule == "meta"
    assert "الحكومة تصادق" in decoded.text

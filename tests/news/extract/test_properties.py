"""Property: any bytes in, a ParsedPage out, without an internal error, in bounded time.

Inputs are random bytes and mangled versions of real-looking pages (the demo site's four
templates and a seed-like aggregator page): truncated, tags unbalanced, re-encoded in a
random charset under a random (even bogus) Content-Type, huge attributes, deep nesting.
``parse_page`` catches everything as a last resort and says "unparseable page"; the property
is that this last resort is never needed.
"""

from datetime import timedelta
from urllib.parse import urlsplit

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipelines.demo_site.server import DemoSite
from pipelines.news.extract.parser import parse_page
from pipelines.news.models import ParsedPage
from pipelines.news.sources import load_registry
from tests.news.extract.test_aggregator import aggregator_page

SITE_URL = "http://127.0.0.1:8765/"
REGISTRY = load_registry(site_url=SITE_URL)
_DEMO = DemoSite(site_url=SITE_URL)
_PATHS = (
    "o/atlas/2026/02/01/1001.html",
    "o/rabat/news/1006",
    "o/souss/?p=1003",
    "o/tajmi3/news/1004.html",
)


def _demo_page(path: str) -> tuple[str, bytes, str | None]:
    target = urlsplit(path)
    _, headers, body = _DEMO.render(target.path, target.query)
    return SITE_URL + path, body, headers.get("Content-Type")


PAGES = [_demo_page(path) for path in _PATHS] + [
    ("https://aggregator.example/news/4521.html", aggregator_page(), "text/html")
]
CHARSETS = ("utf-8", "utf-16", "utf-32", "windows-1256", "cp864", "iso-8859-6", "latin-1")
CONTENT_TYPES = (
    None,
    "text/html",
    "text/html; charset=utf-8",
    "text/html; charset=windows-1256",
    "text/html; charset=utf-16",
    "text/html; charset=base64",
    "text/html; charset=x-no-such-charset",
    "application/octet-stream",
)
FRAGMENTS = (
    "<div>",
    "</div>",
    "<p>",
    "</p>",
    "<",
    ">",
    "</article>",
    "<script>",
    "<!--",
    "<![CDATA[",
    '<script type="application/ld+json">{"@type": "NewsArticle", "datePublished": ',
    "<h1>",
    "<time datetime='2026-13-45T99:99'>",
    "&#x110000;",
    "\x00",
    "\ufffd",
)

# Generous for a noisy 2-core machine: a page takes milliseconds, the biggest inputs here
# (hundreds of KB, thousands of nested tags) well under a second.
PROPERTY = settings(
    deadline=timedelta(seconds=5),
    max_examples=40,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def _assert_handled(parsed: ParsedPage) -> None:
    assert isinstance(parsed, ParsedPage)
    assert not (parsed.reason or "").startswith("unparseable page"), parsed.reason
    assert parsed.is_article or parsed.reason


@PROPERTY
@given(raw=st.binary(max_size=20_000), content_type=st.sampled_from(CONTENT_TYPES))
def test_random_bytes_give_a_result(raw: bytes, content_type: str | None) -> None:
    _assert_handled(parse_page(raw, PAGES[0][0], REGISTRY, content_type=content_type))


@PROPERTY
@given(page=st.sampled_from(PAGES), cut=st.floats(0, 1))
def test_truncated_pages_give_a_result(page: tuple[str, bytes, str | None], cut: float) -> None:
    url, raw, content_type = page
    _assert_handled(
        parse_page(raw[: int(len(raw) * cut)], url, REGISTRY, content_type=content_type)
    )


@PROPERTY
@given(
    page=st.sampled_from(PAGES),
    edits=st.lists(
        st.tuples(st.floats(0, 1), st.sampled_from(FRAGMENTS), st.integers(0, 200)), max_size=30
    ),
)
def test_pages_with_unbalanced_tags_give_a_result(
    page: tuple[str, bytes, str | None], edits: list[tuple[float, str, int]]
) -> None:
    url, raw, content_type = page
    text = raw.decode("utf-8", errors="replace")
    for where, fragment, repeat in edits:
        at = int(len(text) * where)
        text = text[:at] + fragment * repeat + text[at:]
    mangled = text.encode("utf-8", "surrogatepass")
    _assert_handled(parse_page(mangled, url, REGISTRY, content_type=content_type))


@PROPERTY
@given(
    page=st.sampled_from(PAGES),
    charset=st.sampled_from(CHARSETS),
    content_type=st.sampled_from(CONTENT_TYPES),
)
def test_pages_in_any_charset_under_any_header_give_a_result(
    page: tuple[str, bytes, str | None], charset: str, content_type: str | None
) -> None:
    url, raw, _ = page
    text = raw.decode("utf-8", errors="replace")
    reencoded = text.encode(charset, errors="replace")
    _assert_handled(parse_page(reencoded, url, REGISTRY, content_type=content_type))


@PROPERTY
@given(
    page=st.sampled_from(PAGES),
    attribute_chars=st.integers(0, 300_000),
    depth=st.integers(0, 3_000),
    where=st.floats(0, 1),
)
def test_huge_attributes_and_deep_nesting_give_a_result(
    page: tuple[str, bytes, str | None], attribute_chars: int, depth: int, where: float
) -> None:
    url, raw, content_type = page
    at = int(len(raw) * where)
    huge = b'<div class="' + b"ticker comment " * (attribute_chars // 15) + b'" data-x="'
    huge += "ي".encode() * (attribute_chars // 4) + b'">'
    nested = b"<div><span>" * depth + b"<p>x</p>" + b"</span></div>" * depth
    mangled = raw[:at] + huge + nested + raw[at:]
    _assert_handled(parse_page(mangled, url, REGISTRY, content_type=content_type))


def test_the_unmangled_pages_are_articles() -> None:
    """The inputs above start from real articles, so the properties test something."""
    for url, raw, content_type in PAGES:
        parsed = parse_page(raw, url, REGISTRY, content_type=content_type)
        assert parsed.is_article, (url, parsed.reason)

from dataclasses import replace
from datetime import UTC, date, datetime

from pipelines.news.crawl.canonical import canonical_url
from pipelines.news.crawl.discovery import discover, local_day_of
from pipelines.news.crawl.fetch import FetchOutcome, FetchResult
from pipelines.news.sources import load_registry

INDEX = b"""<?xml version="1.0"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
 <sitemap><loc>sitemap-2026-03-24.xml</loc><lastmod>2026-03-24</lastmod></sitemap>
 <sitemap><loc>sitemap-2026-03-26.xml</loc><lastmod>2026-03-26</lastmod></sitemap>
</sitemapindex>"""

DAY = b"""<?xml version="1.0"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
 <url><loc>http://127.0.0.1:8765/o/atlas/a.html#top</loc><lastmod>2026-03-26T00:30:00+01:00</lastmod></url>
 <url><loc>http://127.0.0.1:8765/o/atlas/b.html</loc><lastmod>2026-03-25T23:30:00Z</lastmod></url>
 <url><loc>http://127.0.0.1:8765/o/atlas/c.html</loc><lastmod>2026-03-25T22:30:00Z</lastmod></url>
 <url><loc>http://127.0.0.1:8765/o/atlas/undated.html</loc></url>
</urlset>"""


def _site(pages: dict[str, bytes]):  # a tiny fetch function over canned bodies
    requested: list[str] = []

    def fetch(url: str) -> FetchOutcome:
        requested.append(url)
        name = url.rsplit("/", 1)[-1]
        body = pages.get(name)
        result = FetchResult(
            url,
            url,
            200 if body else 404,
            "application/xml",
            body or b"",
            datetime(2026, 4, 1, tzinfo=UTC),
            None if body else "HTTP 404",
        )
        return FetchOutcome((result,))

    return fetch, requested


def test_lastmod_is_placed_on_its_casablanca_local_day() -> None:
    # 2026-03-25 23:30 UTC is 2026-03-26 00:30 in Casablanca (UTC+1 after Ramadan)...
    assert local_day_of("2026-03-25T23:30:00Z") == date(2026, 3, 26)
    # ...but during Ramadan (UTC+0) 23:30 UTC stays on the same day.
    assert local_day_of("2026-03-01T23:30:00Z") == date(2026, 3, 1)
    assert local_day_of("Sat, 21 Mar 2026 23:30:00 GMT") == date(2026, 3, 21)
    assert local_day_of("2026-03-26") == date(2026, 3, 26)
    assert local_day_of("not a date") is None


def test_discovery_keeps_the_window_once_per_url_and_counts_undated() -> None:
    outlet = replace(load_registry().by_key("atlas"), listing=None)
    fetch, requested = _site({"sitemap.xml": INDEX, "sitemap-2026-03-26.xml": DAY})
    found = discover(outlet, date(2026, 3, 26), date(2026, 3, 26), fetch)
    urls = sorted(u.canonical_url.rsplit("/", 1)[-1] for u in found.urls)
    assert urls == ["a.html", "b.html"]  # c.html is 23:30 local on the 25th
    assert all(u.duplicate_of is None for u in found.urls)
    assert found.undated == 1
    # The 2026-03-24 child was last changed before the window (minus a day of slack): skipped.
    assert not any(r.endswith("sitemap-2026-03-24.xml") for r in requested)
    # Every request is reported, the failing RSS one included.
    assert len(found.requests) == len(requested) == 3
    assert [r.ok for r in found.requests].count(False) == 1


def test_canonical_url_drops_tracking_www_fragment_and_trailing_slash() -> None:
    assert canonical_url(" http://x.test/a?p=1#c ") == "http://x.test/a?p=1"
    assert canonical_url(
        "HTTPS://WWW.Hespress.com:443/politique/x.html/?utm_source=fb&id=3&fbclid=Z"
    ) == ("https://hespress.com/politique/x.html?id=3")
    assert canonical_url("http://x.test/") == "http://x.test/"
    assert canonical_url("http://x.test:8080/a/") == "http://x.test:8080/a"
    # Parameters that select content are kept, in their order.
    assert canonical_url("http://x.test/?p=12&page=2") == "http://x.test/?p=12&page=2"

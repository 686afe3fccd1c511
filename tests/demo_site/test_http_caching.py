"""The demo site answers like a real news site: validators on every page, 304 to a
conditional GET that still matches, gzip for clients that accept it (real HTTP, loopback)."""

import httpx

from tests.support import DemoSite


def _an_article(demo_site: DemoSite) -> str:
    return str(demo_site.truth[0]["url"])


def test_pages_carry_validators_and_come_gzipped(demo_site: DemoSite) -> None:
    with httpx.Client() as client:
        page = client.get(_an_article(demo_site))
    assert page.status_code == 200
    assert page.headers["etag"].startswith('"') and page.headers["last-modified"].endswith("GMT")
    assert page.headers["content-encoding"] == "gzip"
    assert "<html" in page.text  # decoded transparently
    with httpx.Client(headers={"Accept-Encoding": "identity"}) as client:
        plain = client.get(_an_article(demo_site))
    assert "content-encoding" not in plain.headers and plain.content == page.content


def test_a_matching_validator_gets_304_and_a_stale_one_the_page(demo_site: DemoSite) -> None:
    url = _an_article(demo_site)
    with httpx.Client() as client:
        first = client.get(url)
        by_tag = client.get(url, headers={"If-None-Match": first.headers["etag"]})
        by_date = client.get(url, headers={"If-Modified-Since": first.headers["last-modified"]})
        stale = client.get(url, headers={"If-None-Match": '"another-version"'})
        old_date = client.get(url, headers={"If-Modified-Since": "Mon, 01 Jan 2001 00:00:00 GMT"})
    assert (by_tag.status_code, by_tag.content) == (304, b"")
    assert by_tag.headers["etag"] == first.headers["etag"]
    assert by_date.status_code == 304
    # If-None-Match decides alone when present (RFC 9110 13.2.2): a stale tag gets the page.
    assert stale.status_code == 200 and stale.content == first.content
    assert old_date.status_code == 200

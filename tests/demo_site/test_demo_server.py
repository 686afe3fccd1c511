"""The demo site over real HTTP on 127.0.0.1, checked against its own ground truth."""

import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from datetime import datetime
from email.utils import parsedate_to_datetime
from urllib.parse import quote, urlsplit

import httpx
import pytest

from pipelines.demo_site.outlets import OUTLETS
from pipelines.demo_site.server import DemoSite, RunningSite, running_site, serve
from tests.demo_pages import (
    decoded,
    pages_missing_their_text,
    published_on,
    site_truth,
    sitemap_days,
    sitemap_urls,
)

MOROCCAN_MONTHS = ("يناير", "فبراير", "مارس", "أبريل")
Truth = list[dict[str, object]]


@pytest.fixture(scope="module")
def site() -> Iterator[RunningSite]:
    with running_site(port=0) as running:
        yield running


@pytest.fixture(scope="module")
def client(http_client: httpx.Client) -> httpx.Client:
    return http_client


@pytest.fixture(scope="module")
def truth(site: RunningSite, client: httpx.Client) -> Truth:
    return site_truth(client, site.url)


def _relative(url: object) -> tuple[str, str]:
    parts = urlsplit(str(url))
    return parts.path, parts.query


def test_truth_lists_every_outlet_and_absolute_urls_on_the_served_port(
    site: RunningSite, truth: Truth
) -> None:
    assert {r["outlet"] for r in truth} == set(OUTLETS)
    assert all(str(r["url"]).startswith(site.url) for r in truth)
    assert len({r["url"] for r in truth}) == len(truth)


def test_every_truth_url_serves_its_title_and_body(
    site: RunningSite, client: httpx.Client, truth: Truth
) -> None:
    problems = pages_missing_their_text(client, truth)
    assert not problems, problems[:5]


def test_same_seed_gives_identical_bytes_and_another_seed_other_pages(
    site: RunningSite, client: httpx.Client, truth: Truth
) -> None:
    fresh = DemoSite(seed=7, site_url=site.url)
    sample = [str(r["url"]) for r in truth[::97]] + [
        site.url + "o/tajmi3/",
        site.url + "o/rabat/sitemap.xml",
        site.url + "o/atlas/rss.xml",
    ]
    for url in sample:
        served = client.get(url).content
        assert fresh.render(*_relative(url))[2] == served, url
    other = DemoSite(seed=8, site_url=site.url)
    assert other.render("o/atlas/", "")[2] != fresh.render("o/atlas/", "")[2]


def test_rabat_is_windows_1256_declared_only_in_the_page(
    site: RunningSite, client: httpx.Client, truth: Truth
) -> None:
    record = next(r for r in truth if r["outlet"] == "rabat")
    pages = {}
    for url in (str(record["url"]), site.url + "o/rabat/"):
        response = client.get(url)
        assert response.headers["content-type"] == "text/html"
        with pytest.raises(UnicodeDecodeError):
            response.content.decode("utf-8")
        pages[url] = response.content.decode("cp1256")
        assert (
            '<meta http-equiv="Content-Type" content="text/html; charset=windows-1256">'
            in (pages[url])
        )
    article = pages[str(record["url"])]
    assert str(record["title"]) in article
    assert f"بقلم: {record['author']}" in article
    published = datetime.fromisoformat(str(record["published"]))
    assert f"{published.day} {MOROCCAN_MONTHS[published.month - 1]} 2026 - {published:%H:%M}" in (
        article
    )


def test_utf8_outlets_say_so_in_the_header(client: httpx.Client, truth: Truth) -> None:
    for outlet in ("atlas", "souss", "tajmi3"):
        record = next(r for r in truth if r["outlet"] == outlet)
        response = client.get(str(record["url"]))
        assert response.headers["content-type"] == "text/html; charset=utf-8"


def test_atlas_json_ld_gives_the_publish_time_in_utc(client: httpx.Client, truth: Truth) -> None:
    record = next(r for r in truth if r["outlet"] == "atlas" and r["local_day"] == "2026-03-25")
    page = decoded(client.get(str(record["url"])))
    script = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    assert script is not None
    ld = json.loads(script[1])
    assert ld["@type"] == "NewsArticle"
    assert ld["datePublished"].endswith("Z")
    published = datetime.fromisoformat(str(record["published"]))
    assert datetime.fromisoformat(ld["datePublished"]) == published
    assert ld["dateModified"] > ld["datePublished"]
    assert ld["author"] == {"@type": "Person", "name": record["author"]}
    assert ld["articleSection"] == record["section"]
    assert '<meta property="og:type" content="article">' in page


def test_sitemap_index_lists_60_days_and_each_day_lists_exactly_its_articles(
    site: RunningSite, client: httpx.Client, truth: Truth
) -> None:
    for outlet in OUTLETS:
        entries = sitemap_days(client, f"{site.url}o/{outlet}/sitemap.xml")
        assert len(entries) == 60
        assert entries[0][0] == "2026-02-01" and entries[-1][0] == "2026-04-01"
        for day, loc in entries[::7] + entries[-1:]:
            listed = sitemap_urls(client, loc)
            expected = published_on(truth, outlet, day)
            assert listed == expected, (outlet, day)


def test_rss_feeds_carry_the_latest_30_with_rfc822_dates(
    site: RunningSite, client: httpx.Client, truth: Truth
) -> None:
    by_url = {r["url"]: r for r in truth}
    for path in ("o/atlas/rss.xml", "o/souss/feed.xml"):
        response = client.get(site.url + path)
        assert response.headers["content-type"] == "application/xml; charset=utf-8"
        items = ET.fromstring(response.content).findall("channel/item")
        assert len(items) == 30
        for item in items:
            record = by_url[item.findtext("link")]
            pub_date = parsedate_to_datetime(str(item.findtext("pubDate")))
            assert pub_date == datetime.fromisoformat(str(record["published"]))
            assert item.findtext("title") == record["title"]


def test_tajmi3_pages_carry_ticker_source_line_and_source_link(
    site: RunningSite, client: httpx.Client, truth: Truth
) -> None:
    copies = [r for r in truth if r["outlet"] == "tajmi3"]
    for record in copies[::50]:
        page = decoded(client.get(str(record["url"])))
        ticker = re.search(r'<div class="ticker">(.*?)</div>', page, re.S)
        assert ticker is not None
        headlines = re.findall(r'class="ticker-item"[^>]*>([^<]+)</a>', ticker[1])
        assert 32 <= len(headlines) <= 48 and len(set(headlines)) < len(headlines)
        original_name = OUTLETS[str(record["original_outlet"])].name
        day = datetime.fromisoformat(str(record["local_day"]))
        assert f"نشر في {original_name} يوم {day:%d - %m - %Y}" in page
        links = re.findall(
            r'<a class="source-link" href="([^"]+)">انقر هنا لقراءة الخبر من مصدره</a>', page
        )
        assert links == [record["original_url"]]
    for path in ("o/tajmi3/", "o/tajmi3/section/" + quote("رياضة")):
        assert '<div class="ticker">' in client.get(site.url + path).text


def test_listings_are_paginated_lists_not_articles(
    site: RunningSite, client: httpx.Client, truth: Truth
) -> None:
    label = "ثقافة وفنون"
    expected = [
        r["url"] for r in reversed(truth) if r["outlet"] == "souss" and r["section"] == label
    ]
    seen: list[str] = []
    page_number = 1
    while True:
        response = client.get(
            f"{site.url}o/souss/section/{quote(label)}", params={"page": page_number}
        )
        if response.status_code == 404:
            break
        page = response.text
        assert 'content="article"' not in page and "NewsArticle" not in page
        assert "entry-content" not in page
        article_list = page.split('class="article-list"')[1].split("</ul>")[0]
        seen += re.findall(r'<li><a href="([^"]+)">', article_list)
        page_number += 1
    assert seen == expected and page_number > 2
    home = client.get(site.url + "o/atlas/").text
    assert 'content="article"' not in home and "NewsArticle" not in home
    assert home.count('class="list-date"') == 20


def test_robots_disallows_admin_and_search_and_names_the_sitemaps(
    site: RunningSite, client: httpx.Client
) -> None:
    robots = client.get(site.url + "robots.txt").text
    assert "Disallow: /o/*/admin/" in robots.splitlines()
    assert "Disallow: /o/*/search" in robots.splitlines()
    assert f"Sitemap: {site.url}o/rabat/sitemap.xml" in robots.splitlines()


def test_head_unknown_paths_and_other_hosts(
    site: RunningSite, client: httpx.Client, truth: Truth
) -> None:
    url = str(truth[0]["url"])
    head = client.head(url)
    got = client.get(url)
    assert head.status_code == 200 and head.content == b""
    # The same headers as the GET: the length of the body as sent (gzip-encoded).
    assert head.headers["content-length"] == got.headers["content-length"]
    assert head.headers["content-encoding"] == got.headers["content-encoding"] == "gzip"
    for missing in (
        "o/atlas/2026/02/01/1.html",
        "o/nowhere/",
        "o/souss/?p=1",
        "o/atlas/sitemap-2027-01-01.xml",
    ):
        assert client.get(site.url + missing).status_code == 404, missing
    port = urlsplit(site.url).port
    moved = client.get(url, headers={"Host": f"localhost:{port}"}).text
    assert f"http://localhost:{port}/o/" in moved and site.url not in moved


def test_requests_are_recorded_and_nothing_is_logged(
    site: RunningSite, client: httpx.Client, capfd: pytest.CaptureFixture[str]
) -> None:
    client.get(site.url + "o/rabat/?from=test")
    client.head(site.url + "robots.txt")
    assert site.requests[-2:] == [("GET", "/o/rabat/?from=test"), ("HEAD", "/robots.txt")]
    out, err = capfd.readouterr()
    assert out == "" and err == ""


def test_serve_binds_loopback_only() -> None:
    for host in ("0.0.0.0", "192.168.1.10"):
        with pytest.raises(ValueError):
            serve(port=0, host=host)
    server = serve(port=0)
    try:
        assert server.server_address[0] == "127.0.0.1"
    finally:
        server.server_close()

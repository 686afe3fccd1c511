"""Fault mode of the demo site: the seeded plan, and each fault over real HTTP on 127.0.0.1."""

import json
import re
import socket
import xml.etree.ElementTree as ET
import zlib
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta
from urllib.parse import urlsplit

import httpx
import pytest
from protego import Protego

from pipelines.demo_site.corpus import Corpus
from pipelines.demo_site.fault_pages import GZIP_BOMB_BYTES
from pipelines.demo_site.faults import FaultKind, fault_records, plan_faults, request_key
from pipelines.demo_site.generator import build_corpus
from pipelines.demo_site.server import DemoSite, RunningSite, running_site

SITEMAP_NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}
SLOW_SECONDS = 0.5
Record = dict[str, object]


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    return build_corpus(7)


@pytest.fixture(scope="module")
def site() -> Iterator[RunningSite]:
    """One faulty site for the tests below; each test spends transient faults of its own."""
    with running_site(port=0, faults=True, slow_seconds=SLOW_SECONDS) as running:
        yield running


@pytest.fixture(scope="module")
def client() -> Iterator[httpx.Client]:
    with httpx.Client(timeout=5) as http:
        yield http


@pytest.fixture(scope="module")
def records(site: RunningSite, client: httpx.Client) -> list[Record]:
    response = client.get(site.url + "_faults.jsonl")
    assert response.status_code == 200
    return [json.loads(line) for line in response.text.splitlines()]


@pytest.fixture(scope="module")
def truth(site: RunningSite, client: httpx.Client) -> dict[str, Record]:
    lines = client.get(site.url + "_truth.jsonl").text.splitlines()
    return {record["url"]: record for record in map(json.loads, lines)}


def _of(records: list[Record], kind: FaultKind) -> list[Record]:
    return [r for r in records if r["fault"] == kind]


def _raw_get(url: str) -> tuple[bytes, bytes]:
    """(head, body until the server hangs up) of one GET over a bare socket."""
    parts = urlsplit(url)
    target = parts.path + (f"?{parts.query}" if parts.query else "")
    with socket.create_connection((str(parts.hostname), int(parts.port or 80)), timeout=5) as sock:
        request = f"GET {target} HTTP/1.1\r\nHost: {parts.netloc}\r\nConnection: close\r\n\r\n"
        sock.sendall(request.encode())
        chunks = []
        while chunk := sock.recv(65536):
            chunks.append(chunk)
    head, _, body = b"".join(chunks).partition(b"\r\n\r\n")
    return head, body


def _shows_article(response: httpx.Response, record: Record, charset: str = "utf-8") -> bool:
    page = response.content.decode(charset)
    return response.status_code == 200 and str(record["title"]) in page


def _charset(record: Record) -> str:
    return "windows-1256" if record["outlet"] == "rabat" else "utf-8"


def _decode(response: httpx.Response) -> str:
    """As a careful crawler would: header charset, else <meta>, else windows-1256."""
    header = re.search(r"charset=([\w-]+)", response.headers["content-type"])
    meta = re.search(rb'charset=["\']?([\w-]+)', response.content[:1024])
    charset = header.group(1) if header else meta.group(1).decode() if meta else "windows-1256"
    return response.content.decode(charset)


# The plan, without a server.


def test_plan_is_a_function_of_the_seed(corpus: Corpus) -> None:
    plan = plan_faults(corpus, 7)
    assert plan == plan_faults(build_corpus(7), 7)
    assert plan.faults != plan_faults(corpus, 8).faults
    assert plan.records("http://x/") == fault_records("http://x/", seed=7)


def test_every_kind_is_on_the_first_day_and_no_article_has_two_faults(corpus: Corpus) -> None:
    for seed in (7, 8, 9):
        plan = plan_faults(corpus, seed)
        assert {f.kind for f in plan.faults if f.day == corpus.start} == set(FaultKind)
        assert len({f.article_path for f in plan.faults}) == len(plan.faults)
    three_days = {
        f.kind for f in plan_faults(corpus, 7).faults if f.day < corpus.start + timedelta(3)
    }
    assert three_days == set(FaultKind)


def test_rate_sets_how_many_articles_beyond_the_guaranteed_ones_misbehave(
    corpus: Corpus,
) -> None:
    assert len(plan_faults(corpus, 7, rate=0.0).faults) == len(FaultKind)
    share = len(plan_faults(corpus, 7, rate=0.2).faults) / len(corpus.articles)
    assert 0.17 < share < 0.23
    with pytest.raises(ValueError):
        plan_faults(corpus, 7, rate=1.5)


def test_request_key_drops_tracking_parameters_and_the_fragment() -> None:
    assert request_key("/o/souss/?p=1003&utm_source=fb&utm_medium=social") == "o/souss/?p=1003"
    assert request_key("/o/rabat/news/1013?fbclid=IwAR1#comments") == "o/rabat/news/1013"
    assert request_key("/o/atlas/section/sant%C3%A9?page=2") == "o/atlas/section/santé?page=2"


# Each fault over HTTP.


def test_transient_500_and_503_fail_their_first_requests_then_serve_the_article(
    records: list[Record], truth: dict[str, Record], client: httpx.Client
) -> None:
    for kind, status in ((FaultKind.ERROR_500, 500), (FaultKind.ERROR_503, 503)):
        failing = _of(records, kind)
        assert {r["failures"] for r in failing} == {1, 2}
        for record in failing[:3]:
            url = str(record["url"])
            assert record["transient"] and record["expected_outcome"] == "article"
            for _ in range(int(str(record["failures"]))):
                assert client.get(url).status_code == status
            assert _shows_article(client.get(url), truth[url], _charset(truth[url]))


def test_persistent_500_never_recovers(records: list[Record], client: httpx.Client) -> None:
    record = _of(records, FaultKind.PERSISTENT_500)[0]
    assert record["expected_outcome"] == "fetch_failed" and not record["transient"]
    assert [client.get(str(record["url"])).status_code for _ in range(4)] == [500] * 4


def test_429_carries_retry_after_and_counts_urls_without_tracking_parameters(
    records: list[Record], truth: dict[str, Record], client: httpx.Client
) -> None:
    record = _of(records, FaultKind.RATE_LIMITED_429)[0]
    url = str(record["url"])
    joiner = "&" if "?" in url else "?"
    limited = client.get(f"{url}{joiner}utm_source=newsletter&fbclid=x")
    assert limited.status_code == 429 and limited.headers["retry-after"] == "1"
    assert _shows_article(client.get(url), truth[url], _charset(truth[url]))


def test_slow_page_outlasts_a_short_timeout_once(
    records: list[Record], truth: dict[str, Record], capfd: pytest.CaptureFixture[str]
) -> None:
    record = _of(records, FaultKind.SLOW)[0]
    url = str(record["url"])
    with httpx.Client(timeout=SLOW_SECONDS / 3) as impatient:
        with pytest.raises(httpx.ReadTimeout):
            impatient.get(url)
        assert _shows_article(impatient.get(url), truth[url], _charset(truth[url]))
    out, err = capfd.readouterr()
    assert out == "" and err == ""


def test_connection_reset_is_a_real_rst_and_clears(
    records: list[Record], truth: dict[str, Record], client: httpx.Client
) -> None:
    raw, via_httpx = _of(records, FaultKind.CONNECTION_RESET)[:2]
    with pytest.raises(ConnectionResetError):
        _raw_get(str(raw["url"]))
    url = str(via_httpx["url"])
    with pytest.raises(httpx.ReadError):
        client.get(url)
    assert _shows_article(client.get(url), truth[url], _charset(truth[url]))


def test_truncated_body_sends_less_than_its_content_length_once(
    records: list[Record], truth: dict[str, Record], client: httpx.Client
) -> None:
    raw, via_httpx = _of(records, FaultKind.TRUNCATED_BODY)[:2]
    head, body = _raw_get(str(raw["url"]))
    declared = re.search(rb"(?i)content-length: (\d+)", head)
    assert head.startswith(b"HTTP/1.1 200") and declared is not None
    assert 0 < len(body) < int(declared[1])
    url = str(via_httpx["url"])
    with pytest.raises(httpx.RemoteProtocolError):
        client.get(url)
    assert _shows_article(client.get(url), truth[url], _charset(truth[url]))


def test_wrong_charset_header_says_utf8_over_windows_1256_bytes(
    records: list[Record], truth: dict[str, Record], client: httpx.Client
) -> None:
    for record in _of(records, FaultKind.WRONG_CHARSET)[:4]:
        assert record["charset"] == "windows-1256" and record["expected_outcome"] == "article"
        response = client.get(str(record["url"]))
        assert response.headers["content-type"] == "text/html; charset=utf-8"
        with pytest.raises(UnicodeDecodeError):
            response.content.decode("utf-8")
        assert b'content="text/html; charset=windows-1256"' in response.content[:1024]
        page = response.content.decode("windows-1256")
        assert truth[str(record["url"])]["title"] in page
        for paragraph in str(truth[str(record["url"])]["body"]).split("\n\n"):
            assert paragraph in page


def test_missing_charset_page_names_none_and_is_windows_1256(
    records: list[Record], truth: dict[str, Record], client: httpx.Client
) -> None:
    for record in _of(records, FaultKind.MISSING_CHARSET)[:4]:
        response = client.get(str(record["url"]))
        assert response.headers["content-type"] == "text/html"
        assert b"charset" not in response.content.lower()
        assert truth[str(record["url"])]["title"] in _decode(response)


def test_redirect_loop_bounces_between_two_urls_forever(
    records: list[Record], client: httpx.Client
) -> None:
    record = _of(records, FaultKind.REDIRECT_LOOP)[0]
    assert record["expected_outcome"] == "fetch_failed"
    start = str(record["url"])
    hops = [start]
    for _ in range(4):
        response = client.get(hops[-1])
        assert response.status_code == 302
        hops.append(response.headers["location"])
    assert hops[0] == hops[2] == hops[4] != hops[1] == hops[3]
    with pytest.raises(httpx.TooManyRedirects):
        client.get(start, follow_redirects=True)


def test_redirect_ok_is_one_301_to_the_article(
    records: list[Record], truth: dict[str, Record], client: httpx.Client
) -> None:
    record = _of(records, FaultKind.REDIRECT_OK)[0]
    article_url = str(record["article_url"])
    assert record["url"] != article_url and article_url in truth
    response = client.get(str(record["url"]), follow_redirects=True)
    assert [r.status_code for r in response.history] == [301]
    assert str(response.url) == article_url
    assert _shows_article(response, truth[article_url], _charset(truth[article_url]))


def test_oversized_page_is_over_10_mb(records: list[Record], client: httpx.Client) -> None:
    record = _of(records, FaultKind.OVERSIZED)[0]
    with client.stream("GET", str(record["url"])) as response:
        declared = int(response.headers["content-length"])
        received = sum(len(chunk) for chunk in response.iter_raw())
    assert declared == received > 10_000_000


def test_gzip_bomb_is_small_on_the_wire_and_says_gzip(
    records: list[Record], client: httpx.Client
) -> None:
    record = _of(records, FaultKind.GZIP_BOMB)[0]
    with client.stream("GET", str(record["url"])) as response:
        assert response.headers["content-encoding"] == "gzip"
        wire = b"".join(response.iter_raw())  # still compressed
    assert len(wire) == int(response.headers["content-length"]) < 1_100_000
    # Inflate only the first MiB: spaces, with most of the stream left.
    inflater = zlib.decompressobj(zlib.MAX_WBITS | 16)
    first = inflater.decompress(wire, 1 << 20)
    assert first == b" " * (1 << 20) and inflater.unconsumed_tail
    # The gzip trailer states the inflated size (mod 2**32).
    assert int.from_bytes(wire[-4:], "little") == GZIP_BOMB_BYTES % 2**32 == 2**30


def test_extra_sitemap_urls_are_a_listing_a_duplicate_and_a_robots_trap(
    site: RunningSite, records: list[Record], truth: dict[str, Record], client: httpx.Client
) -> None:
    non_article = _of(records, FaultKind.NON_ARTICLE)[0]
    page = client.get(str(non_article["url"]))
    assert page.status_code == 200 and non_article["article_url"] is None
    assert "NewsArticle" not in page.text and 'class="article-list"' in page.text

    for duplicate in _of(records, FaultKind.TRACKING_DUPLICATE)[:8]:
        canonical = str(duplicate["duplicate_of"])
        assert duplicate["url"] != canonical and duplicate["expected_outcome"] == "duplicate_of"
        assert client.get(str(duplicate["url"])).content == client.get(canonical).content

    trap = _of(records, FaultKind.ROBOTS_DISALLOWED)[0]
    robots = Protego.parse(client.get(site.url + "robots.txt").text)
    assert not robots.can_fetch(str(trap["url"]), "akhbar-test")
    assert robots.can_fetch(next(iter(truth)), "akhbar-test")


def test_daily_sitemaps_list_truth_and_fault_urls(
    site: RunningSite, records: list[Record], truth: dict[str, Record], client: httpx.Client
) -> None:
    day = date(2026, 2, 1).isoformat()
    listed = []
    for outlet in ("atlas", "rabat", "souss", "tajmi3"):
        urlset = ET.fromstring(client.get(f"{site.url}o/{outlet}/sitemap-{day}.xml").content)
        listed += [str(loc.text) for loc in urlset.findall("sm:url/sm:loc", SITEMAP_NS)]
    assert len(listed) == len(set(listed))
    of_day = [r for r in records if r["day"] == day]
    aliased = {r["article_url"] for r in of_day if r["fault"] == FaultKind.REDIRECT_OK}
    extras = {str(r["url"]) for r in of_day if r["url"] != r["article_url"]}
    expected = {u for u, r in truth.items() if r["local_day"] == day} - aliased | extras
    assert set(listed) == expected


def test_fault_truth_over_http_matches_the_python_api(
    site: RunningSite, records: list[Record], truth: dict[str, Record], client: httpx.Client
) -> None:
    assert records == site.fault_records() == fault_records(site.url, seed=7)
    assert all(str(r["url"]).startswith(site.url) for r in records)
    assert {r["expected_outcome"] for r in records} == {
        "article",
        "fetch_failed",
        "non_article",
        "duplicate_of",
        "robots_disallowed",
    }
    # Articles that cannot be fetched are still articles of the site.
    failed = {r["article_url"] for r in records if r["expected_outcome"] == "fetch_failed"}
    assert failed <= truth.keys()
    plain = DemoSite(seed=7, site_url=site.url).render("_truth.jsonl", "")[2]
    assert client.get(site.url + "_truth.jsonl").content == plain


def test_request_log_records_method_host_user_agent_and_time(
    site: RunningSite, client: httpx.Client
) -> None:
    for agent in ("akhbar-test/1.0 (+https://example.org)", "other-bot"):
        client.get(site.url + "robots.txt", headers={"User-Agent": agent})
    client.head(site.url + "o/atlas/")
    last = site.request_log[-3:]
    assert [(r.method, r.path) for r in last] == site.requests[-3:]
    assert [r.user_agent for r in last[:2]] == [
        "akhbar-test/1.0 (+https://example.org)",
        "other-bot",
    ]
    assert last[2].method == "HEAD" and last[2].user_agent is not None
    assert all(r.host == urlsplit(site.url).netloc and r.client[0] == "127.0.0.1" for r in last)
    assert last[0].started_at <= last[1].started_at <= last[2].started_at
    assert len(site.request_log) == len(site.requests)


# Switching faults off, and the site without them.


def test_with_faults_switched_off_every_truth_url_is_served_cleanly() -> None:
    with running_site(port=0, faults=True, slow_seconds=SLOW_SECONDS) as site:
        plain = DemoSite(seed=7, site_url=site.url)
        site.set_faults(False)
        with httpx.Client(timeout=2) as client:
            truth = [
                json.loads(line)
                for line in client.get(site.url + "_truth.jsonl").text.split("\n")
                if line
            ]
            with ThreadPoolExecutor(max_workers=8) as pool:
                statuses = set(pool.map(lambda r: client.get(r["url"]).status_code, truth))
            assert statuses == {200}
            assert client.get(site.url + "_faults.jsonl").content == b""
            for path in ("o/rabat/sitemap-2026-02-01.xml", "o/atlas/sitemap-2026-02-02.xml"):
                assert client.get(site.url + path).content == plain.render(path, "")[2]
            site.set_faults(True)
            persistent = next(
                r for r in site.fault_records() if r["fault"] == FaultKind.PERSISTENT_500
            )
            assert client.get(str(persistent["url"])).status_code == 500


def test_unfaulted_pages_are_byte_identical_to_the_site_without_faults(
    site: RunningSite, records: list[Record], truth: dict[str, Record], client: httpx.Client
) -> None:
    plain = DemoSite(seed=7, site_url=site.url)
    faulted = {r["article_url"] for r in records}
    unfaulted = [u for u in truth if u not in faulted]
    pages = ("o/tajmi3/", "o/atlas/rss.xml", "o/rabat/sitemap.xml", "robots.txt")
    sample = unfaulted[::61] + [site.url + path for path in pages]
    for url in sample:
        parts = urlsplit(url)
        assert client.get(url).content == plain.render(parts.path, parts.query)[2], url


def test_site_without_faults_has_no_fault_urls_and_crawl_delay_only_when_asked() -> None:
    with running_site(port=0, crawl_delay=1.5) as site, httpx.Client(timeout=10) as client:
        assert site.fault_plan is None and site.fault_records() == []
        for path in ("_faults.jsonl", "o/atlas/tag/1004", "o/atlas/go/1002", "o/atlas/loop/1"):
            assert client.get(site.url + path).status_code == 404, path
        assert "Crawl-delay: 1.5" in client.get(site.url + "robots.txt").text.splitlines()
        with pytest.raises(ValueError):
            site.set_faults(True)
    assert "Crawl-delay" not in DemoSite().render("robots.txt", "")[2].decode()

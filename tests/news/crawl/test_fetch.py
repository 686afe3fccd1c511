"""The fetcher against scripted servers on loopback: retries, politeness, limits, safety."""

from itertools import pairwise
from urllib.parse import urlsplit

from pipelines.news.crawl.address_guard import AddressGuard, refused_address
from pipelines.news.crawl.fetch import FetchSettings, PageFetcher, Validators
from tests.loopback import Reply, Route, gzip_bomb, serving

ALLOW_ALL = Reply(200, b"User-agent: *\nAllow: /\n", {"Content-Type": "text/plain"})


def _fetcher(url: str, waits: list[float] | None = None, **settings: object) -> PageFetcher:
    """A fetcher allowed to reach this loopback server, with no default spacing."""
    netloc = urlsplit(url).netloc
    recorded = waits if waits is not None else []
    return PageFetcher(
        FetchSettings(min_interval_seconds=0.0, **settings),  # type: ignore[arg-type]
        guard=AddressGuard({netloc}),
        sleep=recorded.append,
    )


def test_429_is_retried_after_the_retry_after_it_asked_for() -> None:
    routes = {
        "/robots.txt": lambda n, h: ALLOW_ALL,
        "/a": lambda n, h: Reply(429, b"slow down", {"Retry-After": "7"}) if n == 1 else Reply(),
    }
    with serving(routes) as site:
        waits: list[float] = []
        with _fetcher(site.url, waits) as fetcher:
            outcome = fetcher.fetch(site.url + "a")
    assert [a.status for a in outcome.attempts] == [429, 200]
    assert outcome.final.ok and outcome.final.attempt == 2
    assert max(waits) >= 7.0  # waited at least what the server asked


def test_persistent_5xx_stops_at_the_attempt_cap_with_growing_backoff() -> None:
    routes = {"/robots.txt": lambda n, h: ALLOW_ALL, "/a": lambda n, h: Reply(503, b"down")}
    with serving(routes) as site:
        waits: list[float] = []
        with _fetcher(site.url, waits, max_attempts=4, backoff_base_seconds=1.0) as fetcher:
            outcome = fetcher.fetch(site.url + "a")
    assert [a.attempt for a in outcome.attempts] == [1, 2, 3, 4]
    assert outcome.final.error == "HTTP 503" and not outcome.final.ok
    backoffs = [w for w in waits if w > 0]
    assert len(backoffs) == 3
    # Exponential with jitter: attempt k waits within [base*2^(k-1)/2, base*2^(k-1)].
    for k, wait in enumerate(backoffs, start=1):
        assert 2 ** (k - 1) / 2 <= wait <= 2 ** (k - 1)
    assert site.paths().count("/a") == 4


def test_a_retry_after_beyond_the_cap_is_not_waited_for() -> None:
    routes = {
        "/robots.txt": lambda n, h: ALLOW_ALL,
        "/a": lambda n, h: Reply(503, b"", {"Retry-After": "86400"}),
    }
    with serving(routes) as site, _fetcher(site.url) as fetcher:
        outcome = fetcher.fetch(site.url + "a")
    assert len(outcome.attempts) == 1
    assert "exceeds" in (outcome.final.error or "")


def test_conditional_get_reuses_the_archived_body_on_304() -> None:
    def page(n: int, headers: dict[str, str]) -> Reply:
        if headers.get("if-none-match") == '"v1"':
            return Reply(304, b"", {})
        return Reply(200, b"<p>body</p>", {"Content-Type": "text/html", "ETag": '"v1"'})

    with serving({"/robots.txt": lambda n, h: ALLOW_ALL, "/a": page}) as site:
        with _fetcher(site.url) as fetcher:
            first = fetcher.fetch(site.url + "a").final
            again = fetcher.fetch(site.url + "a", Validators("abc123", first.etag, None)).final
    assert first.etag == '"v1"' and first.body == b"<p>body</p>"
    assert again.status == 304 and again.ok
    assert again.body == b"" and again.reused_sha256 == "abc123"


def _redirect_to(location: str) -> Route:
    return lambda n, h: Reply(301, b"", {"Location": location})


def test_redirect_loops_and_chains_are_cut() -> None:
    routes = {
        "/robots.txt": lambda n, h: ALLOW_ALL,
        "/loop-a": lambda n, h: Reply(302, b"", {"Location": "/loop-b"}),
        "/loop-b": lambda n, h: Reply(302, b"", {"Location": "/loop-a"}),
        **{f"/hop{i}": _redirect_to(f"/hop{i + 1}") for i in range(10)},
    }
    with serving(routes) as site, _fetcher(site.url, max_redirects=5) as fetcher:
        loop = fetcher.fetch(site.url + "loop-a")
        chain = fetcher.fetch(site.url + "hop0")
    assert loop.final.error_kind == "redirect" and "redirect loop" in (loop.final.error or "")
    assert len(loop.attempts) == 1  # a loop is not retried
    assert chain.final.error == "more than 5 redirects"


def test_oversized_and_gzip_bomb_bodies_are_refused_without_reading_them_whole() -> None:
    bomb = gzip_bomb(50_000_000)
    routes = {
        "/robots.txt": lambda n, h: ALLOW_ALL,
        "/big": lambda n, h: Reply(200, b"x" * 2_000_000, {"Content-Type": "text/html"}),
        "/bomb": lambda n, h: Reply(
            200, bomb, {"Content-Type": "text/html", "Content-Encoding": "gzip"}
        ),
        "/image": lambda n, h: Reply(200, b"\x89PNG", {"Content-Type": "image/png"}),
    }
    with serving(routes) as site, _fetcher(site.url, max_body_bytes=1_000_000) as fetcher:
        big = fetcher.fetch(site.url + "big").final
        exploded = fetcher.fetch(site.url + "bomb").final
        image = fetcher.fetch(site.url + "image").final
    assert len(bomb) < 100_000
    assert big.error_kind == "size" and "declared body" in (big.error or "")
    assert exploded.error_kind == "size" and "after decompression" in (exploded.error or "")
    assert image.error_kind == "content_type" and image.body == b""


def test_robots_disallow_is_obeyed_and_crawl_delay_spaces_requests() -> None:
    robots = Reply(
        200,
        b"User-agent: *\nDisallow: /private/\nCrawl-delay: 0.3\n",
        {"Content-Type": "text/plain"},
    )
    routes = {
        "/robots.txt": lambda n, h: robots,
        **{f"/p{i}": lambda n, h: Reply() for i in range(4)},
    }
    with serving(routes) as site:
        netloc = urlsplit(site.url).netloc
        fetcher = PageFetcher(FetchSettings(min_interval_seconds=0.0), guard=AddressGuard({netloc}))
        with fetcher:
            refused = fetcher.fetch(site.url + "private/x").final
            results = fetcher.fetch_many(site.url + f"p{i}" for i in range(4))
    assert refused.error_kind == "robots" and refused.status is None
    assert "/private/x" not in site.paths()
    assert all(r.final.ok for r in results)
    times = sorted(s.at for s in site.log if s.path.startswith("/p"))
    gaps = [b - a for a, b in pairwise(times)]
    assert min(gaps) >= 0.3 - 0.02  # Crawl-delay 0.3 s honoured even with 8 worker threads
    assert site.paths().count("/robots.txt") == 1  # cached per host
    assert all(s.headers["user-agent"].startswith("AkhbarBot/") for s in site.log)


def test_addresses_outside_local_sources_are_refused_before_connecting() -> None:
    with serving({"/robots.txt": lambda n, h: ALLOW_ALL, "/a": lambda n, h: Reply()}) as site:
        port = urlsplit(site.url).port
        # 'localhost' resolves to loopback, and is not a source marked local.
        with PageFetcher(FetchSettings(min_interval_seconds=0.0)) as fetcher:
            refused = fetcher.fetch(f"http://localhost:{port}/a").final
    assert refused.error_kind == "address" and "loopback" in (refused.error or "")
    assert site.log == []  # nothing reached the server, not even robots.txt
    assert refused_address("169.254.169.254") == "link-local address 169.254.169.254"
    assert refused_address("10.1.2.3") == "private address 10.1.2.3"
    assert refused_address("::ffff:127.0.0.1") is not None
    assert refused_address("8.8.8.8") is None


def test_a_redirect_to_a_refused_address_is_not_followed() -> None:
    routes = {
        "/robots.txt": lambda n, h: ALLOW_ALL,
        "/a": lambda n, h: Reply(
            302, b"", {"Location": "http://169.254.169.254/latest/meta-data/"}
        ),
    }
    with serving(routes) as site, _fetcher(site.url) as fetcher:
        outcome = fetcher.fetch(site.url + "a")
    assert outcome.final.error_kind == "address"
    assert outcome.final.final_url == "http://169.254.169.254/latest/meta-data/"

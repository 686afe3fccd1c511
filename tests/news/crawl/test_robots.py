"""robots.txt as RFC 9309 asks, against scripted servers on loopback: redirects followed (up
to five), loops and 5xx handled with the RFC's meaning, a 500 KiB cap, the request paced like
any other, and one request per host for a whole run."""

from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit

from pipelines.news.crawl.address_guard import AddressGuard
from pipelines.news.crawl.fetch import FetchSettings, PageFetcher
from pipelines.news.crawl.politeness import ROBOTS_MAX_BYTES, RobotsFiles
from tests.loopback import Reply, serving

TEXT = {"Content-Type": "text/plain"}
PRIVATE_RULES = Reply(200, b"User-agent: *\nDisallow: /private/\n", TEXT)


def _fetcher(url: str, interval: float = 0.0, memo: RobotsFiles | None = None) -> PageFetcher:
    return PageFetcher(
        FetchSettings(min_interval_seconds=interval),
        guard=AddressGuard({urlsplit(url).netloc}),
        robots_memo=memo,
    )


def _moved(to: str) -> Reply:
    return Reply(301, b"moved", {"Location": to})


def _moving_to(target: str) -> Callable[[int, dict[str, str]], Reply]:
    return lambda n, h: _moved(target)


def test_a_redirected_robots_txt_is_followed_and_its_disallow_obeyed() -> None:
    routes = {
        "/robots.txt": lambda n, h: _moved("/www/robots.txt"),
        "/www/robots.txt": lambda n, h: _moved("/secure/robots.txt"),
        "/secure/robots.txt": lambda n, h: PRIVATE_RULES,
        "/private/a": lambda n, h: Reply(),
        "/public/a": lambda n, h: Reply(),
    }
    with serving(routes) as site, _fetcher(site.url) as fetcher:
        refused = fetcher.fetch(site.url + "private/a").final
        allowed = fetcher.fetch(site.url + "public/a").final
        logged = list(fetcher.robots_requests)
    assert refused.error_kind == "robots"
    assert allowed.ok
    assert "/private/a" not in site.paths()
    # Every hop is on record for the fetch log, the last with the rules it read.
    assert [r.status for r in logged] == [301, 301, 200]
    assert logged[-1].final_url.endswith("/secure/robots.txt") and b"Disallow" in logged[-1].body


def test_a_redirect_loop_or_chain_longer_than_five_means_unavailable() -> None:
    loop = {
        "/robots.txt": lambda n, h: _moved("/again/robots.txt"),
        "/again/robots.txt": lambda n, h: _moved("/robots.txt"),
        "/private/a": lambda n, h: Reply(),
    }
    chain = {
        "/robots.txt": lambda n, h: _moved("/r1"),
        **{f"/r{i}": _moving_to(f"/r{i + 1}") for i in range(1, 10)},
        "/private/a": lambda n, h: Reply(),
    }
    for routes, reason in ((loop, "redirect loop"), (chain, "too many redirects")):
        with serving(routes) as site, _fetcher(site.url) as fetcher:
            fetched = fetcher.fetch(site.url + "private/a").final
            logged = list(fetcher.robots_requests)
        # Unavailable (RFC 9309 2.3.1.2) means what a 4xx means: no rules, crawl allowed.
        assert fetched.ok, reason
        assert reason in (logged[-1].error or "")
        assert sum(p.startswith("/r") or "robots" in p for p in site.paths()) <= 6


def test_a_robots_txt_answering_5xx_disallows_everything() -> None:
    routes = {"/robots.txt": lambda n, h: Reply(503, b"down", TEXT), "/a": lambda n, h: Reply()}
    with serving(routes) as site, _fetcher(site.url) as fetcher:
        refused = fetcher.fetch(site.url + "a").final
    assert refused.error_kind == "robots" and "/a" not in site.paths()
    # Asked again as a page would be, before giving up for the run.
    assert site.paths().count("/robots.txt") == FetchSettings().max_attempts


def test_a_robots_txt_that_fails_once_is_asked_again() -> None:
    routes = {
        "/robots.txt": lambda n, h: Reply(503, b"down", TEXT) if n == 1 else PRIVATE_RULES,
        "/private/a": lambda n, h: Reply(),
        "/a": lambda n, h: Reply(),
    }
    with serving(routes) as site, _fetcher(site.url) as fetcher:
        allowed = fetcher.fetch(site.url + "a").final
        refused = fetcher.fetch(site.url + "private/a").final
    assert allowed.ok and refused.error_kind == "robots"
    assert site.paths().count("/robots.txt") == 2


def test_an_oversized_robots_txt_is_read_up_to_500_kib_and_parsed() -> None:
    padding = b"# " + b"x" * 1000 + b"\n"
    rules = b"User-agent: *\nDisallow: /early/\n"
    late = b"User-agent: *\nDisallow: /late/\n"
    body = rules + padding * (ROBOTS_MAX_BYTES // len(padding) + 100) + late
    routes = {
        "/robots.txt": lambda n, h: Reply(200, body, TEXT),
        "/early/a": lambda n, h: Reply(),
        "/late/a": lambda n, h: Reply(),
    }
    with serving(routes) as site, _fetcher(site.url) as fetcher:
        early = fetcher.fetch(site.url + "early/a").final
        late_page = fetcher.fetch(site.url + "late/a").final
        kept = fetcher.robots_requests[-1].body
    assert early.error_kind == "robots"  # the rules within the cap apply
    assert late_page.ok  # those past it are ignored, as the RFC allows
    assert len(kept) == ROBOTS_MAX_BYTES


def test_the_robots_request_is_paced_like_any_other() -> None:
    routes = {"/robots.txt": lambda n, h: Reply(200, b"User-agent: *\nAllow: /\n", TEXT)}
    routes["/a"] = lambda n, h: Reply()
    with serving(routes) as site, _fetcher(site.url, interval=0.4) as fetcher:
        assert fetcher.fetch(site.url + "a").final.ok
    robots, page = (s.at for s in site.log)
    # Server stamps lag the client's booking by the request's own latency; an unpaced
    # request would follow within milliseconds.
    assert page - robots >= 0.4 * 0.75


def test_the_fetchers_of_one_run_ask_each_host_once(tmp_path: Path) -> None:
    routes = {"/robots.txt": lambda n, h: PRIVATE_RULES, "/a": lambda n, h: Reply()}
    routes["/private/b"] = lambda n, h: Reply()
    with serving(routes) as site:
        memo = RobotsFiles(tmp_path / "runs" / "run-1")
        # Discovery and pages, in this process or another, each open their own fetcher.
        for path in ("a", "private/b"):
            with _fetcher(site.url, memo=RobotsFiles(memo.folder)) as fetcher:
                fetcher.fetch(site.url + path)
        with _fetcher(site.url, memo=RobotsFiles(tmp_path / "runs" / "run-2")) as next_run:
            next_run.fetch(site.url + "a")
    assert site.paths().count("/robots.txt") == 2  # once for run-1, once for run-2
    assert "/private/b" not in site.paths()  # the shared rules still apply

"""The health check of a source registry (`akhbar sources check`): for each outlet, can we read
its robots.txt and what does it allow us, do its sitemap, feed and listing parse and how fresh
are they, does a recent article extract, and which politeness settings are in force.

Each outlet gets a verdict: FAIL when the pipeline would get nothing from it (robots.txt shuts
us out, no endpoint lists anything, the newest listed page cannot be fetched or is not an
article), WARN when something works but deserves a look (an endpoint failing or silent, an
article without a date or title, a thin body), OK otherwise. Findings are the facts either way.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, timedelta
from urllib.parse import urlsplit

from pipelines.news.crawl.discovery import DiscoveredUrl, discover
from pipelines.news.crawl.fetch import PageFetcher
from pipelines.news.extract.parser import parse_page
from pipelines.news.sources import Outlet, Registry

OK, WARN, FAIL = "OK", "WARN", "FAIL"
# Below this many characters an article body is suspect (a teaser, a paywall, a bad selector).
THIN_BODY_CHARS = 300


@dataclass(frozen=True)
class OutletHealth:
    outlet: str
    verdict: str
    findings: tuple[str, ...]
    problems: tuple[str, ...] = ()

    def line(self) -> str:
        """One line: verdict, outlet, what is wrong (if anything), then what was found."""
        said = [*self.problems, *self.findings]
        return f"{self.verdict:<4} {self.outlet}: " + "; ".join(said)


@dataclass
class _Report:
    findings: list[str]
    warnings: list[str]
    failures: list[str]

    def verdict(self) -> str:
        return FAIL if self.failures else WARN if self.warnings else OK


def check_registry(
    registry: Registry, fetcher: PageFetcher, as_of: date, days: int = 7
) -> list[OutletHealth]:
    return [check_outlet(outlet, registry, fetcher, as_of, days) for outlet in registry.outlets]


def check_outlet(
    outlet: Outlet, registry: Registry, fetcher: PageFetcher, as_of: date, days: int = 7
) -> OutletHealth:
    """Check one outlet over the ``days`` local days ending ``as_of``."""
    report = _Report([], [], [])
    _check_robots(outlet, fetcher, report)
    if not report.failures:
        listed = _check_endpoints(outlet, fetcher, as_of, days, report)
        if listed:
            _check_newest_article(listed, registry, fetcher, report)
    interval = fetcher.interval_for(outlet.base_url)
    report.findings.append(f"politeness: {interval:g} s between requests")
    problems = tuple(f"FAIL {p}" for p in report.failures) + tuple(
        f"WARN {p}" for p in report.warnings
    )
    return OutletHealth(outlet.key, report.verdict(), tuple(report.findings), problems)


def _check_robots(outlet: Outlet, fetcher: PageFetcher, report: _Report) -> None:
    if not outlet.respect_robots:
        report.findings.append("robots.txt: not consulted (respect_robots: false)")
        return
    rules, answer = fetcher.robots_rules(outlet.base_url)
    endpoints = [outlet.base_url, *(outlet.endpoint(e) for e in (outlet.sitemap, outlet.rss) if e)]
    refused = [url for url in endpoints if not rules.allows(url, fetcher.settings.user_agent)]
    status = "no answer" if answer is None or answer.status is None else f"HTTP {answer.status}"
    if rules.disallow_all:
        report.failures.append(f"robots.txt unreadable ({status}): everything is disallowed")
    elif refused:
        report.failures.append("robots.txt disallows " + ", ".join(refused))
    else:
        what = "no rules (all allowed)" if rules.parser is None else "allows our endpoints"
        report.findings.append(f"robots.txt {status}, {what}")


def _check_endpoints(
    outlet: Outlet, fetcher: PageFetcher, as_of: date, days: int, report: _Report
) -> list[DiscoveredUrl]:
    """Run discovery through each configured endpoint alone; return every URL listed."""
    first = as_of - timedelta(days=days - 1)
    only = {
        "sitemap": replace(outlet, rss=None, listing=None),
        "rss": replace(outlet, sitemap=None, listing=None),
        "listing": replace(outlet, sitemap=None, rss=None),
    }
    configured = [kind for kind in only if getattr(outlet, kind)]
    listed: list[DiscoveredUrl] = []
    for kind in configured:
        found = discover(only[kind], first, as_of, fetcher.fetch)
        failed = [r for r in found.requests if r.error is not None]
        urls = [u for u in found.urls if u.duplicate_of is None]
        listed += urls
        if failed:
            report.warnings.append(
                f"{kind}: {len(failed)} of {len(found.requests)} requests failed "
                f"({failed[0].final_url}: {failed[0].error})"
            )
        if urls:
            newest = max(u.local_day for u in urls)
            report.findings.append(f"{kind}: {len(urls)} URLs in {days} days, newest {newest}")
        elif not failed:
            report.warnings.append(f"{kind}: parsed, but lists nothing in {first}..{as_of}")
    if not configured:
        report.failures.append("no sitemap, feed or listing configured")
    elif not listed:
        report.failures.append(f"no endpoint lists any URL in {first}..{as_of}")
    return listed


def _check_newest_article(
    listed: Iterable[DiscoveredUrl], registry: Registry, fetcher: PageFetcher, report: _Report
) -> None:
    newest = max(listed, key=lambda u: (u.local_day, u.url))
    fetched = fetcher.fetch(newest.url).final
    where = urlsplit(newest.url).path or newest.url
    if not fetched.ok or not fetched.body:
        report.failures.append(f"newest article {where} not fetched: {fetched.error}")
        return
    parsed = parse_page(
        fetched.body,
        fetched.final_url,
        registry,
        content_type=fetched.content_type,
        fetched_at=fetched.fetched_at,
    )
    if not parsed.is_article:
        report.failures.append(f"newest listed page {where} is not an article ({parsed.reason})")
        return
    body = len(parsed.body or "")
    day = parsed.published.local_day if parsed.published else None
    report.findings.append(f"article {where}: {body} chars, published {day or 'undated'}")
    if parsed.published is None:
        report.warnings.append(f"article {where} has no publication date")
    if not parsed.title:
        report.warnings.append(f"article {where} has no title")
    if body < THIN_BODY_CHARS:
        report.warnings.append(f"article {where} body only {body} chars")

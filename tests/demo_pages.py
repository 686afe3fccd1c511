"""Reading the demo site's pages in tests: decoding, serving checks, extraction vs truth.

Shared by the bundled-site and the scaled-site tests so that both hold the pages to the
same standard.
"""

import json
import re
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from html import unescape

import httpx

from pipelines.news.extract import parse_page, without_outlet_boilerplate
from pipelines.news.sources import Registry

# What extraction must give exactly as the truth says, for every article.
TRUTH_FIELDS = (
    "title",
    "published",
    "local_day",
    "author",
    "section",
    "original_outlet",
    "original_url",
)


def decoded(response: httpx.Response) -> str:
    """The page as text, using the header charset or else the page's own <meta>."""
    header = re.search(r"charset=([\w-]+)", response.headers["content-type"])
    meta = re.search(rb'charset=["\']?([\w-]+)', response.content[:1024])
    charset = header.group(1) if header else meta.group(1).decode() if meta else "utf-8"
    return unescape(response.content.decode(charset))


def pages_missing_their_text(client: httpx.Client, truth: Iterable[dict[str, object]]) -> list[str]:
    """The truth records whose page does not answer 200 with its title and every paragraph."""

    def check(record: dict[str, object]) -> str | None:
        response = client.get(str(record["url"]))
        if response.status_code != 200:
            return f"{record['url']}: {response.status_code}"
        page = decoded(response)
        if str(record["title"]) not in page:
            return f"{record['url']}: title missing"
        if any(p not in page for p in str(record["body"]).split("\n\n")):
            return f"{record['url']}: body missing"
        return None

    with ThreadPoolExecutor(max_workers=8) as pool:
        return [problem for problem in pool.map(check, truth) if problem]


def squash(text: object) -> str:
    return " ".join(str(text or "").split())


def extraction_mismatches(
    client: httpx.Client,
    rows: Sequence[dict[str, object]],
    registry: Registry,
    fields: Sequence[str] = TRUTH_FIELDS,
) -> tuple[list[str], Counter[str]]:
    """Fetch each truth row's page and parse them together (outlet boilerplate learned from
    them, as the pipeline learns it from a day): what differs from the truth (``fields``, the
    body, the article verdict and language), and how many pages each outlet got."""
    mismatches: list[str] = []
    outlets: Counter[str] = Counter()
    pages = []
    for row in rows:
        response = client.get(str(row["url"]))
        pages.append(
            parse_page(
                response.content,
                str(response.url),
                registry,
                content_type=response.headers.get("content-type"),
            )
        )
    # Parsed together, as the pipeline parses a day: each outlet's notices are learned.
    for row, parsed in zip(rows, without_outlet_boilerplate(pages), strict=True):
        outlets[str(parsed.outlet)] += 1
        published = parsed.published
        got = {
            "outlet": parsed.outlet,
            "title": parsed.title,
            "published": published.iso() if published else None,
            "local_day": published.local_day.isoformat() if published else None,
            "author": parsed.author,
            "section": parsed.section,
            "original_outlet": parsed.original_outlet,
            "original_url": parsed.original_url,
        }
        for field in fields:
            if got[field] != row[field]:
                mismatches.append(f"{row['url']} {field}: {got[field]!r} != {row[field]!r}")
        if squash(parsed.body) != squash(row["body"]):
            mismatches.append(f"{row['url']} body differs")
        elif parsed.body != row["body"] and (parsed.body or "").split("\n\n") != [
            squash(p) for p in str(row["body"]).split("\n\n")
        ]:
            mismatches.append(f"{row['url']} body paragraphs differ")
        if not parsed.is_article or parsed.language != "ar":
            mismatches.append(f"{row['url']} is_article={parsed.is_article} {parsed.reason}")
    return mismatches, outlets


SITEMAP_NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def sitemap_days(client: httpx.Client, index_url: str) -> list[tuple[str, str]]:
    """(lastmod day, daily sitemap URL) of each entry of a sitemap index, in order."""
    index = ET.fromstring(client.get(index_url).content)
    return [
        (
            str(entry.findtext("sm:lastmod", namespaces=SITEMAP_NS)),
            str(entry.findtext("sm:loc", namespaces=SITEMAP_NS)),
        )
        for entry in index.findall("sm:sitemap", SITEMAP_NS)
    ]


def sitemap_urls(client: httpx.Client, sitemap_url: str) -> dict[str, str | None]:
    """url -> lastmod of every entry of one (daily) sitemap."""
    urlset = ET.fromstring(client.get(sitemap_url).content)
    return {
        str(u.findtext("sm:loc", namespaces=SITEMAP_NS)): u.findtext(
            "sm:lastmod", namespaces=SITEMAP_NS
        )
        for u in urlset.findall("sm:url", SITEMAP_NS)
    }


def published_on(truth: Iterable[dict[str, object]], outlet: str, day: str) -> dict[object, object]:
    """url -> published of the truth's articles of ``outlet`` on local ``day``."""
    return {
        r["url"]: r["published"] for r in truth if r["outlet"] == outlet and r["local_day"] == day
    }


def site_truth(client: httpx.Client, site_url: str) -> list[dict[str, object]]:
    """The ground truth a running demo site serves (``/_truth.jsonl``), one record a line."""
    response = client.get(site_url + "_truth.jsonl")
    assert response.status_code == 200
    return [json.loads(line) for line in response.text.splitlines()]

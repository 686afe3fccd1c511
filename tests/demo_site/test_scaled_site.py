"""A scaled demo site (``--outlets M --days N --start DAY``), over real HTTP on 127.0.0.1.

With the default shape it is the bundled site, byte for byte; with another, every outlet
(extra ones reusing the atlas, rabat and souss templates) serves its sitemaps, feeds,
listings and articles, and the truth and the exported registry cover all of them.
"""

import hashlib
import json
import re
import xml.etree.ElementTree as ET
from collections import Counter, defaultdict
from datetime import date, datetime, timedelta
from email.utils import parsedate_to_datetime
from pathlib import Path
from urllib.parse import quote

import httpx
import pytest

from pipelines.demo_site.corpus import (
    AGGREGATOR_COPY,
    DEMO_FIRST_DAY,
    ORIGINAL,
    REWRITE,
    SYNDICATED_COPY,
)
from pipelines.demo_site.faults import FaultKind, plan_faults
from pipelines.demo_site.generator import (
    DAILY_ORIGINALS,
    Scale,
    build_corpus,
    build_scaled_corpus,
    iter_days,
)
from pipelines.demo_site.outlets import DEFAULT_LINEUP, OUTLETS, lineup
from pipelines.demo_site.registry import registry_yaml
from pipelines.demo_site.server import DemoSite, RunningSite, running_site
from pipelines.demo_site.truth import truth_records
from pipelines.news.sources import DEFAULT_REGISTRY, load_registry, name_key
from tests.demo_pages import (
    decoded,
    pages_missing_their_text,
    published_on,
    site_truth,
    sitemap_days,
    sitemap_urls,
)
from tests.support import SCALED_SITE

# Six outlets, so that each of the three templates is reused once (fes, tanja, marrakech).
SCALE = SCALED_SITE
EXTRAS = {"fes": "atlas", "tanja": "rabat", "marrakech": "souss"}
# Links on the pages are absolute, built from the Host header: ask both sites for one host.
HOST = {"Host": "127.0.0.1:8765"}
Truth = list[dict[str, object]]


@pytest.fixture(scope="module")
def client(http_client: httpx.Client) -> httpx.Client:
    return http_client


@pytest.fixture(scope="module")
def site(scaled_site: RunningSite) -> RunningSite:
    return scaled_site


@pytest.fixture(scope="module")
def truth(site: RunningSite, client: httpx.Client) -> Truth:
    return site_truth(client, site.url)


def _digest(response: httpx.Response) -> tuple[int, str, str]:
    content_type = response.headers["content-type"]
    return response.status_code, content_type, hashlib.sha256(response.content).hexdigest()


# The default shape is the bundled site.


def test_the_default_shape_draws_the_bundled_corpus_article_for_article() -> None:
    bundled = build_corpus(7)
    scaled = build_scaled_corpus(7, Scale(outlets=3, days=60, start=date(2026, 2, 1)))
    assert scaled.lineup == DEFAULT_LINEUP and scaled.lineup.outlets == OUTLETS
    assert scaled.articles == bundled.articles
    assert scaled == bundled


@pytest.mark.parametrize(
    ("seed", "start", "days"), [(8, date(2026, 3, 15), 10), (7, date(2027, 6, 1), 4)]
)
def test_any_history_is_numbered_in_publishing_order_though_drawn_a_day_at_a_time(
    seed: int, start: date, days: int
) -> None:
    corpus = build_corpus(seed, start, days)
    assert corpus.lineup == DEFAULT_LINEUP and {a.outlet for a in corpus.articles} == set(OUTLETS)
    # Ids run on from 1001 in (publish time, outlet) order over the whole history...
    order = {key: i for i, key in enumerate(OUTLETS)}
    assert [a.id for a in corpus.articles] == list(range(1001, 1001 + len(corpus.articles)))
    moments = [(a.published_local, order[a.outlet]) for a in corpus.articles]
    assert moments == sorted(moments)
    # ...though the days are handed over one at a time, each complete once drawn...
    streamed = list(iter_days(seed, Scale(3, days, start)))
    assert [day for day, _ in streamed] == list(corpus.local_days)
    assert all(a.local_day == day for day, articles in streamed for a in articles)
    # ...so days that follow change none before them, but for the last two, whose rewrites
    # may land past the end.
    settled = corpus.local_days[:-2]
    longer = build_corpus(seed, start, days + 3)
    assert [a for a in longer.articles if a.local_day in settled] == [
        a for a in corpus.articles if a.local_day in settled
    ]


def test_the_default_shape_serves_the_bundled_site_byte_for_byte(client: httpx.Client) -> None:
    explicit = Scale(outlets=3, days=60, start=date(2026, 2, 1))
    with running_site(port=0) as default, running_site(port=0, scale=explicit) as scaled:
        lines = client.get(default.url + "_truth.jsonl").text.splitlines()
        urls = [(record["outlet"], record["url"]) for record in map(json.loads, lines)]
        paths = ["", "robots.txt", "_truth.jsonl"]
        for key, outlet in OUTLETS.items():
            paths += [
                f"o/{key}/",  # tajmi3's carries the ticker
                f"o/{key}/sitemap.xml",
                f"o/{key}/sitemap-2026-02-01.xml",
                f"o/{key}/sitemap-2026-04-01.xml",
                f"o/{key}/section/{quote(outlet.sections[0][0])}?page=2",
            ]
            paths += [f"o/{key}/{outlet.feed}"] if outlet.feed else []
            own = [str(url).removeprefix(default.url) for of, url in urls if of == key]
            paths += own[::150]  # a few articles of every outlet
        digests = {}
        for path in paths:
            served = client.get(default.url + path, headers=HOST)
            assert served.status_code == 200, path
            digests[path] = _digest(served)
            assert _digest(client.get(scaled.url + path, headers=HOST)) == digests[path], path
    assert len(digests) == len(paths) >= 40
    # Python callers get the same bytes too.
    site_url = "http://127.0.0.1:8765/"
    bundled = DemoSite(seed=7, site_url=site_url).render("_truth.jsonl", "")[2]
    assert DemoSite(7, site_url, scale=explicit).render("_truth.jsonl", "")[2] == bundled


def test_the_registry_of_the_default_shape_is_the_bundled_one(tmp_path: Path) -> None:
    written = tmp_path / "demo.yaml"
    written.write_text(registry_yaml(lineup(3)), encoding="utf-8")
    assert load_registry(written).outlets == load_registry(DEFAULT_REGISTRY).outlets


# A scaled site.


def test_outlets_past_the_third_reuse_the_templates_in_turn_with_their_own_names() -> None:
    outlets = lineup(30)
    specs = list(outlets)
    assert [s.key for s in specs[:7]] == [
        "atlas",
        "rabat",
        "souss",
        "fes",
        "tanja",
        "marrakech",
        "oujda",
    ]
    assert [s.template for s in outlets.originals] == ["atlas", "rabat", "souss"] * 10
    assert specs[-1].key == "tajmi3" and specs[-1].template == "tajmi3"
    assert len({s.key for s in specs}) == len({name_key(s.name) for s in specs}) == 31
    for spec in outlets.originals[3:]:
        template = OUTLETS[spec.template]
        assert (spec.sections, spec.feed, spec.charset) == (
            template.sections,
            template.feed,
            template.charset,
        )
        assert spec.base_path == f"o/{spec.key}/" and spec.name not in {
            o.name for o in OUTLETS.values()
        }
        spec.name.encode("cp1256")  # the rabat template serves names in windows-1256
    with pytest.raises(ValueError):
        lineup(0)


def test_articles_per_day_grow_with_the_outlets() -> None:
    days = 10
    bundled = build_corpus(7, days=days)
    scaled = build_scaled_corpus(7, Scale(outlets=10, days=days))
    ratio = len(scaled.articles) / len(bundled.articles)
    assert 2.8 <= ratio <= 4.0, ratio  # 10 outlets: about 3x the bundled site's 3
    originals = Counter(a.outlet for a in scaled.articles if a.role == ORIGINAL)
    for spec in scaled.lineup.originals:
        # Each outlet writes about its template's volume, like the bundled outlets.
        assert abs(originals[spec.key] / days - DAILY_ORIGINALS[spec.template]) <= 2, spec.key
    copies = sum(1 for a in scaled.articles if a.role == AGGREGATOR_COPY) / days
    assert 28 <= copies <= 38  # 10 a day per three outlets


def test_a_scaled_corpus_is_a_function_of_the_seed() -> None:
    first = build_scaled_corpus(7, SCALE)
    assert build_scaled_corpus(7, SCALE) == first
    other = build_scaled_corpus(8, SCALE)
    assert {a.title for a in other.articles} != {a.title for a in first.articles}


def test_extra_outlets_get_rewrites_and_copies_like_the_others() -> None:
    corpus = build_scaled_corpus(7, Scale(outlets=10, days=12, start=date(2026, 9, 1)))
    outlets = corpus.lineup.outlets
    by_id = {a.id: a for a in corpus.articles}
    extras = set(corpus.lineup.original_keys[3:])
    roles: Counter[str] = Counter()
    touched: set[str] = set()
    for article in corpus.articles:
        roles[article.role] += 1
        assert article.section == outlets[article.outlet].label_for(article.topic)
        if article.role == ORIGINAL:
            assert article.story_id == f"s-{article.id}"
            continue
        original = by_id[int(article.story_id.removeprefix("s-"))]
        assert original.role == ORIGINAL and original.outlet != article.outlet
        assert original.topic == article.topic
        touched.update((original.outlet, article.outlet))
        if article.role == SYNDICATED_COPY:
            assert article.credit == f"المصدر: {outlets[original.outlet].name}"
            assert article.original_outlet == original.outlet
        if article.role == AGGREGATOR_COPY:
            assert article.original_path == original.path and article.outlet == "tajmi3"
    assert 0.10 <= roles[REWRITE] / roles[ORIGINAL] <= 0.15
    assert roles[SYNDICATED_COPY] > 0 and roles[AGGREGATOR_COPY] > 0
    assert extras <= touched  # every extra outlet retells or is retold
    last = corpus.start + timedelta(days=corpus.days - 1)
    assert all(corpus.start <= a.local_day <= last for a in corpus.articles)
    assert [a.id for a in corpus.articles] == list(range(1001, 1001 + len(corpus.articles)))


def test_truth_covers_every_outlet_and_day(site: RunningSite, truth: Truth) -> None:
    keys = list(SCALE.lineup.outlets)
    assert {r["outlet"] for r in truth} == set(keys) and len(keys) == 7
    days = [(SCALE.start + timedelta(days=i)).isoformat() for i in range(SCALE.days)]
    covered = {(r["outlet"], r["local_day"]) for r in truth}
    assert covered == {(key, day) for key in keys for day in days}
    assert len({r["url"] for r in truth}) == len(truth)
    assert all(str(r["url"]).startswith(site.url + f"o/{r['outlet']}/") for r in truth)
    assert truth == truth_records(site.site.corpus, site.url)


def test_aggregator_copies_name_outlets_that_exist(
    site: RunningSite, client: httpx.Client, truth: Truth
) -> None:
    urls = {r["url"]: r for r in truth}
    copies = [r for r in truth if r["outlet"] == "tajmi3"]
    assert copies and {r["original_outlet"] for r in copies} & set(EXTRAS)
    for copy in copies:
        original = urls[copy["original_url"]]
        assert original["outlet"] == copy["original_outlet"] != "tajmi3"
        assert (original["title"], original["body"]) == (copy["title"], copy["body"])
    for copy in [r for r in copies if r["original_outlet"] in EXTRAS][:5]:
        page = decoded(client.get(str(copy["url"])))
        name = SCALE.lineup.outlets[str(copy["original_outlet"])].name
        day = datetime.fromisoformat(str(copy["local_day"]))
        assert f"نشر في {name} يوم {day:%d - %m - %Y}" in page
        assert f'<a class="source-link" href="{copy["original_url"]}">' in page
        assert '<div class="ticker">' in page


def test_every_outlet_serves_its_sitemaps_day_by_day(
    site: RunningSite, client: httpx.Client, truth: Truth
) -> None:
    for key in SCALE.lineup.outlets:
        entries = sitemap_days(client, f"{site.url}o/{key}/sitemap.xml")
        assert [day for day, _ in entries] == ["2026-06-01", "2026-06-02", "2026-06-03"]
        for day, loc in entries:
            listed = sitemap_urls(client, loc)
            expected = published_on(truth, key, day)
            assert listed == expected and listed, (key, day)
    robots = client.get(site.url + "robots.txt").text.splitlines()
    assert [line for line in robots if line.startswith("Sitemap:")] == [
        f"Sitemap: {site.url}o/{key}/sitemap.xml" for key in SCALE.lineup.outlets
    ]


def test_feeds_follow_the_template_each_outlet_reuses(
    site: RunningSite, client: httpx.Client, truth: Truth
) -> None:
    for spec in SCALE.lineup:
        for feed in ("rss.xml", "feed.xml"):
            response = client.get(f"{site.url}o/{spec.key}/{feed}")
            if feed != spec.feed:
                assert response.status_code == 404, (spec.key, feed)
                continue
            items = ET.fromstring(response.content).findall("channel/item")
            own = [r for r in reversed(truth) if r["outlet"] == spec.key][:30]
            assert [item.findtext("link") for item in items] == [r["url"] for r in own]
            for item, record in zip(items, own, strict=True):
                published = parsedate_to_datetime(str(item.findtext("pubDate")))
                assert published == datetime.fromisoformat(str(record["published"]))
    assert [s.key for s in SCALE.lineup if s.feed] == ["atlas", "souss", "fes", "marrakech"]


def test_section_listings_of_every_outlet_list_its_articles_newest_first(
    site: RunningSite, client: httpx.Client, truth: Truth
) -> None:
    for spec in SCALE.lineup:
        counts = Counter(str(r["section"]) for r in truth if r["outlet"] == spec.key)
        label = counts.most_common(1)[0][0]
        assert spec.topic_for(label) is not None
        response = client.get(f"{site.url}o/{spec.key}/section/{quote(label)}", params={"page": 1})
        assert response.status_code == 200, spec.key
        article_list = decoded(response).split('class="article-list"')[1].split("</ul>")[0]
        listed = re.findall(r'<li><a href="([^"]+)">', article_list)
        expected = [
            r["url"] for r in reversed(truth) if r["outlet"] == spec.key and r["section"] == label
        ]
        assert listed == expected[:20] and listed


def test_every_article_serves_its_title_and_body_in_its_template(
    site: RunningSite, client: httpx.Client, truth: Truth
) -> None:
    problems = pages_missing_their_text(client, truth)
    assert not problems, problems[:5]
    samples = {key: next(r for r in truth if r["outlet"] == key) for key in EXTRAS}
    # fes draws like atlas: dated paths, JSON-LD naming fes as the publisher, UTF-8.
    fes = client.get(str(samples["fes"]["url"]))
    assert re.fullmatch(rf"{site.url}o/fes/2026/06/0\d/\d+\.html", str(samples["fes"]["url"]))
    assert fes.headers["content-type"] == "text/html; charset=utf-8"
    assert '"publisher": {\n  "@type": "Organization",\n  "name": "فاس بريس"' in fes.text
    # tanja draws like rabat: news/<id>, windows-1256 declared only inside the page.
    tanja = client.get(str(samples["tanja"]["url"]))
    assert re.fullmatch(rf"{site.url}o/tanja/news/\d+", str(samples["tanja"]["url"]))
    assert tanja.headers["content-type"] == "text/html"
    assert "charset=windows-1256" in tanja.content.decode("cp1256")
    assert f"بقلم: {samples['tanja']['author']}" in tanja.content.decode("cp1256")
    # marrakech draws like souss: WordPress ?p=<id> and its own feed.xml.
    marrakech = client.get(str(samples["marrakech"]["url"]))
    assert re.fullmatch(rf"{site.url}o/marrakech/\?p=\d+", str(samples["marrakech"]["url"]))
    assert f'href="{site.url}o/marrakech/feed.xml"' in marrakech.text


def test_the_truth_streams_in_chunks_with_the_bytes_python_callers_get(
    site: RunningSite, client: httpx.Client
) -> None:
    response = client.get(site.url + "_truth.jsonl")
    assert response.headers["transfer-encoding"] == "chunked"
    assert response.headers["content-type"] == "application/x-ndjson; charset=utf-8"
    assert response.content == site.site.render("_truth.jsonl", "", site.url)[2]
    head = client.head(site.url + "_truth.jsonl")
    assert head.status_code == 200 and head.content == b""


def test_the_exported_registry_describes_every_outlet_of_the_truth(
    site: RunningSite, truth: Truth, tmp_path: Path
) -> None:
    written = tmp_path / "scaled.yaml"
    written.write_text(registry_yaml(SCALE.lineup), encoding="utf-8")
    registry = load_registry(written, site_url=site.url)
    assert [o.key for o in registry.outlets] == list(SCALE.lineup.outlets)
    assert {o.key for o in registry.outlets} == {r["outlet"] for r in truth}
    for outlet in registry.outlets:
        spec = SCALE.lineup.outlets[outlet.key]
        assert outlet.name == spec.name and dict(outlet.sections) == dict(spec.sections)
        assert outlet.base_url == f"{site.url}o/{outlet.key}/"
        assert (outlet.sitemap, outlet.rss) == ("sitemap.xml", spec.feed)
        assert outlet.listing == "section/{section}?page={page}"
        assert outlet.local and outlet.min_interval_seconds == 0
        assert outlet.aggregator == (outlet.key == "tajmi3")
    for record in truth:
        assert registry.outlet_for_url(str(record["url"])).key == record["outlet"]
        section = str(record["section"])
        assert registry.topic_for_section(str(record["outlet"]), section) == record["topic"]


def test_fault_mode_works_on_a_scaled_site() -> None:
    corpus = build_scaled_corpus(7, SCALE)
    plan = plan_faults(corpus, 7)
    first_day = {f.kind for f in plan.faults if f.day == SCALE.start}
    assert first_day == set(FaultKind)
    assert {f.outlet for f in plan.faults} & set(EXTRAS)


def test_a_scale_refuses_what_cannot_be_drawn() -> None:
    for bad in (
        {"outlets": 0},
        {"days": 0},
        {"start": date(1969, 12, 31)},
        {"start": date(9999, 12, 1), "days": 60},
    ):
        with pytest.raises(ValueError):
            Scale(**bad)
    assert Scale() == Scale(outlets=3, days=60, start=DEMO_FIRST_DAY)


def test_a_one_outlet_site_has_copies_but_nobody_to_rewrite() -> None:
    corpus = build_scaled_corpus(7, Scale(outlets=1, days=5))
    roles = Counter(a.role for a in corpus.articles)
    assert set(roles) == {ORIGINAL, AGGREGATOR_COPY}
    assert {a.outlet for a in corpus.articles} == {"atlas", "tajmi3"}
    per_day: dict[date, int] = defaultdict(int)
    for article in corpus.articles:
        per_day[article.local_day] += 1
    assert len(per_day) == 5

"""Which URL of the demo site misbehaves, and how: a pure plan drawn from the seed.

``plan_faults`` names faults and the URLs they sit on; it serves nothing. The pages a
fault produces are built in ``fault_pages``, and the HTTP layer (``server``) counts
requests per URL for the transient kinds. The plan doubles as the fault truth
(``FaultPlan.records``, served as ``/_faults.jsonl``).

Every kind sits on at least one article of the corpus's first local day, so a test that
crawls a single day meets all of them; beyond that each article gets a fault with
probability ``rate``. Only ``random.Random`` seeded from the seed is consulted, never the
clock or ``hash()``.
"""

from __future__ import annotations

import json
import random
import string
from dataclasses import dataclass, replace
from datetime import date
from enum import StrEnum
from functools import cached_property
from urllib.parse import parse_qsl, unquote, urlencode, urlsplit

from pipelines.demo_site.corpus import Corpus, DemoArticle
from pipelines.demo_site.generator import build_corpus

DEFAULT_RATE = 0.1
# The charset a wrong- or missing-charset page is really written in.
FAULT_CHARSET = "windows-1256"


# In fault mode the site also hosts an outlet that is down: every page under /o/khamid/
# answers 500. No registry of the site names it (faults elsewhere are per URL, and the
# pipeline's fault tests expect every registered outlet to publish); a registry that does is
# what `akhbar sources check` must fail.
BROKEN_OUTLET = "khamid"


class FaultKind(StrEnum):
    ERROR_500 = "error_500"  # the first 1-2 requests answer 500
    ERROR_503 = "error_503"  # the first 1-2 requests answer 503
    PERSISTENT_500 = "persistent_500"  # every request answers 500
    RATE_LIMITED_429 = "rate_limited_429"  # the first request answers 429, Retry-After: 1
    SLOW = "slow"  # the first request waits ``slow_seconds`` before answering
    CONNECTION_RESET = "connection_reset"  # the first request gets a TCP RST, no response
    TRUNCATED_BODY = "truncated_body"  # the first request gets half the promised body
    WRONG_CHARSET = "wrong_charset"  # header says utf-8, bytes (and <meta>) windows-1256
    MISSING_CHARSET = "missing_charset"  # windows-1256 bytes, no charset in header or page
    REDIRECT_LOOP = "redirect_loop"  # the article 302s to a twin that 302s back
    REDIRECT_OK = "redirect_ok"  # the sitemap lists a short link that 301s to the article
    OVERSIZED = "oversized"  # the article padded to ~12 MiB
    GZIP_BOMB = "gzip_bomb"  # ~1 MB of gzip that inflates to 1 GiB of spaces
    NON_ARTICLE = "non_article"  # an extra sitemap URL: a tag listing page
    TRACKING_DUPLICATE = "tracking_duplicate"  # the article listed twice, once with tracking
    ROBOTS_DISALLOWED = "robots_disallowed"  # an extra sitemap URL under /o/<outlet>/admin/


TRANSIENT_KINDS = frozenset(
    {
        FaultKind.ERROR_500,
        FaultKind.ERROR_503,
        FaultKind.RATE_LIMITED_429,
        FaultKind.SLOW,
        FaultKind.CONNECTION_RESET,
        FaultKind.TRUNCATED_BODY,
    }
)
_OUTCOMES = {
    FaultKind.PERSISTENT_500: "fetch_failed",
    FaultKind.REDIRECT_LOOP: "fetch_failed",
    FaultKind.OVERSIZED: "fetch_failed",
    FaultKind.GZIP_BOMB: "fetch_failed",
    FaultKind.NON_ARTICLE: "non_article",
    FaultKind.TRACKING_DUPLICATE: "duplicate_of",
    FaultKind.ROBOTS_DISALLOWED: "robots_disallowed",
}
# Relative frequency of each kind beyond the guaranteed one: the failures a crawler must
# survive are common, the expensive ones (12 MiB pages, bombs, 3 s waits) rare.
KIND_WEIGHTS = {
    FaultKind.ERROR_500: 3,
    FaultKind.ERROR_503: 3,
    FaultKind.PERSISTENT_500: 1,
    FaultKind.RATE_LIMITED_429: 3,
    FaultKind.SLOW: 1,
    FaultKind.CONNECTION_RESET: 2,
    FaultKind.TRUNCATED_BODY: 2,
    FaultKind.WRONG_CHARSET: 2,
    FaultKind.MISSING_CHARSET: 2,
    FaultKind.REDIRECT_LOOP: 1,
    FaultKind.REDIRECT_OK: 2,
    FaultKind.OVERSIZED: 1,
    FaultKind.GZIP_BOMB: 1,
    FaultKind.NON_ARTICLE: 2,
    FaultKind.TRACKING_DUPLICATE: 3,
    FaultKind.ROBOTS_DISALLOWED: 1,
}
# Query parameters that only say where a reader came from; dropped when counting requests.
TRACKING_PARAMS = frozenset({"fbclid", "gclid", "mc_cid", "mc_eid"})
_CAMPAIGNS = ("ramadan", "breaking", "weekly", "share")


@dataclass(frozen=True)
class Fault:
    """One misbehaving URL. Paths are site-relative, without a leading "/"."""

    kind: FaultKind
    outlet: str
    day: date  # the article's Casablanca local day, i.e. the daily sitemap listing the URL
    article_id: int
    article_path: str  # the article the fault belongs to (its truth URL)
    listed_path: str  # as the sitemap lists it: the article, an alias or an extra URL
    # Transient kinds: how many first requests misbehave (then the article is served).
    failures: int = 0

    @property
    def transient(self) -> bool:
        return self.kind in TRANSIENT_KINDS

    @property
    def expected_outcome(self) -> str:
        return _OUTCOMES.get(self.kind, "article")

    @property
    def loop_path(self) -> str:
        """The twin a looping article redirects to (and that redirects back)."""
        return f"o/{self.outlet}/loop/{self.article_id}"

    @property
    def served_paths(self) -> tuple[str, ...]:
        """Request keys (see ``request_key``) at which this fault changes the response."""
        if self.kind is FaultKind.REDIRECT_LOOP:
            return (self.article_path, self.loop_path)
        if self.kind in (FaultKind.TRACKING_DUPLICATE, FaultKind.NON_ARTICLE):
            return (request_key(self.listed_path),)
        if self.kind in (FaultKind.REDIRECT_OK, FaultKind.ROBOTS_DISALLOWED):
            return (self.listed_path,)
        return (self.article_path,)

    def misbehaves(self, nth_request: int) -> bool:
        """Whether the ``nth_request`` (1-based) for this URL gets the transient fault."""
        return self.transient and nth_request <= self.failures


@dataclass(frozen=True)
class FaultPlan:
    seed: int
    rate: float
    faults: tuple[Fault, ...]  # in corpus order (oldest article first)

    def cleared(self) -> FaultPlan:
        """The same plan with every fault off: the site serves as without fault mode."""
        return replace(self, faults=())

    @cached_property
    def _at(self) -> dict[str, Fault]:
        return {key: fault for fault in self.faults for key in fault.served_paths}

    @cached_property
    def _by_article(self) -> dict[str, Fault]:
        return {fault.article_path: fault for fault in self.faults}

    def fault_at(self, key: str) -> Fault | None:
        """The fault served at a request key (``request_key`` of the request target)."""
        return self._at.get(key)

    def listed(self, article: DemoArticle) -> tuple[str, ...]:
        """The paths the daily sitemap lists for ``article``, in order."""
        fault = self._by_article.get(article.path)
        if fault is None:
            return (article.path,)
        if fault.kind is FaultKind.REDIRECT_OK:
            return (fault.listed_path,)
        if fault.listed_path != article.path:
            return (article.path, fault.listed_path)
        return (article.path,)

    def records(self, site_url: str) -> list[dict[str, object]]:
        """The fault truth: one record per faulted URL, URLs absolute under ``site_url``.

        ``expected_outcome`` is what a correct crawler ends with: ``article`` (after
        retries, redirects or the right charset), ``fetch_failed``, ``non_article``,
        ``duplicate_of`` (see ``duplicate_of``) or ``robots_disallowed``.
        """
        root = site_url if site_url.endswith("/") else site_url + "/"
        return [
            {
                "url": root + fault.listed_path,
                "fault": str(fault.kind),
                "transient": fault.transient,
                "failures": fault.failures if fault.transient else None,
                "expected_outcome": fault.expected_outcome,
                "article_url": (
                    None
                    if fault.kind in (FaultKind.NON_ARTICLE, FaultKind.ROBOTS_DISALLOWED)
                    else root + fault.article_path
                ),
                "duplicate_of": (
                    root + fault.article_path
                    if fault.kind is FaultKind.TRACKING_DUPLICATE
                    else None
                ),
                "charset": (
                    FAULT_CHARSET
                    if fault.kind in (FaultKind.WRONG_CHARSET, FaultKind.MISSING_CHARSET)
                    else None
                ),
                "day": fault.day.isoformat(),
                "outlet": fault.outlet,
            }
            for fault in self.faults
        ]

    def jsonl(self, site_url: str) -> str:
        return "".join(json.dumps(record) + "\n" for record in self.records(site_url))


def plan_faults(corpus: Corpus, seed: int, rate: float = DEFAULT_RATE) -> FaultPlan:
    """Assign faults to the articles of ``corpus``: every kind once on its first day, then
    each other article with probability ``rate``. At most one fault per article."""
    if not 0.0 <= rate <= 1.0:
        raise ValueError(f"fault rate must be within [0, 1], not {rate}")
    # A string seed is hashed with SHA-512 by ``random``: stable across runs and Pythons,
    # and a stream of its own rather than a replay of the corpus's ``Random(seed)``.
    rng = random.Random(f"akhbar-faults:{seed}")
    first_day = [a for a in corpus.articles if a.local_day == corpus.start]
    if len(first_day) < len(FaultKind):
        # Only a one-outlet scaled site can have so few.
        raise ValueError(
            f"fault mode puts each of its {len(FaultKind)} kinds on an article of the first "
            f"day, which has only {len(first_day)} articles; use more outlets"
        )
    picked = rng.sample(first_day, len(FaultKind))
    guaranteed = {a.path: kind for a, kind in zip(picked, FaultKind, strict=True)}
    kinds = list(KIND_WEIGHTS)
    weights = list(KIND_WEIGHTS.values())
    faults = []
    for article in corpus.articles:
        kind = guaranteed.get(article.path)
        if kind is None and rng.random() < rate:
            kind = rng.choices(kinds, weights)[0]
        if kind is not None:
            faults.append(_fault(rng, kind, article))
    return FaultPlan(seed=seed, rate=rate, faults=tuple(faults))


def fault_records(
    site_url: str, seed: int = 7, rate: float = DEFAULT_RATE
) -> list[dict[str, object]]:
    """The fault truth of the site built from ``seed`` served at ``site_url``."""
    return plan_faults(build_corpus(seed), seed, rate).records(site_url)


def request_key(target: str) -> str:
    """A request target as the plan knows it: site-relative, percent-decoded path, tracking
    parameters (``utm_*``, ``fbclid``...) and the fragment dropped, other parameters kept."""
    parts = urlsplit(target)
    kept = [
        (name, value)
        for name, value in parse_qsl(parts.query, keep_blank_values=True)
        if not name.startswith("utm_") and name not in TRACKING_PARAMS
    ]
    path = unquote(parts.path).lstrip("/")
    return f"{path}?{urlencode(kept)}" if kept else path


def _fault(rng: random.Random, kind: FaultKind, article: DemoArticle) -> Fault:
    failures = 0
    if kind in (FaultKind.ERROR_500, FaultKind.ERROR_503):
        failures = rng.randint(1, 2)
    elif kind in TRANSIENT_KINDS:
        failures = 1
    base = f"o/{article.outlet}/"
    listed = {
        FaultKind.REDIRECT_OK: f"{base}go/{article.id}",
        FaultKind.NON_ARTICLE: f"{base}tag/{article.id}",
        FaultKind.ROBOTS_DISALLOWED: f"{base}admin/preview/{article.id}",
    }.get(kind, article.path)
    if kind is FaultKind.TRACKING_DUPLICATE:
        listed = _tracking_variant(rng, article.path)
    return Fault(
        kind=kind,
        outlet=article.outlet,
        day=article.local_day,
        article_id=article.id,
        article_path=article.path,
        listed_path=listed,
        failures=failures,
    )


def _tracking_variant(rng: random.Random, path: str) -> str:
    """The article's URL as a share button or a newsletter would spell it."""
    forms = ["utm", "fbclid", "fragment"]
    if "?" not in path and not path.endswith(".html"):
        forms.append("slash")
    form = rng.choice(forms)
    joiner = "&" if "?" in path else "?"
    if form == "utm":
        campaign = rng.choice(_CAMPAIGNS)
        return f"{path}{joiner}utm_source=facebook&utm_medium=social&utm_campaign={campaign}"
    if form == "fbclid":
        token = "".join(rng.choices(string.ascii_letters + string.digits, k=24))
        return f"{path}{joiner}fbclid=IwAR{token}"
    if form == "fragment":
        return f"{path}#comments"
    return path + "/"

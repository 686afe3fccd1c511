"""HTML templates, one module per outlet of the bundled site; ``TEMPLATES`` maps template
names (``OutletSpec.template``) to them. A scaled site's extra outlets reuse atlas, rabat
and souss. ``REDESIGN`` is no outlet's own: the template-change drill (``redesign``) draws
one outlet's later articles with it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from pipelines.demo_site.corpus import DemoArticle
from pipelines.demo_site.templates import atlas, rabat, redesign, souss, tajmi3
from pipelines.demo_site.templates.layout import DateWriter, PageContext


def _no_banner(ctx: PageContext, before: DemoArticle | None) -> str:
    return ""


@dataclass(frozen=True)
class OutletTemplate:
    written_date: DateWriter
    render_article: Callable[[DemoArticle, PageContext], str]
    # Something above every page of the outlet (tajmi3's ticker); ``before`` is the
    # article shown, or None on home and section pages.
    banner: Callable[[PageContext, DemoArticle | None], str] = _no_banner


TEMPLATES: dict[str, OutletTemplate] = {
    "atlas": OutletTemplate(atlas.written_date, atlas.render_article),
    "rabat": OutletTemplate(rabat.written_date, rabat.render_article),
    "souss": OutletTemplate(souss.written_date, souss.render_article),
    "tajmi3": OutletTemplate(tajmi3.written_date, tajmi3.render_article, tajmi3.ticker),
}
REDESIGN = OutletTemplate(redesign.written_date, redesign.render_article)

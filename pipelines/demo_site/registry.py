"""The source registry of a demo site, as YAML: ``akhbar demo-site --export-registry FILE``.

Written like ``pipelines/sources/demo.yaml`` (base URLs relative, joined to the pipeline's
``--site-url``), so a scaled site is crawled with
``akhbar backfill --registry FILE --site-url URL``. The demo site stays standard-library
only, so the YAML is written by hand: every string is a JSON string, which YAML reads as a
double-quoted scalar.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import TextIO

from pipelines.demo_site.outlets import Lineup

# Section listings of every outlet: ``routes`` serves o/<key>/section/<label>?page=N.
LISTING = "section/{section}?page={page}"


def registry_yaml(
    outlets: Lineup,
    command: str = "akhbar demo-site",
    hints: Mapping[str, Mapping[str, str]] | None = None,
) -> str:
    """The registry of every outlet of ``outlets``: names, aliases, where to discover
    articles (sitemap index, RSS where the template has a feed, section listings) and
    each outlet's section labels mapped to topics. ``command`` is named in the header.
    ``hints`` gives outlets (by key) layout hints, field -> CSS selector (e.g. the
    template-change drill's ``templates.redesign.redesign_hints``)."""
    lines = [
        f"# Source registry of the demo site served by `{command}`.",
        "# Relative base_url values are joined to the site URL given to the pipeline:",
        "#   akhbar backfill --registry THIS_FILE --site-url http://127.0.0.1:PORT/ ...",
        "",
        "outlets:",
    ]
    for spec in outlets:
        lines += [
            f"  - key: {_string(spec.key)}",
            f"    name: {_string(spec.name)}",
            f"    aliases: [{', '.join(_string(alias) for alias in spec.aliases)}]",
            f"    base_url: {_string(spec.base_path)}",
            "    language: ar",
        ]
        if spec.key == outlets.aggregator.key:
            lines.append("    aggregator: true")
        lines += [
            "    local: true",
            "    # The demo site is ours and on loopback: no need to wait between requests.",
            "    politeness: {min_interval_seconds: 0}",
            f"    listing: {_string(LISTING)}",
            "    sitemap: sitemap.xml",
        ]
        if spec.feed is not None:
            lines.append(f"    rss: {_string(spec.feed)}")
        lines.append("    sections:")
        lines += [f"      {_string(label)}: {topic}" for label, topic in spec.sections]
        outlet_hints = (hints or {}).get(spec.key, {})
        if outlet_hints:
            lines.append("    hints:")
            lines += [f"      {name}: {_string(css)}" for name, css in outlet_hints.items()]
        lines.append("")
    return "\n".join(lines)


def export_registry(out: TextIO, outlets: Lineup, command: str = "akhbar demo-site") -> int:
    """Write ``registry_yaml`` to ``out``; return how many outlets it describes."""
    out.write(registry_yaml(outlets, command))
    return len(outlets.outlets)


def _string(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)

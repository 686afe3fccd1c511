"""The news report as one self-contained HTML page: Arabic, right to left, with Plotly charts
whose JavaScript is inlined, so the file opens offline and can be mailed or archived.

Choices the page keeps everywhere:

* **Plotly, not Vega-Lite**: the ``plotly`` wheel ships plotly.js, inlined once in the page
  (one package, no CDN, no second library to embed), and each chart's data stays readable
  in the browser (``el.data``), which the browser test counts.
* **Right to left**: the page is ``<html lang="ar" dir="rtl">``; headings, text and tables
  inherit it. The charts' boxes are ``dir="ltr"`` because Plotly lays its SVG out left to
  right (an inherited ``direction: rtl`` would move its anchored labels); Arabic labels
  inside them still read right to left by the browser's bidi algorithm, and time runs left
  to right, as in the Arabic-language press and financial charts.
* **Numerals**: Western digits (0-9) everywhere, in text, tables, ticks and hovers, as the
  Moroccan press prints them; Plotly's ``separators`` are fixed to "." and "," and dates are
  day/month/year, the Moroccan order (ticks day/month), never month names.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from datetime import date, datetime
from functools import cache
from typing import Any

import plotly.graph_objects as go
import plotly.offline
import polars as pl

from pipelines.news.models import CASABLANCA
from pipelines.news.taxonomy import load_taxonomy
from warehouse.report.data import ReportData

# Topic keys outside the taxonomy: what the topic step writes when it cannot decide.
_UNDECIDED_TOPICS = {"unclassified": "غير مصنف", "general": "عام"}
_FONT = "'Noto Naskh Arabic', 'Noto Sans Arabic', 'DejaVu Sans', Tahoma, Arial, sans-serif"
_DAY_TICKS = "%d/%m"
_DAY_HOVER = "%d/%m/%Y"
_PLOTLY_CONFIG = {"displaylogo": False, "responsive": True}

_Namer = Callable[[str], str]
_Axis = dict[str, object]
_MAX_DAY_TICKS = 12
_TOPICS_SHOWN = 5
_DAY_MS = 86_400_000


def render_report(data: ReportData) -> str:
    """The whole page for ``data``: one string of HTML, plotly.js included."""
    topic_names = _topic_names()
    outlet_name = _namer(data.outlet_names)
    days = _day_axis(data.first, data.last)
    sections = [
        _section(
            "topic-trends",
            "اتجاهات المواضيع",
            "عدد المقالات في كل يوم لكل موضوع، كل المنابر معا. تظهر أكبر المواضيع، وتظهر"
            " المواضيع الأخرى بالنقر على اسمها في المفتاح.",
            _chart("topic-trends-chart", _topic_trends(data.topic_trends, topic_names, days)),
        ),
        _section(
            "outlet-days",
            "المنابر × الأيام",
            "مقالات كل منبر في كل يوم. الخانة الفارغة: لا أرقام لذلك اليوم (لم يُنشر، أو"
            " عُزل المنبر ذلك اليوم لخلل في جودة بياناته).",
            _chart("outlet-days-chart", _outlet_days(data.outlet_days, outlet_name, days)),
        ),
        _section(
            "share-of-voice",
            "حصة الصوت",
            f"نصيب كل منبر من مجموع المقالات من {_day(data.first)} إلى {_day(data.last)}.",
            _chart("share-of-voice-chart", _share_of_voice(data.share_of_voice, outlet_name)),
        ),
        _section(
            "biggest-stories",
            "أكبر قصص الأسبوع",
            f"القصص التي بدأت من {_day(data.story_week_first)} إلى {_day(data.last)} ونقلتها"
            " أكثر المنابر: من سبق إليها، ومن نقلها.",
            _stories_table(data, outlet_name, topic_names),
        ),
        _section(
            "spikes",
            "الارتفاعات المفاجئة",
            "أيام نشر فيها منبر أكثر بكثير من عادته في الأيام الثمانية والعشرين السابقة"
            " (كما يحددها marts.outlet_trends.spike).",
            _spikes(data.spikes, outlet_name, days),
        ),
    ]
    title = f"تقرير الأخبار من {_day(data.first)} إلى {_day(data.last)}"
    return f"""<!DOCTYPE html>
<html lang="ar" dir="rtl">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{html.escape(title)}</title>
<style>{_STYLE}</style>
<script>{plotly.offline.get_plotlyjs()}</script>
</head>
<body>
<header>
<h1>{html.escape(title)}</h1>
<p>أيام الدار البيضاء المحلية، من قاعدة المحللين (news.duckdb). الأرقام بالأرقام الغربية
(0-9) والتواريخ يوم/شهر/سنة.</p>
</header>
{"".join(sections)}
</body>
</html>
"""


def _topic_trends(rows: pl.DataFrame, topic_names: dict[str, str], days: _Axis) -> go.Figure:
    # Ten lines over weeks are a tangle: the biggest topics are drawn, the others wait in the
    # legend (a click shows them); every topic's points are in the page either way.
    biggest = set(
        rows.group_by("topic")
        .agg(pl.col("articles").sum())
        .sort(["articles", "topic"], descending=[True, False])
        .head(_TOPICS_SHOWN)["topic"]
    )
    figure = go.Figure()
    for (topic,), series in rows.sort("topic", "day").group_by("topic", maintain_order=True):
        figure.add_trace(
            go.Scatter(
                x=[_iso(day) for day in series["day"]],
                y=series["articles"].to_list(),
                name=topic_names.get(str(topic), str(topic)),
                mode="lines+markers",
                visible=True if topic in biggest else "legendonly",
                hovertemplate=f"%{{fullData.name}}<br>%{{x|{_DAY_HOVER}}}: %{{y}}<extra></extra>",
            )
        )
    return _layout(figure, height=460, xaxis=days, yaxis={"rangemode": "tozero"})


def _outlet_days(rows: pl.DataFrame, outlet_name: _Namer, axis: _Axis) -> go.Figure:
    days = sorted(set(rows["day"].to_list()))
    outlets = sorted(set(rows["outlet"].to_list()))
    cells = {(row["outlet"], row["day"]): row["articles"] for row in rows.iter_rows(named=True)}
    figure = go.Figure(
        go.Heatmap(
            x=[_iso(day) for day in days],
            y=[outlet_name(outlet) for outlet in outlets],
            z=[[cells.get((outlet, day)) for day in days] for outlet in outlets],
            colorscale="Blues",
            hoverongaps=False,
            hovertemplate=f"%{{y}}<br>%{{x|{_DAY_HOVER}}}: %{{z}}<extra></extra>",
            colorbar={"tickformat": "d"},
        )
    )
    return _layout(figure, height=max(220, 60 + 34 * len(outlets)), xaxis=axis)


def _share_of_voice(rows: pl.DataFrame, outlet_name: _Namer) -> go.Figure:
    figure = go.Figure(
        go.Bar(
            x=rows["articles"].to_list(),
            y=[outlet_name(outlet) for outlet in rows["outlet"]],
            orientation="h",
            text=[_percent(share) for share in rows["share"]],
            textposition="auto",
            hovertemplate="%{y}: %{x} (%{text})<extra></extra>",
            marker={"color": "#1f6f8b"},
        )
    )
    return _layout(
        figure,
        height=max(220, 60 + 40 * rows.height),
        xaxis={"tickformat": "d", "rangemode": "tozero"},
        yaxis={"autorange": "reversed"},  # the biggest first, at the top
    )


def _spikes(rows: pl.DataFrame | None, outlet_name: _Namer, days: _Axis) -> str:
    if rows is None:
        return _note("هذه القاعدة لا تحوي marts.outlet_trends بعد: أعد تشغيل يوم لتظهر الارتفاعات.")
    if rows.is_empty():
        return _note("لا ارتفاع مفاجئا في هذه الأيام.")
    figure = go.Figure(
        go.Scatter(
            x=[_iso(day) for day in rows["day"]],
            y=[outlet_name(outlet) for outlet in rows["outlet"]],
            mode="markers",
            marker={"size": 14, "color": "#c0392b"},
            customdata=[
                [articles, round(avg, 1), round(z, 1)]
                for articles, avg, z in rows.select("articles", "avg_7d", "z_28d").iter_rows()
            ],
            hovertemplate=(
                f"%{{y}}<br>%{{x|{_DAY_HOVER}}}: %{{customdata[0]}}"
                " (متوسط 7 أيام %{customdata[1]}، z = %{customdata[2]})<extra></extra>"
            ),
        )
    )
    figure = _layout(figure, height=max(220, 80 + 34 * rows["outlet"].n_unique()))
    figure.update_xaxes(**days)
    table = _table(
        ("اليوم", "المنبر", "المقالات", "متوسط 7 أيام", "z"),
        [
            (_day(day), outlet_name(outlet), str(articles), f"{avg:.1f}", f"{z:.1f}")
            for day, outlet, articles, avg, z in rows.iter_rows()
        ],
    )
    return _chart("spikes-chart", figure) + table


def _stories_table(data: ReportData, outlet_name: _Namer, topic_names: dict[str, str]) -> str:
    rows = data.biggest_stories
    if rows.is_empty():
        return _note("لا قصة بدأت في هذه الأيام.")
    return _table(
        ("العنوان", "الموضوع", "السبّاق", "أول نشر", "المنابر بترتيب السبق", "المقالات"),
        [
            (
                story["headline"] or "(بلا عنوان)",
                topic_names.get(story["topic"], story["topic"]),
                outlet_name(story["first_outlet"]),
                _moment(story["first_published_at"], story["first_published_day"]),
                "، ".join(_carriers(story, data.story_outlets, outlet_name)),
                str(story["articles"]),
            )
            for story in rows.iter_rows(named=True)
        ],
        table_id="biggest-stories-table",
    )


def _carriers(
    story: dict[str, Any], followers: pl.DataFrame | None, outlet_name: _Namer
) -> list[str]:
    """The outlets that carried a story in the order they came, each follower with its lag
    behind the first (marts.first_movers); sorted by name when that view is absent."""
    mine = None if followers is None else followers.filter(pl.col("story_id") == story["story_id"])
    if mine is None or mine.is_empty():
        return [outlet_name(outlet) for outlet in story["outlets"]]
    return [
        outlet_name(row["outlet"]) + ("" if row["rank"] == 1 else f" ({_lag(row)})")
        for row in mine.iter_rows(named=True)
    ]


def _lag(follower: dict[str, Any]) -> str:
    """How long after the first outlet: hours when both pages give a time, else days."""
    if follower["lag_hours"] is not None:
        return f"بعد {follower['lag_hours']:.0f} س"
    if follower["lag_days"] == 0:
        return "اليوم نفسه"
    return f"بعد {follower['lag_days']} يوم"


# -- page parts ----------------------------------------------------------------------------


def _section(section_id: str, heading: str, intro: str, body: str) -> str:
    return (
        f'<section id="{section_id}"><h2>{html.escape(heading)}</h2>'
        f"<p>{html.escape(intro)}</p>{body}</section>\n"
    )


def _chart(chart_id: str, figure: go.Figure) -> str:
    markup: str = figure.to_html(
        full_html=False,
        include_plotlyjs=False,
        div_id=chart_id,
        config=_PLOTLY_CONFIG,
        default_width="100%",
        default_height=f"{figure.layout.height}px",
    )
    return f'<div class="chart" dir="ltr">{markup}</div>'


def _table(header: tuple[str, ...], rows: list[tuple[str, ...]], table_id: str = "") -> str:
    head = "".join(f"<th>{html.escape(cell)}</th>" for cell in header)
    body = "".join(
        "<tr>" + "".join(f"<td>{html.escape(cell)}</td>" for cell in row) + "</tr>" for row in rows
    )
    id_attribute = f' id="{table_id}"' if table_id else ""
    return f"<table{id_attribute}><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _note(text: str) -> str:
    return f'<p class="note">{html.escape(text)}</p>'


def _layout(figure: go.Figure, height: int, **axes: object) -> go.Figure:
    figure.update_layout(
        height=height,
        template="plotly_white",
        font={"family": _FONT, "size": 13},
        hoverlabel={"font": {"family": _FONT}},
        separators=".,",  # Western digits: decimal point ".", thousands ","
        margin={"l": 140, "r": 30, "t": 20, "b": 60},
        legend={"font": {"size": 14}},
        **axes,
    )
    return figure


def _day_axis(first: date, last: date) -> _Axis:
    """A date axis ticking whole days (a day or every few, at most ~12 ticks): Plotly's own
    choice ticks every 12 hours on a short range, which prints each day twice."""
    step = max(1, -(-((last - first).days + 1) // _MAX_DAY_TICKS))
    return {
        "type": "date",
        "tickformat": _DAY_TICKS,
        "hoverformat": _DAY_HOVER,
        "tick0": first.isoformat(),
        "dtick": step * _DAY_MS,
    }


_STYLE = f"""
body {{ font-family: {_FONT}; margin: 0 auto; max-width: 1100px; padding: 1rem 1.5rem;
       color: #1d2329; background: #fafafa; line-height: 1.6; }}
header {{ border-bottom: 3px solid #1f6f8b; margin-bottom: 1rem; }}
h1 {{ font-size: 1.8rem; margin: 0.5rem 0; }}
h2 {{ font-size: 1.35rem; margin: 0 0 0.25rem; color: #1f6f8b; }}
section {{ background: white; border-radius: 8px; padding: 1rem; margin: 1rem 0;
          box-shadow: 0 1px 3px rgba(0, 0, 0, 0.08); }}
.chart {{ width: 100%; }}
.note {{ color: #6b7280; font-style: italic; }}
table {{ border-collapse: collapse; width: 100%; margin-top: 0.5rem; }}
th, td {{ border-bottom: 1px solid #e5e7eb; padding: 0.4rem 0.6rem; text-align: start;
         vertical-align: top; }}
th {{ background: #f3f4f6; }}
"""


# -- names, days and numbers ---------------------------------------------------------------


def _namer(names: dict[str, str]) -> _Namer:
    """An outlet's display name (marts.outlets), or its registry key when it has none."""
    return lambda outlet: names.get(outlet, outlet)


@cache
def _topic_names() -> dict[str, str]:
    taxonomy = load_taxonomy()
    names = {topic: taxonomy.names[topic].get("ar", topic) for topic in taxonomy.topics}
    return {**_UNDECIDED_TOPICS, **names}


def _iso(day: date) -> str:
    return day.isoformat()


def _day(day: date) -> str:
    return day.strftime("%d/%m/%Y")


def _moment(instant: datetime | None, day: date) -> str:
    """Casablanca local time of an instant; the day alone when the page gave only a date."""
    if instant is None:
        return _day(day)
    return instant.astimezone(CASABLANCA).strftime("%d/%m/%Y %H:%M")


def _percent(share: float) -> str:
    return f"{share * 100:.1f}%"

"""Renderers: plain text, HTML and Word (.docx) from one ReportData.

The prose lives in one Jinja source (prose/summary.j2), one line per paragraph; the text and
HTML renderers render it directly, the default Word template is built from it (docx_template.py)
and rendered with docxtpl. Templates see:

- `F.<line>.<name>`: a figure's text ("12000余", "100％", "店头、隆坊、田庄"), masked in the
  masked edition, a link to its drill-down list in the internal HTML/Word editions
  (write `{{r F.x.y }}` in a Word template so the link survives);
- `V.<line>.<name>`: its raw value (number, list, text; a rate's percentage or none);
- `N.county`, `N.county_full`, `N.city`, `N.city_full`, `N.province`, `N.congress`, `N.slogan`,
  `N.bureau`, `N.scope`: the county profile's names (masked in the masked edition);
- `year`, `start`, `end`, `plan_items` (the closing section's items, "一是……");
- `T`: a briefing's own values (briefings.py: `T.period` 2022年第三季度, `T.agencies`, …).
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup, escape

from . import formats
from .data import Figure, ReportData, ordinal
from .docx_template import MARKERS, PROSE, TOWNSHIP_PROSE  # noqa: E402
from .masking import NameBook, mask_congress, mask_digits, stars


class NS:
    """Attribute access over a dict for templates (`F.rulelaw.inspections`), no dict methods."""

    __slots__ = ("_d",)

    def __init__(self, data: dict):
        object.__setattr__(self, "_d", data)

    def __getattr__(self, key):
        try:
            return self._d[key]
        except KeyError:
            raise AttributeError(key) from None

    __getitem__ = __getattr__

    def __iter__(self):
        return iter(self._d)

    def __contains__(self, key):
        return key in self._d


def nest(flat: dict[str, Any]) -> NS:
    """{"a.b": 1} → NS(a=NS(b=1))."""
    tree: dict[str, dict] = {}
    for key, value in flat.items():
        head, _, tail = key.partition(".")
        tree.setdefault(head, {})[tail] = value
    return NS({k: NS(v) for k, v in tree.items()})


def figure_text(fig: Figure, *, masked: bool, book: NameBook | None) -> str:
    """The figure as printed; in the masked edition digits and names hidden."""
    if not masked:
        return fig.text
    book = book or NameBook()
    if isinstance(fig.value, list):
        return formats.join_list([book.mask_item(str(i)) for i in fig.value if i])
    if isinstance(fig.value, str):
        return book.mask_text(fig.value)
    if fig.public:
        return fig.text
    return mask_digits(fig.text)


def names(report: ReportData, *, masked: bool, book: NameBook | None) -> NS:
    n = report.names
    data = {
        "county": n.county,
        "county_full": n.county_full,
        "city": n.city,
        "city_full": n.city_full,
        "province": n.province,
        "congress": n.congress,
        "slogan": n.slogan,
        "bureau": n.bureau,
        "scope": n.scope,
        "office": n.office,
        "whole": n.whole,
    }
    if masked:
        book = book or NameBook()
        data.update(
            county=stars(n.county),
            county_full=stars(n.county) + ("县" if n.county else ""),
            city=stars(n.city),
            city_full=stars(n.city) + ("市" if n.city else ""),
            province=stars(n.province),
            congress=mask_congress(n.congress),
            slogan=book.mask_text(n.slogan),
            bureau=book.mask_text(n.bureau),
            scope=book.mask_text(n.scope),
            office=book.mask_text(n.office),
        )
    return NS(data)


@dataclass
class Edition:
    """How figures are printed: masked or not, and how a link is made (None: no links)."""

    masked: bool = False
    book: NameBook | None = None
    link: Callable[[str], str | None] | None = None  # figure id → URL


def context(
    report: ReportData,
    edition: Edition,
    wrap: Callable[[str, str | None], Any] = lambda text, url: text,
) -> dict:
    texts, raw = {}, {}
    for fid, fig in report.figures.items():
        text = figure_text(fig, masked=edition.masked, book=edition.book)
        url = edition.link(fid) if edition.link and not edition.masked else None
        texts[fid] = wrap(text, url)
        raw[fid] = fig.plain
    plans = report.plan_items
    if edition.masked:
        plans = [(edition.book or NameBook()).mask_text(p) for p in plans]
    return {
        "F": nest(texts),
        "V": nest(raw),
        "N": names(report, masked=edition.masked, book=edition.book),
        "year": report.year,
        "start": report.period.start,
        "end": report.period.end,
        "plan_items": plans,
        "ordinal": ordinal,
        "T": report.tables,
    }


def to_jinja(source: str) -> str:
    """The Word-flavoured source ({{r …}}, {%p …%}) as plain Jinja."""
    return source.replace("{{r ", "{{ ").replace("{%p ", "{% ")


def _env(autoescape: bool) -> jinja2.Environment:
    return jinja2.Environment(
        autoescape=autoescape, undefined=jinja2.StrictUndefined, keep_trailing_newline=False
    )


def prose_for(report: ReportData) -> str:
    """The prose a report is written in: the county's, or a township office's own."""
    return (TOWNSHIP_PROSE if report.township else PROSE).read_text(encoding="utf-8")


def render_lines(
    report: ReportData,
    edition: Edition,
    *,
    source: str | None = None,
    html: bool = False,
    wrap=None,
) -> list[tuple[str, str]]:
    """(marker, text) per paragraph: marker is "title", "h1", "h2" or "p"."""
    source = source if source is not None else prose_for(report)
    env = _env(autoescape=html)
    ctx = context(report, edition, wrap=wrap) if wrap else context(report, edition)
    out = env.from_string(to_jinja(source)).render(ctx)
    lines = []
    for line in out.split("\n"):
        if not line.strip():
            continue
        kind = "p"
        for marker in MARKERS:
            if line.startswith(marker):
                kind, line = marker[1:].strip(), line[len(marker) :]
                break
        lines.append((kind, line))
    return lines


def render_text(report: ReportData, edition: Edition | None = None, *, source=None) -> str:
    lines = render_lines(report, edition or Edition(), source=source)
    return "\n".join(text for _kind, text in lines) + "\n"


def _html_link(text: str, url: str | None):
    if url:
        return Markup('<a class="figure" href="{}">{}</a>').format(url, text)
    return escape(text)


def render_html_body(report: ReportData, edition: Edition | None = None, *, source=None) -> str:
    """The report as HTML paragraphs (no page chrome), figures linked to their lists."""
    edition = edition or Edition()
    parts = []
    for kind, line in render_lines(report, edition, source=source, html=True, wrap=_html_link):
        if kind == "title":
            parts.append(f'<h1 class="report-title">{line}</h1>')
        elif kind == "h1":
            parts.append(f'<h2 class="report-h1">{line}</h2>')
        elif kind == "h2":
            lead, sep, rest = line.partition("。")
            parts.append(f'<p><span class="report-h2">{lead}{sep}</span>{rest}</p>')
        else:
            parts.append(f"<p>{line}</p>")
    return "\n".join(parts)


def render_html(report: ReportData, edition: Edition | None = None, *, source=None) -> str:
    body = render_html_body(report, edition, source=source)
    return (
        '<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8">'
        f"<title>{escape(report.names.office if report.township else report.names.bureau)}"
        f"{report.year}年度工作总结</title>"
        "<style>body{font-family:FangSong,'仿宋',serif;font-size:16pt;max-width:42em;"
        "margin:2em auto;line-height:1.8}p{text-indent:2em;margin:0}"
        "h1{font-family:'方正小标宋简体',SimSun,serif;text-align:center;font-size:22pt}"
        "h2{font-family:SimHei,'黑体',sans-serif;font-size:16pt;font-weight:normal;"
        "text-indent:2em;margin:0}.report-h2{font-family:KaiTi,'楷体',serif}</style>"
        f"</head><body>\n{body}\n</body></html>\n"
    )


def render_docx(
    report: ReportData,
    edition: Edition | None = None,
    *,
    template: str | Path | bytes | None = None,
) -> bytes:
    """The report as Word, from `template` (default: the built-in GB/T 9704 template)."""
    from docxtpl import DocxTemplate, RichText

    from .docx_template import default_template_bytes

    edition = edition or Edition()
    if template is None:
        template = default_template_bytes(report.township)
    stream = io.BytesIO(template) if isinstance(template, bytes) else template
    tpl = DocxTemplate(stream)

    def wrap(text: str, url: str | None):
        if url:
            return RichText(text, url_id=tpl.build_url_id(url), color="1F3F8F", underline=True)
        return RichText(text)

    tpl.render(context(report, edition, wrap=wrap), jinja_env=_env(autoescape=True))
    out = io.BytesIO()
    tpl.save(out)
    return out.getvalue()


# The formats a report is given out in, with the content type each is served as.
CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "html": "text/html; charset=utf-8",
    "txt": "text/plain; charset=utf-8",
}


def render_as(
    fmt: str,
    report: ReportData,
    edition: Edition | None = None,
    *,
    template: str | Path | bytes | None = None,
) -> bytes:
    """The report in the format `fmt` (a key of CONTENT_TYPES); `template` is for Word only."""
    if fmt == "txt":
        return render_text(report, edition).encode()
    if fmt == "html":
        return render_html(report, edition).encode()
    if fmt == "docx":
        return render_docx(report, edition, template=template)
    raise ValueError(f"unknown report format {fmt!r}")

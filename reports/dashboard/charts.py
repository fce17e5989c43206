"""Charts of “Tổng quan” drawn on the server as inline SVG: no script, nothing fetched, the
Content Security Policy unchanged. Colours come from the site's stylesheet (classes bar-ok,
bar-late, bar-open, bar-bad), the same green / amber / red as the deadline badges; each chart has
a title and a text description for screen readers, and the tables beside it hold the same figures.
"""

from __future__ import annotations

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from reports.dashboard.queries import RoundFigures, UnitFigures

LABEL_WIDTH = 250
BAR_WIDTH = 480
ROW_HEIGHT = 26
LABEL_CHARS = 38


def _short(text: str) -> str:
    return text if len(text) <= LABEL_CHARS else text[:LABEL_CHARS - 1] + "…"


def _stacked(rows: list[tuple[str, list[tuple[str, int, str]]]], title: str, description: str) -> SafeString:
    """Horizontal stacked bars: per row a label and (css class, value, meaning) parts."""
    total_max = max([sum(value for _cls, value, _what in parts) for _label, parts in rows] + [1])
    height = ROW_HEIGHT * len(rows) + 10
    width = LABEL_WIDTH + BAR_WIDTH + 50
    out = [f'<svg class="chart" role="img" viewBox="0 0 {width} {height}" xmlns="http://www.w3.org/2000/svg" '
           f'aria-label="{escape(title)}. {escape(description)}">',
           f'<title>{escape(title)}</title><desc>{escape(description)}</desc>']
    for index, (label, parts) in enumerate(rows):
        y = 5 + index * ROW_HEIGHT
        out.append(f'<text x="{LABEL_WIDTH - 8}" y="{y + 16}" text-anchor="end">{escape(_short(label))}</text>')
        x = float(LABEL_WIDTH)
        total = 0
        for css, value, meaning in parts:
            if not value:
                continue
            span = BAR_WIDTH * value / total_max
            out.append(f'<rect class="{css}" x="{x:.1f}" y="{y + 3}" width="{span:.1f}" height="{ROW_HEIGHT - 8}">'
                       f'<title>{escape(label)}: {value} {escape(meaning)}</title></rect>')
            x += span
            total += value
        out.append(f'<text x="{x + 6:.1f}" y="{y + 16}">{total}</text>')
    out.append("</svg>")
    return mark_safe("".join(out))


def units_chart(rows: list[UnitFigures]) -> SafeString:
    """One bar per unit: tasks done on time, done late, in progress, overdue."""
    return _stacked(
        [(row.unit.name, [("bar-ok", row.done_on_time, "hoàn thành đúng hạn"),
                          ("bar-late", row.done_late, "hoàn thành quá hạn"),
                          ("bar-open", row.in_progress, "đang thực hiện"),
                          ("bar-bad", row.overdue, "quá hạn")]) for row in rows],
        "Nhiệm vụ theo đơn vị chủ trì",
        "Mỗi thanh là một đơn vị: xanh lá hoàn thành đúng hạn, vàng hoàn thành quá hạn, xanh dương đang "
        "thực hiện, đỏ quá hạn.")


def rounds_chart(rows: list[RoundFigures]) -> SafeString:
    """One bar per round: units that sent on time, late, not yet."""
    return _stacked(
        [(f"{row.round.name} ({row.round.deadline:%d/%m/%Y})",
          [("bar-ok", row.on_time, "đơn vị gửi đúng hạn"), ("bar-late", row.late, "đơn vị gửi muộn"),
           ("bar-bad" if row.tone == "bad" else "bar-open", row.missing, "đơn vị chưa gửi")]) for row in rows],
        "Tiến độ báo cáo theo đợt",
        "Mỗi thanh là một đợt báo cáo: xanh lá đơn vị gửi đúng hạn, vàng gửi muộn, phần còn lại chưa gửi "
        "(đỏ khi đợt đã quá hạn).")

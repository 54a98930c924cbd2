"""Log-log plots of time against size, as standalone SVG (matplotlib is not a dependency)."""

from __future__ import annotations

import math
from html import escape

WIDTH, HEIGHT, MARGIN = 760, 420, 60
LEGEND = 200  # the right-hand column the series are named in
COLOURS = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf"]


def _span(values: list[float]) -> tuple[float, float]:
    low, high = math.floor(math.log10(min(values))), math.ceil(math.log10(max(values)))
    return low, high if high > low else low + 1


def loglog_svg(title: str, series: dict[str, list[tuple[float, float]]], y_label: str = "seconds") -> str:
    """One line per series of (size, value) points; decades gridded on both axes."""
    points = [(x, y) for values in series.values() for x, y in values if x > 0 and y > 0]
    if not points:
        points = [(1.0, 1.0)]
    x0, x1 = _span([x for x, _ in points])
    y0, y1 = _span([y for _, y in points])

    def sx(x: float) -> float:
        return MARGIN + (math.log10(x) - x0) / (x1 - x0) * (WIDTH - MARGIN - LEGEND)

    def sy(y: float) -> float:
        return HEIGHT - MARGIN - (math.log10(y) - y0) / (y1 - y0) * (HEIGHT - 2 * MARGIN)

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" font-family="sans-serif" font-size="11">',
        f'<rect width="{WIDTH}" height="{HEIGHT}" fill="white"/>',
        f'<text x="{WIDTH / 2}" y="20" text-anchor="middle" font-size="14">{escape(title)}</text>',
        f'<text x="{(WIDTH - LEGEND + MARGIN) / 2}" y="{HEIGHT - 15}" text-anchor="middle">asserted triples</text>',
        f'<text x="15" y="{HEIGHT / 2}" transform="rotate(-90 15 {HEIGHT / 2})" text-anchor="middle">{escape(y_label)}</text>',
    ]
    for decade in range(int(x0), int(x1) + 1):
        x = sx(10**decade)
        parts.append(f'<line x1="{x:.1f}" y1="{MARGIN}" x2="{x:.1f}" y2="{HEIGHT - MARGIN}" stroke="#ddd"/>')
        parts.append(f'<text x="{x:.1f}" y="{HEIGHT - MARGIN + 15}" text-anchor="middle">1e{decade}</text>')
    for decade in range(int(y0), int(y1) + 1):
        y = sy(10**decade)
        parts.append(f'<line x1="{MARGIN}" y1="{y:.1f}" x2="{WIDTH - LEGEND}" y2="{y:.1f}" stroke="#ddd"/>')
        parts.append(f'<text x="{MARGIN - 5}" y="{y + 4:.1f}" text-anchor="end">1e{decade}</text>')
    for number, (name, values) in enumerate(series.items()):
        colour = COLOURS[number % len(COLOURS)]
        shown = [(x, y) for x, y in values if x > 0 and y > 0]
        path = " ".join(f"{sx(x):.1f},{sy(y):.1f}" for x, y in shown)
        if len(shown) > 1:
            parts.append(f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2"/>')
        parts += [f'<circle cx="{sx(x):.1f}" cy="{sy(y):.1f}" r="3" fill="{colour}"/>' for x, y in shown]
        parts.append(f'<text x="{WIDTH - LEGEND + 10}" y="{MARGIN + 14 * number}" fill="{colour}">{escape(name)}</text>')
    parts.append("</svg>")
    return "\n".join(parts) + "\n"

"""Colour and shape per top class, the same in every view and in the legend.

Shapes are the vis-network shapes that draw their label *outside* the shape, so node size
(centrality) stays visible whatever the label length. Colours are the Okabe-Ito and Tol
palettes' distinct hues, readable by colour-blind readers when paired with the shape.
"""

from __future__ import annotations

from dataclasses import dataclass

from model import local_name


@dataclass(frozen=True)
class ClassStyle:
    colour: str
    shape: str  # vis-network shape name; also drawn by the SVG pictures (viz.svg)


KNOWN: dict[str, ClassStyle] = {
    "Agent": ClassStyle("#0072B2", "dot"),
    "Place": ClassStyle("#009E73", "square"),
    "DigitalPlatform": ClassStyle("#D55E00", "diamond"),
    "Programme": ClassStyle("#E69F00", "star"),
    "Initiative": ClassStyle("#CC79A7", "triangle"),
    "Document": ClassStyle("#56B4E9", "triangleDown"),
    "Event": ClassStyle("#882255", "hexagon"),
    "Periodisation": ClassStyle("#332288", "square"),
    "Stage": ClassStyle("#44AA99", "hexagon"),
    "Concept": ClassStyle("#999933", "dot"),
    "Statistic": ClassStyle("#888888", "diamond"),
    "Case": ClassStyle("#AA4499", "star"),
}
SPARE = [
    ClassStyle(c, s)
    for c, s in (
        ("#117733", "triangle"),
        ("#DDCC77", "dot"),
        ("#661100", "square"),
        ("#6699CC", "diamond"),
        ("#AA4466", "triangleDown"),
    )
]


def class_style(top_class: str, order: list[str]) -> ClassStyle:
    """The style of a top class; classes the palette does not know get spare styles in a stable order."""
    known = KNOWN.get(local_name(top_class))
    if known is not None:
        return known
    unknown = [c for c in order if local_name(c) not in KNOWN]
    return SPARE[unknown.index(top_class) % len(SPARE)] if top_class in unknown else SPARE[0]

"""Writing every view into a directory: what `dgkg build` puts in dist/ and `dgkg viz` refreshes.

viz/index.html       the explorer (whole graph; `#focus=<slug>&depth=N` shows a neighbourhood)
viz/timeline.html    the timeline
site/<slug>.html     one page per entity
site/index.html      all entities by class
site/sources/        one page per source document (<slug>.html), their index, the quoted paragraphs
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

from graph_build import KnowledgeGraph
from viz import assets
from viz.entity_page import entity_page
from viz.explorer import render_explorer
from viz.layout_names import POSITIONS
from viz.loading import StoredPinyin, load_model
from viz.navigation import ENTITIES, navigation_bar
from viz.layout import KnownLayouts
from viz.memo import Memo
from viz.pagememo import PreviousPages
from viz.pages import Page, render, write_page
from viz.source_page import render_source_index, source_page, source_slugs
from viz.source_texts import quoted_paragraphs, write_paragraphs
from viz.timeline import render_timeline
from viz.views import Views

INDEX = "index"


def render_entity_index(views: Views, *, href: Callable[[str], str] = lambda s: f"{s}.html", served: bool = False) -> str:
    """All entities by class, each linked by `href(slug)` (as render_entity_page links neighbours);
    `served`: the page `dgkg serve` returns, whose bar links the server's routes."""
    model = views.model
    groups = [
        (
            entry,
            sorted(
                ((s, model.label(s, "zh-hans"), model.label(s, "en")) for s in model.entities if model.top_class(s) == entry.iri),
                key=lambda row: (row[2].lower(), row[0]),
            ),
        )
        for entry in views.classes
    ]
    return render(
        "entity_index.html",
        groups=groups,
        total=len(model.entities),
        href=href,
        navigation=navigation_bar(ENTITIES, served=served),
        css=assets.static("page.css"),
    )


def write_views(
    views: Views, root: Path, layout: str = POSITIONS, previous: PreviousPages | None = None, known: KnownLayouts | None = None
) -> list[Path]:
    """Every page under `root` (viz/ and site/); returns the paths written. `previous`: the pages of
    the dist/ an incremental build replaces, taken where they were made from the same context;
    `known`: the parts of the explorer's picture it laid out."""
    if INDEX in views.model.entities:
        raise ValueError(f"an entity is called '{INDEX}', which would overwrite site/{INDEX}.html")
    written = [write_paragraphs(views.paragraphs, root)]
    # Pages are rendered here, one at a time, and written by a few threads while the next ones
    # render: creating and writing a file releases the GIL, and took a quarter of the stage at
    # 100k triples. At most PAGES_IN_FLIGHT rendered pages wait to be written (at a million
    # triples all the pages together come to more than a gigabyte of HTML).
    with ThreadPoolExecutor(max_workers=PAGE_WRITERS, thread_name_prefix="dgkg-pages") as writers:
        pending: deque[Future[Path]] = deque()
        for path, made in _pages(views, root, layout, known):
            if isinstance(made, Page) and previous is not None and previous.take(path, made.digest()):
                pending.append(_done(path))
            else:
                pending.append(writers.submit(write_page, path, made.html() if isinstance(made, Page) else made))
            if len(pending) >= PAGES_IN_FLIGHT:
                written.append(pending.popleft().result())
        written += [page.result() for page in pending]
    paragraphs, explorer = written.pop(0), written.pop()
    # the explorer, the timeline and the index first, as the CLI lists them
    return [explorer, *written[:2], paragraphs, *written[2:]]


PAGE_WRITERS, PAGES_IN_FLIGHT = 4, 256


def _done(path: Path) -> Future[Path]:
    done: Future[Path] = Future()
    done.set_result(path)
    return done


def _pages(views: Views, root: Path, layout: str, known: KnownLayouts | None) -> Iterator[tuple[Path, str | Page]]:
    """Every page's path and HTML (or, for the entities' and the sources' pages, what it is made
    from), each made when asked for. The explorer comes last: its search reads the labels'
    pinyin, which a build has from its store's process only once the store is written."""
    yield root / "viz" / "timeline.html", render_timeline(views)
    yield root / "site" / "index.html", render_entity_index(views)
    yield root / "site" / "sources" / "index.html", render_source_index(views)
    for source in source_slugs(views):
        yield root / "site" / "sources" / f"{source}.html", source_page(views, source)
    for entity in views.model.entities:
        yield root / "site" / f"{entity}.html", entity_page(views, entity)
    yield root / "viz" / "index.html", render_explorer(views, layout=layout, known=known)


def write_build_views(
    graph: KnowledgeGraph,
    out: Path,
    texts: Path | None = None,
    previous: Path | None = None,
    memo: Memo | None = None,
    store_written: Callable[[], object] = lambda: None,
) -> None:
    """The ArtifactWriter `dgkg build` calls after starting the store's: the views of the graph
    it has just compiled, read from the dumps the store is loaded from (viz.loading), and the
    pinyin of its labels from the label file the store's writer makes, once `store_written`
    (which waits for it) returns.
    `texts` (sources/texts/) gives the source pages the paragraphs their quotes come from. An
    incremental build passes the dist/ it replaces and its memo: pages made from what they were
    made from there are taken from it (viz.pagememo), and the explorer's parts whose links are the
    same keep their layout (viz.layout.KnownLayouts)."""
    del graph  # read from its dumps in out/
    model = load_model(out)
    pages = PreviousPages(previous, out, memo) if previous is not None and memo is not None else None
    known = KnownLayouts(memo) if memo is not None else None
    views = Views(model, quoted_paragraphs(model, texts) if texts else None, StoredPinyin(out, store_written))
    write_views(views, out, previous=pages, known=known)
    if pages is not None:
        pages.record()
    if known is not None:
        known.record()

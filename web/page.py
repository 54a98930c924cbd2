"""The query page at ``/query``: the YASQE editor and YASR views (web/static/query.js), and beneath
them, for a browser without scripts, the server-rendered form and results table.

Everything the page loads is a same-origin static file (web/static/, served by ``web.statics``),
so it works offline and behind networks that block CDNs. What the script needs from the server
(the library's questions, prefixes, the ontology's terms) is one inline JSON data block, whose
``<`` are escaped so no text in it can close the element. Every piece of data in the fallback,
labels included, goes through ``html.escape``: labels come from scraped texts and are never markup.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from html import escape
from urllib.parse import urlencode

from markupsafe import Markup

_STYLE = """
body{font-family:system-ui,"Noto Sans CJK SC","WenQuanYi Micro Hei",sans-serif;margin:0;color:#1d2430;background:#f7f8fa}
header{background:#23395d;color:#fff;padding:.6rem 1.2rem;display:flex;justify-content:space-between;align-items:center}
header h1{font-size:1.15rem;margin:0} header a{color:#dbe6ff}
main{display:flex;gap:1.2rem;padding:1rem 1.2rem;align-items:flex-start}
aside{flex:0 0 24rem;max-height:88vh;overflow:auto;background:#fff;border:1px solid #dde2ea;border-radius:6px;padding:.4rem .8rem}
aside ol{padding-left:1.2rem;margin:.3rem 0} aside li{margin:.35rem 0;font-size:.9rem}
aside code{color:#6b7687;font-size:.78rem} aside li.current{font-weight:600}
section{flex:1;min-width:0}
textarea{width:100%;min-height:16rem;font-family:ui-monospace,monospace;font-size:.85rem;box-sizing:border-box}
.params label{margin-right:1rem;font-size:.9rem} .params input{width:14rem}
button{margin:.5rem 0;padding:.35rem 1.2rem;font-size:.95rem}
.error{background:#fde8e8;border:1px solid #e7a1a1;padding:.6rem;white-space:pre-wrap;font-family:ui-monospace,monospace}
.note{background:#fff7df;border:1px solid #e8d48a;padding:.4rem .6rem;margin:.3rem 0}
table{border-collapse:collapse;background:#fff;font-size:.88rem;margin-top:.5rem}
th,td{border:1px solid #dde2ea;padding:.25rem .5rem;text-align:left;vertical-align:top}
th{background:#eef2f8} td small{color:#6b7687}
pre.graph{background:#fff;border:1px solid #dde2ea;padding:.6rem;overflow:auto}
"""


@dataclass(frozen=True)
class Cell:
    text: str
    title: str = ""  # the full IRI or datatype, shown on hover
    href: str | None = None
    note: str = ""  # a language tag, say


@dataclass(frozen=True)
class Example:
    name: str
    zh: str
    en: str


@dataclass
class PageView:
    examples: list[Example]
    lang: str
    query: str = ""
    current: str | None = None  # name of the question shown
    params: list[tuple[str, str, str]] = field(default_factory=list)  # name, value, description
    notes: list[str] = field(default_factory=list)
    error: str | None = None
    variables: list[str] = field(default_factory=list)
    rows: list[list[Cell]] | None = None
    boolean: bool | None = None
    graph_text: str | None = None
    truncated_at: int | None = None
    seconds: float | None = None


def _t(view: PageView, zh: str, en: str) -> str:
    return zh if view.lang == "zh" else en


@dataclass(frozen=True)
class Shell:
    """What the scripted page needs beside the fallback."""

    navigation: Markup  # the shared bar (viz.navigation_bar), its style and script inline
    setup: dict  # read by query.js: questions, prefixes, ontology terms, the resource base
    assets: dict[str, str]  # static file name -> its versioned URL


# The page's own text, in both languages; query.js switches it with the shared bar's language.
_APP = """
<div id="app" class="app">
 <header class="qhead"><h1><span data-zh="SPARQL 查询" data-en="SPARQL query">SPARQL 查询</span>
  <small data-zh="中国数字政府知识图谱" data-en="the digital-government graph of China">中国数字政府知识图谱</small></h1>
  <p class="endpoint"><span data-zh="协议端点" data-en="protocol endpoint">协议端点</span> <code>/sparql</code></p></header>
 <div class="layout">
  <aside class="examples"><h2 data-zh="问题库" data-en="Question library">问题库</h2>
   <input id="example-filter" type="search" data-placeholder-zh="筛选问题" data-placeholder-en="filter questions"
    placeholder="筛选问题" aria-label="filter questions">
   <ol id="example-list"></ol></aside>
  <section class="work">
   <div id="question-title" class="question-title"></div>
   <div id="params" class="params"></div>
   <div id="editor"></div>
   <div class="toolbar">
    <button type="button" id="run" class="run" data-zh="运行 (Ctrl+Enter)" data-en="Run (Ctrl+Enter)">运行 (Ctrl+Enter)</button>
    <span id="status" class="status" role="status"></span>
    <span class="downloads"><span data-zh="下载" data-en="Download">下载</span>
     <a id="download-csv" class="download" data-format="csv">CSV</a>
     <a id="download-tsv" class="download" data-format="tsv">TSV</a>
     <a id="download-json" class="download" data-format="json">JSON</a></span>
    <span class="share">
     <button type="button" id="permalink-copy" data-zh="复制永久链接" data-en="Copy permalink">复制永久链接</button>
     <input id="permalink" readonly aria-label="permalink"></span>
   </div>
   <div id="notes" class="notes"></div>
   <div id="results"></div>
  </section>
 </div>
</div>
"""


def render(view: PageView, shell: Shell) -> bytes:
    """The scripted page, with the server-rendered one (form and results) as its <noscript> part."""
    lang_attr = "zh-Hans" if view.lang == "zh" else "en"
    # A data block is not run, but "</script>" in it would end it: every "<" goes as \u003c.
    setup = json.dumps(shell.setup, ensure_ascii=False).replace("<", "\\u003c")
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{lang_attr}"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        "<title>dgkg · SPARQL</title>",
        f'<link rel="stylesheet" href="{escape(shell.assets["yasgui.min.css"])}">',
        f'<link rel="stylesheet" href="{escape(shell.assets["query.css"])}">',
        "</head><body>",
        f'<div class="bar">{shell.navigation}</div>',
        _APP,
        f"<noscript><style>#app{{display:none}}{_STYLE}</style>{_fallback(view)}</noscript>",
        f'<script type="application/json" id="query-setup">{setup}</script>',
        *(f'<script src="{escape(shell.assets[name])}"></script>' for name in ("graph-libs.min.js", "yasgui.min.js", "query.js")),
        "</body></html>\n",
    ]
    return "\n".join(parts).encode("utf-8")


def _fallback(view: PageView) -> str:
    """The page as a browser without scripts gets it: a form, run by the server, and a table."""
    switch = []
    for code, label in (("zh", "中文"), ("en", "English")):
        params = {"lang": code, **({"name": view.current} if view.current else {})}
        switch.append(f'<a href="/query?{escape(urlencode(params))}">{label}</a>')
    parts = [
        f"<header><h1>dgkg · {_t(view, '中国数字政府知识图谱 SPARQL 查询', 'SPARQL over the digital-government graph')}</h1>",
        f"<nav>{' | '.join(switch)} · <span>{_t(view, '协议端点', 'protocol endpoint')}: <code>/sparql</code></span>"
        "</nav></header>",
        "<main>",
        _examples(view),
        "<section>",
        _form(view),
    ]
    parts += [f'<p class="note">{escape(note)}</p>' for note in view.notes]
    if view.error:
        parts.append(f'<div class="error">{escape(view.error)}</div>')
    parts.append(_results(view))
    parts.append("</section></main>")
    return "\n".join(parts)


def _examples(view: PageView) -> str:
    items = []
    for example in view.examples:
        question = example.zh if view.lang == "zh" else example.en
        question = question or example.en or example.zh or example.name
        href = "/query?" + urlencode({"name": example.name, "lang": view.lang})
        current = ' class="current"' if example.name == view.current else ""
        items.append(f'<li{current}><a href="{escape(href)}">{escape(question)}</a><br><code>{escape(example.name)}</code></li>')
    heading = _t(view, f"问题库({len(view.examples)})", f"Question library ({len(view.examples)})")
    return f"<aside><h2>{heading}</h2><ol>{''.join(items)}</ol></aside>"


def _form(view: PageView) -> str:
    hidden = f'<input type="hidden" name="lang" value="{escape(view.lang)}">'
    if view.current:
        hidden += f'<input type="hidden" name="name" value="{escape(view.current)}">'
    params = "".join(
        f'<label>{escape(name)} <input name="param.{escape(name)}" value="{escape(value)}" '
        f'title="{escape(doc)}" placeholder="{escape(doc)}"></label>'
        for name, value, doc in view.params
    )
    if params:
        heading = _t(view, "参数(代号、中英文名称或拼音)", "Parameters (slug, Chinese or English name, or pinyin)")
        params = f'<div class="params">{heading}: {params}</div>'
    return (
        f'<form method="post" action="/query">{hidden}'
        f'<textarea name="query" spellcheck="false">{escape(view.query)}</textarea>{params}'
        f'<button type="submit">{_t(view, "运行", "Run")}</button></form>'
    )


def _results(view: PageView) -> str:
    if view.boolean is not None:
        return f"<p><strong>{'true' if view.boolean else 'false'}</strong></p>"
    if view.graph_text is not None:
        return f'<pre class="graph">{escape(view.graph_text)}</pre>'
    if view.rows is None:
        return ""
    head = "".join(f"<th>{escape(var)}</th>" for var in view.variables)
    body = "".join("<tr>" + "".join(_cell(cell) for cell in row) + "</tr>" for row in view.rows)
    count = _t(view, f"{len(view.rows)} 行", f"{len(view.rows)} rows")
    if view.seconds is not None:
        count += f" · {view.seconds * 1000:.0f} ms"
    if view.truncated_at is not None:
        count += _t(view, f"(结果已截断为前 {view.truncated_at} 行)", f" (cut at the result cap of {view.truncated_at})")
    return f"<p>{count}</p><table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _cell(cell: Cell) -> str:
    text = escape(cell.text)
    if cell.href:
        text = f'<a href="{escape(cell.href)}">{text}</a>'
    title = f' title="{escape(cell.title)}"' if cell.title else ""
    note = f" <small>{escape(cell.note)}</small>" if cell.note else ""
    return f"<td{title}>{text}{note}</td>"

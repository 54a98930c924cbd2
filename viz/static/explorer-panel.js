/* dgkg explorer: the details panel — an entity's facts, an edge's evidence, a group's members.
 *
 * Facts come grouped by relation, one row per value in the reader's language, each with all the
 * claims behind it: the source's short name (full title on hover), the paragraph and the quote.
 * Every piece of text is set with textContent: labels and quotes are data, never markup.
 */
(function () {
  "use strict";
  const GLYPH = {dot: "●", square: "■", diamond: "◆", star: "★", triangle: "▲", triangleDown: "▼", hexagon: "⬢"};

  function el(tag, text, cls) {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (cls) node.className = cls;
    return node;
  }

  function createPanel(app) {
    const panel = document.getElementById("details");
    const body = document.getElementById("details-body");
    const zh = () => app.state.lang === "zh-hans";
    const t = (zhText, enText) => (zh() ? zhText : enText);

    function button(text, cls, action) {
      const b = el("button", text, cls);
      b.type = "button";
      b.addEventListener("click", action);
      return b;
    }
    const entityLink = (i) => {
      const b = button(app.nodeLabel(i), "entity-link", () => app.select({node: app.data.nodes.id[i]}));
      b.dataset.slug = app.data.nodes.id[i];
      return b;
    };
    const glyph = (cls) => {
      const g = el("span", GLYPH[cls.shape] || "●", "glyph");
      g.style.color = cls.colour;
      return g;
    };

    /* values in the reader's language: numbers and dates formatted, other scripts as a fallback */
    function valueText(row) {
      const v = row.v;
      const text = (zh() ? v["zh-hans"] : v.en) ?? v[""] ?? v["zh-hans"] ?? v.en ?? Object.values(v)[0] ?? "";
      return format(text, row.k);
    }
    function format(text, kind) {
      const locale = zh() ? "zh-CN" : "en-GB";
      if (kind === "number" && text !== "" && !Number.isNaN(Number(text))) {
        return new Intl.NumberFormat(locale, {maximumFractionDigits: 6}).format(Number(text));
      }
      if (kind === "month" && /^\d{4}-\d{2}/.test(text)) return zh() ? `${text.slice(0, 4)}年${Number(text.slice(5, 7))}月` : text.slice(0, 7);
      if (kind === "date" && /^\d{4}-\d{2}-\d{2}/.test(text)) {
        return new Intl.DateTimeFormat(locale, {dateStyle: "long", timeZone: "UTC"}).format(new Date(`${text.slice(0, 10)}T00:00:00Z`));
      }
      if (kind === "year" && /^\d{4}/.test(text)) return zh() ? `${text.slice(0, 4)}年` : text.slice(0, 4);
      return text;
    }

    /* "超过 70%", "70%以上", "more than 70%": the number as the text qualifies it (viz/figures.py) */
    function figureText([value, unit, when, qualifier]) {
      let number = format(value, "number") + (unit || "");
      if (qualifier) {
        const [wordZh, wordEn, follows] = qualifier;
        number = zh() ? (follows ? `${number}${wordZh}` : `${wordZh} ${number}`) : `${wordEn} ${number}`;
      }
      return number + (when ? t(`（${format(when, "year")}）`, ` (${when.slice(0, 4)})`) : "");
    }

    function evidence(claimIndex) {
      const details = app.details();
      const [sourceIndex, quote, locator, citation, external, anchor] = details.claims[claimIndex];
      const [sourceSlug, shortZh, shortEn, fullZh, fullEn] = details.sources[sourceIndex];
      const box = el("div", null, "evidence");
      const line = el("div", null, "source");
      const name = zh() ? shortZh : shortEn;
      const full = zh() ? fullZh : fullEn;
      const i = app.index.get(sourceSlug);
      const source = i !== undefined ? button(name, "entity-link", () => app.select({node: sourceSlug})) : el("span", name);
      source.title = full;
      line.append(source);
      if (locator) line.append(el("span", locator, "locator"));
      const page = el("a", t("原文", "in the text"), "source-page");
      page.href = `${app.data.sourceHref.replace("{slug}", encodeURIComponent(sourceSlug))}#${anchor}`;
      page.title = t("来源文献页：此条陈述及其所在段落", "the source's page: this claim in its paragraph");
      line.append(page);
      box.append(line);
      if (quote) box.append(el("blockquote", quote, "quote"));
      if (external) box.append(el("div", t("五篇文献之外：", "Outside the five texts: ") + (citation || ""), "external"));
      return box;
    }

    function rowItem(head, claims) {
      const item = el("li", null, "fact");
      item.append(head);
      for (const c of claims) item.append(evidence(c));
      return item;
    }

    function relationBlock(title, rows) {
      const block = el("section", null, "relation");
      block.append(el("h4", title, "property"));
      const list = el("ul", null, "facts");
      for (const [head, claims] of rows) list.append(rowItem(head, claims));
      block.append(list);
      return block;
    }

    function open() {
      panel.hidden = false;
      body.scrollTop = 0;
    }

    function showNode(slug) {
      const i = app.index.get(slug);
      const entity = app.details().entities[i];
      const cls = app.data.classes[app.data.nodes.c[i]];
      body.replaceChildren();
      body.append(el("h2", app.nodeLabel(i)));
      const kind = el("div", null, "kind");
      kind.append(glyph(cls), el("span", zh() ? entity.cls[0] : entity.cls[1]));
      body.append(kind);
      if (entity.figure) body.append(el("p", figureText(entity.figure), "figure"));
      const names = entity.labels.concat(entity.alt).filter(([, text]) => text !== app.nodeLabel(i));
      if (names.length) body.append(el("p", [...new Set(names.map(([, text]) => text))].join(" · "), "names"));
      const definition = entity.def.find((d) => d[0] === app.state.lang) || entity.def.find((d) => d[0] === "en") || entity.def[0];
      if (definition) body.append(el("p", definition[1], "definition"));
      const links = el("div", null, "links");
      const page = el("a", t("实体页面", "Entity page"));
      page.href = app.data.entityHref.replace("{slug}", encodeURIComponent(slug));
      page.id = "entity-page-link";
      links.append(page,
        button(t("以此为中心", "Centre on it"), "action", () => app.focusOn(slug)),
        button(t("展开邻居", "Expand neighbours"), "action", () => app.expand(slug)));
      links.lastChild.id = "expand-neighbours";
      links.append(button(t("路径从这里开始", "Path from here"), "action", () => app.pickPathEnd(slug)));
      links.lastChild.id = "path-from-here";
      body.append(links);
      if (entity.decl !== null) {
        body.append(el("h3", t("实体依据", "Identified in")));
        body.append(evidence(entity.decl));
      }
      const outgoing = entity.facts.map(([p, rows]) => [p, rows.map((row) => [row.t !== undefined ? entityLink(row.t)
        : el("span", valueText(row), "value"), row.c])]);
      const count = outgoing.reduce((sum, [, rows]) => sum + rows.length, 0);
      body.append(el("h3", t(`事实（${count}）`, `Facts (${count})`)));
      for (const [p, rows] of outgoing) body.append(relationBlock(app.propLabel(p), rows));
      const incoming = new Map();
      for (const e of app.edgesInto(i)) {
        for (const [p, claims] of e[2]) {
          if (!incoming.has(p)) incoming.set(p, []);
          incoming.get(p).push([entityLink(e[0]), claims]);
        }
      }
      if (incoming.size) {
        const total = [...incoming.values()].reduce((sum, rows) => sum + rows.length, 0);
        body.append(el("h3", t(`被引用（${total}）`, `Linked from (${total})`)));
        for (const [p, rows] of incoming) body.append(relationBlock(app.propLabel(p), rows));
      }
      open();
    }

    function showEdge(source, target) {
      const s = app.index.get(source);
      const tIndex = app.index.get(target);
      body.replaceChildren();
      body.append(el("h3", t("关系", "Relation")));
      const ends = el("h2", null, "edge-ends");
      ends.append(entityLink(s), el("span", " → ", "arrow"), entityLink(tIndex));
      body.append(ends);
      const relations = [];
      for (const [a, b] of [[s, tIndex], [tIndex, s]]) {
        const edge = app.edgeBetween(a, b);
        if (!edge) continue;
        for (const [p, claims] of edge[2]) relations.push([a, b, p, claims]);
      }
      for (const [a, b, p, claims] of relations) {
        const head = el("div", null, "fact-head");
        head.append(entityLink(a), el("span", ` ${app.propLabel(p)} `, "property"), entityLink(b));
        const block = el("section", null, "relation");
        const list = el("ul", null, "facts");
        list.append(rowItem(head, claims));
        block.append(list);
        body.append(block);
      }
      open();
    }

    /* The steps of a path, each link with its relation, read in the path's direction, and its quotes. */
    function showPath(ends, chain) {
      body.replaceChildren();
      body.append(el("h3", t("路径", "Path")));
      const head = el("h2", null, "edge-ends");
      head.append(entityLink(app.index.get(ends[0])), el("span", " → ", "arrow"), entityLink(app.index.get(ends[1])));
      body.append(head);
      if (!chain) {
        body.append(el("p", t("没有事实链连接这两个实体。", "No chain of facts links these two entities."), "no-path"));
        open();
        return;
      }
      body.append(el("p", t(`${chain.length - 1} 步，每一步都是有出处的事实`, `${chain.length - 1} links, each a sourced fact`), "kind"));
      const list = el("ol", null, "path-steps");
      for (let step = 0; step + 1 < chain.length; step++) {
        const [a, b] = [chain[step], chain[step + 1]];
        const [s, , p, claims] = app.pathStep(a, b);
        const line = el("div", null, "fact-head");
        const forward = s === a;
        line.append(entityLink(a), el("span", forward ? ` —${app.propLabel(p)}→ ` : ` ←${app.propLabel(p)}— `, "property"), entityLink(b));
        const item = el("li", null, "fact path-step");
        item.dataset.relation = String(p);
        item.dataset.forward = String(forward);
        item.append(line);
        for (const c of claims) item.append(evidence(c));
        list.append(item);
      }
      body.append(list);
      open();
    }

    function showGroup(g) {
      const members = app.groupMembers(g);
      body.replaceChildren();
      body.append(el("h2", app.groupLabel(g)));
      body.append(el("p", t(`${members.length} 个实体（当前视图中）`, `${members.length} entities in this view`), "kind"));
      body.append(button(t("展开此组", "Open this group"), "action", () => app.openGroup(g)));
      const byClass = new Map();
      for (const i of members) byClass.set(app.data.nodes.c[i], (byClass.get(app.data.nodes.c[i]) || 0) + 1);
      const classes = el("ul", null, "labels");
      for (const [c, count] of [...byClass].sort((a, b) => b[1] - a[1])) {
        const item = el("li");
        item.append(glyph(app.data.classes[c]), el("span", `${zh() ? app.data.classes[c].zh : app.data.classes[c].en} ${count}`));
        classes.append(item);
      }
      body.append(classes);
      body.append(el("h3", t("最核心的成员", "Most central members")));
      const list = el("ul", null, "members");
      for (const i of members.slice().sort((a, b) => app.data.nodes.w[b] - app.data.nodes.w[a]).slice(0, 20)) {
        const item = el("li");
        item.append(entityLink(i));
        list.append(item);
      }
      body.append(list);
      open();
    }

    function hide() {
      panel.hidden = true;
    }

    return {showNode, showEdge, showGroup, showPath, hide, format};
  }

  window.dgkgParts = window.dgkgParts || {};
  window.dgkgParts.createPanel = createPanel;
  window.dgkgParts.el = el;
  window.dgkgParts.GLYPH = GLYPH;
})();

/* dgkg explorer: search, filters, label language, neighbourhood focus and the details panel.
 *
 * Everything shown comes from the JSON block #dgkg-data. Labels and quotes are data, never
 * markup: every piece of text reaches the page through textContent or createTextNode, and
 * node tooltips are drawn here (not through vis-network's `title`), so no string from the
 * graph is ever parsed as HTML.
 */
(function () {
  "use strict";
  const data = JSON.parse(document.getElementById("dgkg-data").textContent);
  const GLYPH = {dot: "●", square: "■", diamond: "◆", star: "★", triangle: "▲", triangleDown: "▼", hexagon: "⬢"};
  const state = {lang: "zh-hans", focus: null, depth: 1, hiddenClasses: new Set(), region: "",
                 from: null, to: null, undated: true, selected: null};
  const $ = (id) => document.getElementById(id);

  function el(tag, text, cls) {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (cls) node.className = cls;
    return node;
  }
  const zh = () => state.lang === "zh-hans";
  const pick = (pair) => (zh() ? pair[0] : pair[1]) || pair[0] || pair[1] || "";
  const entityLabel = (slug) => pick([data.entities[slug].zh, data.entities[slug].en]);
  const pageHref = (slug) => data.entityHref.replace("{slug}", encodeURIComponent(slug));

  /* --- search: the query is folded as the keys were (traditional -> simplified, NFKC, lower case) --- */
  function fold(text) {
    let out = "";
    for (const ch of text) {
      if (/\s/.test(ch)) continue;
      out += (data.fold[ch] || ch).normalize("NFKC").toLowerCase();
    }
    return out;
  }
  function search(text) {
    const query = fold(text);
    if (!query) return [];
    const hits = [];
    for (const [slug, keys] of Object.entries(data.keys)) {
      let rank = 3;
      for (const key of keys) {
        if (key === query) { rank = 0; break; }
        if (key.startsWith(query)) rank = Math.min(rank, 1);
        else if (key.includes(query)) rank = Math.min(rank, 2);
      }
      if (rank < 3) hits.push([rank, entityLabel(slug).length, slug]);
    }
    hits.sort((a, b) => a[0] - b[0] || a[1] - b[1] || (a[2] < b[2] ? -1 : 1));
    return hits.map((hit) => hit[2]);
  }

  /* --- the network --- */
  const nodes = new vis.DataSet(data.nodes);
  const edges = new vis.DataSet(data.edges);
  const network = new vis.Network($("network"), {nodes: [], edges: []}, data.options);
  window.dgkg = {data, network, nodes, edges, search, select, ready: false, firstDrawMs: null, stableMs: null, shown: 0};
  /* Time to a stable drawing: the first frame once positions are final. With physics on, vis can
     settle a small graph inside setData, so the listeners go on before the data goes in. */
  const settled = () => {
    if (window.dgkg.ready) return;
    window.dgkg.stableMs = performance.now();
    window.dgkg.ready = true;
    document.body.dataset.ready = "true";
  };
  network.once("afterDrawing", () => { window.dgkg.firstDrawMs = performance.now(); });
  if (data.options.physics.enabled) {
    network.once("stabilized", () => { network.once("afterDrawing", settled); network.redraw(); });
  } else {
    network.once("afterDrawing", settled);
  }
  network.setData({nodes, edges});
  const adjacency = {};
  for (const e of data.edges) {
    (adjacency[e.from] = adjacency[e.from] || []).push(e.to);
    (adjacency[e.to] = adjacency[e.to] || []).push(e.from);
  }
  const incoming = {};
  for (const [slug, entity] of Object.entries(data.entities)) {
    for (const fact of entity.facts) {
      if (fact[1] !== null && data.entities[fact[1]]) (incoming[fact[1]] = incoming[fact[1]] || []).push([slug, fact]);
    }
  }

  function neighbourhood(slug, depth) {
    const seen = new Set([slug]);
    let frontier = [slug];
    for (let i = 0; i < depth; i++) {
      const next = [];
      for (const s of frontier) for (const n of adjacency[s] || []) if (!seen.has(n)) { seen.add(n); next.push(n); }
      frontier = next;
    }
    return seen;
  }

  function visible(slug, near) {
    const entity = data.entities[slug];
    if (near && !near.has(slug)) return false;
    if (state.hiddenClasses.has(entity.top)) return false;
    if (state.region && !entity.regions.includes(state.region)) return false;
    if (state.from !== null || state.to !== null) {
      if (!entity.years) return state.undated;
      const from = state.from === null ? -Infinity : state.from;
      const to = state.to === null ? Infinity : state.to;
      if (entity.years[1] < from || entity.years[0] > to) return false;
    }
    return true;
  }

  function applyFilters(fit) {
    const near = state.focus ? neighbourhood(state.focus, state.depth) : null;
    const changes = [];
    let shown = 0;
    for (const node of data.nodes) {
      const hidden = !visible(node.id, near);
      if (!hidden) shown++;
      if (nodes.get(node.id).hidden !== hidden) changes.push({id: node.id, hidden});
    }
    if (changes.length) nodes.update(changes);
    $("count").textContent = (zh() ? `显示 ${shown} / ${data.nodes.length} 个实体` : `${shown} of ${data.nodes.length} entities shown`);
    const banner = $("focus-banner");
    banner.hidden = !state.focus;
    if (state.focus) {
      $("focus-text").textContent = (zh() ? "邻域：" : "Neighbourhood of ") + entityLabel(state.focus) +
        (zh() ? `（${state.depth} 步）` : ` (depth ${state.depth})`);
    }
    if (fit) network.fit({nodes: data.nodes.filter((n) => !nodes.get(n.id).hidden).map((n) => n.id), animation: false});
    window.dgkg.shown = shown;
  }

  /* --- language --- */
  function applyLanguage() {
    document.documentElement.lang = zh() ? "zh-Hans" : "en";
    nodes.update(data.nodes.map((n) => ({id: n.id, label: entityLabel(n.id)})));
    edges.update(data.edges.map((e) => ({id: e.id, label: pick(data.props[e.p])})));
    for (const button of document.querySelectorAll("[data-lang]")) button.setAttribute("aria-pressed", String(button.dataset.lang === state.lang));
    for (const node of document.querySelectorAll("[data-zh]")) node.textContent = zh() ? node.dataset.zh : node.dataset.en;
    buildLegend();
    buildRegionChoices();
    buildStageChoices();
    applyFilters(false);
    if (state.selected) showDetails(state.selected);
  }

  /* --- sidebar controls --- */
  function buildLegend() {
    const list = $("legend");
    list.replaceChildren();
    data.classes.forEach((cls, index) => {
      const row = el("label", null, "legend-row");
      const box = el("input");
      box.type = "checkbox";
      box.checked = !state.hiddenClasses.has(index);
      box.dataset.classIndex = String(index);
      box.addEventListener("change", () => {
        if (box.checked) state.hiddenClasses.delete(index); else state.hiddenClasses.add(index);
        applyFilters(false);
      });
      const glyph = el("span", GLYPH[cls.shape] || "●", "glyph");
      glyph.style.color = cls.colour;
      row.append(box, glyph, el("span", pick([cls.zh, cls.en])), el("span", String(cls.count), "legend-count"));
      list.append(row);
    });
  }
  function buildRegionChoices() {
    const select = $("region");
    const current = state.region;
    select.replaceChildren(el("option", zh() ? "全部地区" : "All regions"));
    select.firstChild.value = "";
    for (const slug of data.regions) {
      const option = el("option", entityLabel(slug));
      option.value = slug;
      select.append(option);
    }
    select.value = current;
  }
  function buildStageChoices() {
    const select = $("stage");
    select.replaceChildren(el("option", zh() ? "按阶段选择年份…" : "Years of a stage…"));
    select.firstChild.value = "";
    for (const [slug, start, end] of data.stages) {
      const option = el("option", `${entityLabel(slug)} (${start}–${end === null ? "" : end})`);
      option.value = slug;
      select.append(option);
    }
  }

  /* --- details panel: built with textContent only --- */
  function evidenceBlock(claimIndex) {
    const [sourceIndex, quote, locator, citation, external] = data.claims[claimIndex];
    const box = el("div", null, "evidence");
    const [sourceSlug, sourceTitle] = data.sources[sourceIndex];
    const line = el("div", null, "source");
    line.append(el("span", zh() ? "来源：" : "Source: "));
    if (data.entities[sourceSlug]) line.append(entityLink(sourceSlug, sourceTitle));
    else line.append(el("span", sourceTitle));
    if (locator) line.append(el("span", " " + locator, "locator"));
    box.append(line);
    if (quote) box.append(el("blockquote", quote, "quote"));
    if (external) box.append(el("div", (zh() ? "五篇文献之外：" : "Outside the five texts: ") + (citation || ""), "external"));
    return box;
  }
  function entityLink(slug, text) {
    const button = el("button", text || entityLabel(slug), "entity-link");
    button.type = "button";
    button.addEventListener("click", () => select(slug));
    return button;
  }
  function labelList(pairs) {
    const list = el("ul", null, "labels");
    for (const [lang, text] of pairs) {
      const item = el("li");
      item.append(el("span", lang, "lang"), el("span", text));
      list.append(item);
    }
    return list;
  }
  function showDetails(slug) {
    const entity = data.entities[slug];
    const panel = $("details");
    const body = $("details-body");
    body.replaceChildren();
    body.append(el("h2", entityLabel(slug)));
    const cls = data.classes[entity.top];
    const kind = el("div", null, "kind");
    const glyph = el("span", GLYPH[cls.shape] || "●", "glyph");
    glyph.style.color = cls.colour;
    kind.append(glyph, el("span", pick(entity.cls)));
    body.append(kind, labelList(entity.labels.concat(entity.alt)));
    const definition = entity.def.find((d) => d[0] === state.lang) || entity.def.find((d) => d[0] === "en") || entity.def[0];
    if (definition) body.append(el("p", definition[1], "definition"));
    const links = el("div", null, "links");
    const page = el("a", zh() ? "实体页面" : "Entity page");
    page.href = pageHref(slug);
    page.id = "entity-page-link";
    const near = el("a", zh() ? "邻域视图" : "Neighbourhood");
    near.href = `#focus=${encodeURIComponent(slug)}&depth=1`;
    links.append(page, near);
    body.append(links);
    if (entity.decl !== null) {
      body.append(el("h3", zh() ? "实体依据" : "Identified in"));
      body.append(evidenceBlock(entity.decl));
    }
    body.append(el("h3", zh() ? `事实（${entity.facts.length}）` : `Facts (${entity.facts.length})`));
    const facts = el("ul", null, "facts");
    for (const [p, target, value, claim] of entity.facts) {
      const item = el("li", null, "fact");
      const head = el("div", null, "fact-head");
      head.append(el("span", pick(data.props[p]), "property"));
      if (target !== null && data.entities[target]) head.append(entityLink(target));
      else head.append(el("span", value, "value"));
      item.append(head, evidenceBlock(claim));
      facts.append(item);
    }
    body.append(facts);
    const from = incoming[slug] || [];
    if (from.length) {
      body.append(el("h3", zh() ? `被引用（${from.length}）` : `Linked from (${from.length})`));
      const list = el("ul", null, "facts");
      for (const [subject, [p, , , claim]] of from) {
        const item = el("li", null, "fact");
        const head = el("div", null, "fact-head");
        head.append(entityLink(subject), el("span", pick(data.props[p]), "property"));
        item.append(head, evidenceBlock(claim));
        list.append(item);
      }
      body.append(list);
    }
    panel.hidden = false;
  }

  function select(slug) {
    if (nodes.get(slug).hidden) {
      state.focus = null;
      state.hiddenClasses.clear();
      state.region = "";
      state.from = state.to = null;
      $("region").value = "";
      $("year-from").value = $("year-to").value = "";
      buildLegend();
      applyFilters(false);
    }
    state.selected = slug;
    network.selectNodes([slug]);
    network.focus(slug, {scale: Math.max(network.getScale(), 1.0), animation: {duration: 300}});
    showDetails(slug);
  }

  /* --- tooltip on hover (text only) --- */
  const tooltip = $("tooltip");
  network.on("hoverNode", (params) => {
    const entity = data.entities[params.node];
    tooltip.textContent = `${entityLabel(params.node)} · ${pick(entity.cls)}`;
    tooltip.style.left = `${params.pointer.DOM.x + 14}px`;
    tooltip.style.top = `${params.pointer.DOM.y + 14}px`;
    tooltip.hidden = false;
  });
  network.on("blurNode", () => { tooltip.hidden = true; });
  network.on("click", (params) => {
    if (params.nodes.length) { state.selected = params.nodes[0]; showDetails(params.nodes[0]); }
  });

  /* --- wiring --- */
  const results = $("results");
  $("search").addEventListener("input", () => {
    results.replaceChildren();
    for (const slug of search($("search").value).slice(0, 12)) {
      const item = el("li");
      const button = entityLink(slug);
      button.dataset.slug = slug;
      item.append(button);
      results.append(item);
    }
  });
  $("search").addEventListener("keydown", (event) => {
    if (event.key === "Enter") {
      const hits = search($("search").value);
      if (hits.length) select(hits[0]);
    }
  });
  for (const button of document.querySelectorAll("[data-lang]")) {
    button.addEventListener("click", () => { state.lang = button.dataset.lang; applyLanguage(); });
  }
  $("region").addEventListener("change", () => { state.region = $("region").value; applyFilters(false); });
  const year = (id) => ($(id).value === "" ? null : Number($(id).value));
  for (const id of ["year-from", "year-to"]) {
    $(id).addEventListener("change", () => { state.from = year("year-from"); state.to = year("year-to"); applyFilters(false); });
  }
  $("undated").addEventListener("change", () => { state.undated = $("undated").checked; applyFilters(false); });
  $("stage").addEventListener("change", () => {
    const stage = data.stages.find((s) => s[0] === $("stage").value);
    if (!stage) return;
    $("year-from").value = String(stage[1]);
    $("year-to").value = stage[2] === null ? "" : String(stage[2]);
    state.from = stage[1];
    state.to = stage[2];
    applyFilters(false);
  });
  $("reset").addEventListener("click", () => {
    state.hiddenClasses.clear();
    state.region = "";
    state.from = state.to = null;
    state.undated = true;
    $("region").value = "";
    $("year-from").value = $("year-to").value = "";
    $("undated").checked = true;
    buildLegend();
    applyFilters(false);
  });
  $("close-details").addEventListener("click", () => { $("details").hidden = true; state.selected = null; });
  $("show-all").addEventListener("click", () => { history.replaceState(null, "", location.pathname); readHash(); });

  /* `#focus=<slug>&depth=N` narrows this page to a neighbourhood; a neighbourhood page (data.focus)
     already holds only its neighbourhood and opens on its centre. */
  function readHash() {
    const params = new URLSearchParams(location.hash.slice(1));
    const focus = params.get("focus");
    state.focus = focus && data.entities[focus] ? focus : null;
    state.depth = Math.max(1, Math.min(5, Number(params.get("depth")) || 1));
    applyFilters(true);
    const centre = state.focus || data.focus;
    if (centre) { state.selected = centre; network.selectNodes([centre]); showDetails(centre); }
  }
  window.addEventListener("hashchange", readHash);

  applyLanguage();
  readHash();
})();

/* The query page (/query): YASQE to write, YASR to look at the answer, the library's questions as
   examples. Every query goes to this server's /sparql, like any other client's; /query/bind only fills
   a question's `# param:` values. Nothing here reaches another host: YASQE's prefix.cc and LOV lookups,
   its endpoint and share-link defaults are replaced by what the server put in #query-setup.

   Labels and literals come from scraped texts: they are only ever set as textContent (or drawn on a
   canvas by sigma), never parsed as markup. */
(function () {
  "use strict";
  const { Yasqe, Yasr } = window.dgkgYasgui;
  const lib = window.dgkgLib; // sigma, graphology, ForceAtlas2 (viz/static/graph-libs.min.js)
  const setup = JSON.parse(document.getElementById("query-setup").textContent);
  const XSD = "http://www.w3.org/2001/XMLSchema#";
  const NUMERIC = new Set(["integer", "decimal", "double", "float", "int", "long", "short", "nonNegativeInteger", "positiveInteger"].map((t) => XSD + t));
  const TEMPORAL = new Set(["gYear", "date", "dateTime", "gYearMonth"].map((t) => XSD + t));
  const LABELS = ["http://www.w3.org/2004/02/skos/core#prefLabel", "http://www.w3.org/2000/01/rdf-schema#label"];
  const ACCEPT = "application/sparql-results+json, text/turtle;q=0.9";
  const LABEL_BATCH = 400; // IRIs per label query, well inside the endpoint's 100 KB query limit
  const LABELLED_AT_MOST = 2000; // five label queries at most per answer: each spends the client's budget
  const DRAWN_AT_MOST = 500; // items a chart or timeline draws; the table shows every row

  const state = {
    lang: document.body.classList.contains("lang-en") ? "en" : "zh",
    question: null, // the library question loaded, by name
    answer: null, // {kind: "select" | "graph" | "boolean", vars, rows} of the last run
    labels: new Map(), // IRI -> {zh, en}
    bound: "", // the last query sent, parameters bound
    runs: 0,
  };
  const $ = (id) => document.getElementById(id);
  const t = (zh, en) => (state.lang === "en" ? en : zh);
  const el = (tag, attrs = {}, text) => {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, value);
    if (text !== undefined) node.textContent = text;
    return node;
  };
  const svgEl = (tag, attrs = {}, text) => {
    const node = document.createElementNS("http://www.w3.org/2000/svg", tag);
    for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, String(value));
    if (text !== undefined) node.textContent = text;
    return node;
  };

  // -- names of things ----------------------------------------------------------------------------
  const slugOf = (iri) => (iri.startsWith(setup.base) && !iri.slice(setup.base.length).includes("/") ? iri.slice(setup.base.length) : null);
  function shortName(iri) {
    const slug = slugOf(iri);
    if (slug) return slug;
    for (const [prefix, namespace] of Object.entries(setup.prefixes)) {
      if (iri.startsWith(namespace) && iri.length > namespace.length) return prefix + ":" + iri.slice(namespace.length);
    }
    return iri;
  }
  function labelOf(iri) {
    const names = state.labels.get(iri);
    const chosen = names && (state.lang === "en" ? names.en || names.zh : names.zh || names.en);
    return chosen || shortName(iri);
  }
  function rememberLabel(iri, literal, lang) {
    const tag = (lang || "").toLowerCase();
    const names = state.labels.get(iri) || {};
    if (tag === "en") names.en = names.en || literal;
    else if (tag === "zh-hans" || tag === "zh") names.zh = tag === "zh-hans" ? literal : names.zh || literal;
    else return;
    state.labels.set(iri, names);
  }
  function entityLink(iri) {
    const slug = slugOf(iri);
    const node = slug && setup.resources ? el("a", { href: "/resource/" + slug }, labelOf(iri)) : el("span", { class: "iri" }, labelOf(iri));
    node.title = iri;
    return node;
  }
  const isNumeric = (value) => value && value.type !== "uri" && NUMERIC.has(value.datatype) && value.value.trim() !== "" && isFinite(Number(value.value));

  // -- asking the server ----------------------------------------------------------------------------
  async function post(path, fields, accept) {
    const body = new URLSearchParams(fields);
    const headers = { "Content-Type": "application/x-www-form-urlencoded" };
    if (accept) headers.Accept = accept;
    return fetch(path, { method: "POST", headers, body });
  }

  async function fetchLabels(iris) {
    const wanted = [...new Set(iris)]
      .filter((iri) => !state.labels.has(iri) && (slugOf(iri) || iri.startsWith(setup.prefixes.dgo)))
      .slice(0, LABELLED_AT_MOST);
    for (let start = 0; start < wanted.length; start += LABEL_BATCH) {
      const values = wanted.slice(start, start + LABEL_BATCH).map((iri) => `<${iri}>`).join(" ");
      const query = `SELECT ?s ?l WHERE { VALUES ?s { ${values} } ?s <${LABELS[0]}>|<${LABELS[1]}> ?l }`;
      const response = await post("/sparql", { query }, "application/sparql-results+json");
      if (!response.ok) return; // labels are a nicety: the table falls back to slugs
      for (const row of (await response.json()).results.bindings) rememberLabel(row.s.value, row.l.value, row.l["xml:lang"]);
    }
  }

  // -- the answer, read once for every view -----------------------------------------------------------
  function readAnswer(contentType, text) {
    if (contentType.includes("json")) {
      const json = JSON.parse(text);
      if ("boolean" in json) return { kind: "boolean", vars: [], rows: [] };
      return { kind: "select", vars: json.head.vars, rows: json.results.bindings };
    }
    return { kind: "graph", vars: ["subject", "predicate", "object"], rows: null }; // rows from YASR's Turtle parser
  }
  function answerRows() {
    if (!state.answer) return [];
    if (state.answer.rows === null) state.answer.rows = yasr.results ? yasr.results.getBindings() || [] : [];
    return state.answer.rows;
  }
  const usable = (yasr) => yasr.results && !yasr.results.hasError() && state.answer && state.answer.kind !== "boolean";

  // Columns: which hold entities, numbers, years.
  function columns() {
    const rows = answerRows();
    return state.answer.vars.map((name) => {
      const values = rows.map((row) => row[name]).filter(Boolean);
      const literals = values.filter((v) => v.type === "literal" || v.type === "typed-literal");
      const years = literals.map(yearOf).filter((y) => y !== null);
      return {
        name,
        values,
        iris: values.filter((v) => v.type === "uri").length,
        numeric: values.length > 0 && values.every(isNumeric),
        temporal: literals.length > 0 && years.length === literals.length && (literals.some((v) => TEMPORAL.has(v.datatype)) || /year|date|年/i.test(name)),
      };
    });
  }
  function yearOf(value) {
    const text = value.value.trim();
    const match = /^(-?\d{4})(?:-(\d\d)(?:-(\d\d))?)?/.exec(text);
    if (!match || !(TEMPORAL.has(value.datatype) || NUMERIC.has(value.datatype))) return null;
    if (NUMERIC.has(value.datatype) && !/^\d{4}$/.test(text)) return null;
    return Number(match[1]) + (match[2] ? (Number(match[2]) - 1) / 12 : 0) + (match[3] ? (Number(match[3]) - 1) / 365 : 0);
  }
  // What names a row in a chart or timeline: its first entity, else its first other text.
  function rowName(row, skip) {
    for (const name of state.answer.vars) {
      const value = row[name];
      if (name !== skip && value && value.type === "uri") return { text: labelOf(value.value), iri: value.value };
    }
    for (const name of state.answer.vars) {
      const value = row[name];
      if (name !== skip && value && !isNumeric(value)) return { text: value.value, iri: null };
    }
    return { text: "", iri: null };
  }

  // -- views (YASR plugins) ---------------------------------------------------------------------------
  function icon(symbol) {
    return el("span", { "aria-hidden": "true", class: "view-icon" }, symbol);
  }

  class TableView {
    constructor(yasr) { this.yasr = yasr; this.priority = 10; this.label = "table"; this.names = ["表格", "Table"]; }
    canHandleResults() { return usable(this.yasr); }
    getIcon() { return icon("▦"); }
    draw() {
      const rows = answerRows();
      const vars = state.answer.vars;
      const table = el("table", { class: "results" });
      const head = table.createTHead().insertRow();
      const body = table.createTBody();
      const fill = (ordered) => {
        body.replaceChildren();
        for (const row of ordered) {
          const tr = body.insertRow();
          for (const name of vars) tr.appendChild(cell(row[name]));
        }
      };
      let sorted = { by: null, down: false };
      for (const name of vars) {
        const th = el("th", { title: t("点击排序", "click to sort") }, name);
        th.addEventListener("click", () => {
          sorted = { by: name, down: sorted.by === name && !sorted.down };
          for (const other of head.children) other.removeAttribute("aria-sort");
          th.setAttribute("aria-sort", sorted.down ? "descending" : "ascending");
          const ordered = [...rows].sort((a, b) => compareCells(a[name], b[name]));
          fill(sorted.down ? ordered.reverse() : ordered);
        });
        head.appendChild(th);
      }
      if (!rows.length) this.yasr.resultsEl.appendChild(el("p", { class: "view-note" }, t("没有结果", "No results")));
      fill(rows);
      this.yasr.resultsEl.appendChild(table);
    }
  }
  // Numbers by value, everything else by what the cell shows; empty cells last.
  function compareCells(a, b) {
    if (!a || !b) return (a ? 0 : 1) - (b ? 0 : 1);
    if (isNumeric(a) && isNumeric(b)) return Number(a.value) - Number(b.value);
    const shown = (value) => (value.type === "uri" ? labelOf(value.value) : value.value);
    return shown(a).localeCompare(shown(b), state.lang === "en" ? "en" : "zh-Hans-CN");
  }
  function cell(value) {
    const td = el("td");
    if (!value) return td;
    if (value.type === "uri") td.appendChild(entityLink(value.value));
    else if (value.type === "bnode") td.textContent = "_:" + value.value;
    else {
      td.appendChild(el("span", { class: "literal" }, value.value));
      const note = value["xml:lang"] || (value.datatype ? shortName(value.datatype) : "");
      if (note) td.appendChild(el("small", {}, " " + note));
    }
    return td;
  }

  class GraphView {
    constructor(yasr) { this.yasr = yasr; this.priority = 5; this.label = "graph"; this.names = ["关系图", "Graph"]; }
    canHandleResults() {
      if (!usable(this.yasr) || !lib) return false;
      if (state.answer.kind === "graph") return answerRows().length > 0;
      return answerRows().some((row) => state.answer.vars.filter((name) => row[name] && row[name].type === "uri").length >= 2);
    }
    getIcon() { return icon("⬡"); }
    draw() {
      const graph = new lib.Graph({ multi: false, type: "directed" });
      const names = new Map();
      const addNode = (value, group) => {
        const key = value.type === "bnode" ? "_:" + value.value : value.value;
        if (!graph.hasNode(key)) graph.addNode(key, { group, iri: value.type === "uri" ? value.value : null });
        return key;
      };
      const addEdge = (from, to, label) => { if (from !== to && !graph.hasEdge(from, to)) graph.addEdge(from, to, { label, size: 1.5, color: "#b7c2d3" }); };
      if (state.answer.kind === "graph") {
        for (const row of answerRows()) {
          const { subject, predicate, object } = row;
          if (object.type === "literal" || object.type === "typed-literal") {
            if (LABELS.includes(predicate.value)) {
              if (!names.has(subject.value)) names.set(subject.value, {});
              rememberGraphLabel(names, subject.value, object);
            }
            continue;
          }
          addEdge(addNode(subject, "subject"), addNode(object, "object"), shortName(predicate.value));
        }
      } else {
        for (const row of answerRows()) {
          const entities = state.answer.vars.filter((name) => row[name] && row[name].type === "uri").map((name) => [name, row[name]]);
          const keys = entities.map(([name, value]) => addNode(value, name));
          for (let i = 1; i < keys.length; i++) addEdge(keys[i - 1], keys[i], ""); // the legend names the columns
        }
      }
      const groups = [...new Set(graph.mapNodes((_, attrs) => attrs.group))];
      const palette = ["#0b5cad", "#d9822b", "#2e8b57", "#8e44ad", "#c0392b", "#16a085", "#7f8c8d"];
      graph.forEachNode((key, attrs) => {
        const own = names.get(key);
        const label = own ? (state.lang === "en" ? own.en || own.zh : own.zh || own.en) : null;
        graph.mergeNodeAttributes(key, {
          label: label || (attrs.iri ? labelOf(attrs.iri) : key),
          size: 5 + Math.min(12, 2 * Math.sqrt(graph.degree(key))),
          color: palette[groups.indexOf(attrs.group) % palette.length],
        });
      });
      graph.nodes().forEach((key, i) => graph.mergeNodeAttributes(key, { x: Math.cos((2 * Math.PI * i) / graph.order), y: Math.sin((2 * Math.PI * i) / graph.order) }));
      // ForceAtlas2 runs in the page's thread: fewer rounds for a large answer keep the page responsive
      const iterations = graph.order > 2000 ? 30 : graph.order > 500 ? 80 : 200;
      if (graph.order > 1) lib.forceAtlas2.assign(graph, { iterations, settings: { ...lib.forceAtlas2.inferSettings(graph), gravity: 1.5 } });
      const legend = el("div", { class: "legend" });
      groups.forEach((group, i) => {
        const item = el("span", { class: "legend-item" });
        item.appendChild(el("i", { style: `background:${palette[i % palette.length]}` }));
        item.appendChild(document.createTextNode(state.answer.kind === "graph" ? t(group === "subject" ? "主语" : "宾语", group) : "?" + group));
        legend.appendChild(item);
      });
      const box = el("div", { class: "graph-view", id: "graph-view" });
      this.yasr.resultsEl.appendChild(legend);
      this.yasr.resultsEl.appendChild(box);
      this.sigma = new lib.Sigma(graph, box, { renderEdgeLabels: graph.size <= 150, labelRenderedSizeThreshold: graph.order > 150 ? 8 : 0, defaultEdgeType: "arrow", labelFont: "WenQuanYi Micro Hei, Noto Sans CJK SC, sans-serif" });
      this.sigma.on("clickNode", ({ node }) => {
        const slug = graph.getNodeAttribute(node, "iri") && slugOf(graph.getNodeAttribute(node, "iri"));
        if (slug && setup.resources) window.open("/resource/" + slug, "_blank", "noopener");
      });
      window.dgkgQuery.graph = graph;
    }
    destroy() { if (this.sigma) this.sigma.kill(); this.sigma = null; }
  }
  function rememberGraphLabel(names, iri, literal) {
    const tag = (literal["xml:lang"] || "").toLowerCase();
    const own = names.get(iri);
    if (tag === "en") own.en = own.en || literal.value;
    else if (tag.startsWith("zh") && tag !== "zh-hant") own.zh = own.zh || literal.value;
  }

  class TimelineView {
    constructor(yasr) { this.yasr = yasr; this.priority = 4; this.label = "timeline"; this.names = ["时间线", "Timeline"]; }
    canHandleResults() { return usable(this.yasr) && state.answer.kind === "select" && columns().some((c) => c.temporal); }
    getIcon() { return icon("⟶"); }
    draw() {
      const time = columns().find((c) => c.temporal).name;
      // one item per thing and date: rows that differ only in other columns are one event
      const seen = new Set();
      const items = answerRows()
        .filter((row) => row[time] && yearOf(row[time]) !== null)
        .map((row) => ({ at: yearOf(row[time]), shown: row[time].value, name: rowName(row, time) }))
        .filter((item) => { const key = item.shown + "\u0000" + (item.name.iri || item.name.text); return !seen.has(key) && seen.add(key); })
        .sort((a, b) => a.at - b.at);
      const more = items.splice(DRAWN_AT_MOST).length;
      const width = Math.max(640, this.yasr.resultsEl.clientWidth - 20);
      const left = 60, right = 320, top = 34, step = 22;
      const first = Math.floor(Math.min(...items.map((i) => i.at))), last = Math.ceil(Math.max(...items.map((i) => i.at))) + 1;
      const x = (at) => left + ((at - first) / Math.max(1, last - first)) * (width - left - right);
      const svg = svgEl("svg", { class: "timeline", width, height: top + items.length * step + 10, role: "img" });
      const every = Math.max(1, Math.ceil((last - first) / 12));
      for (let year = first; year <= last; year += every) {
        svg.appendChild(svgEl("line", { x1: x(year), x2: x(year), y1: top - 8, y2: top + items.length * step, class: "tick" }));
        svg.appendChild(svgEl("text", { x: x(year), y: top - 14, "text-anchor": "middle", class: "tick-label" }, String(year)));
      }
      items.forEach((item, i) => {
        const y = top + i * step + step / 2;
        const group = svgEl("g", { class: "item" });
        group.appendChild(svgEl("circle", { cx: x(item.at), cy: y, r: 5 }));
        const label = svgEl("text", { x: x(item.at) + 10, y: y + 4 }, `${item.shown} · ${item.name.text}`);
        group.appendChild(label);
        group.appendChild(svgEl("title", {}, item.name.iri || item.name.text));
        svg.appendChild(group);
      });
      this.yasr.resultsEl.appendChild(el("p", { class: "view-note" }, t(`按 ?${time} 排列`, `by ?${time}`) + cut(more)));
      this.yasr.resultsEl.appendChild(svg);
    }
  }

  const cut = (more) => (more ? t(`(只画出前 ${DRAWN_AT_MOST} 项,另有 ${more} 项见表格)`, ` (the first ${DRAWN_AT_MOST} drawn; ${more} more in the table)`) : "");

  class ChartView {
    constructor(yasr) { this.yasr = yasr; this.priority = 3; this.label = "chart"; this.names = ["柱状图", "Bar chart"]; }
    canHandleResults() {
      if (!usable(this.yasr) || state.answer.kind !== "select") return false;
      const all = columns();
      return all.some((c) => c.numeric) && all.some((c) => !c.numeric && c.values.length > 0);
    }
    getIcon() { return icon("▮"); }
    draw() {
      const value = columns().find((c) => c.numeric).name;
      const bars = answerRows()
        .filter((row) => isNumeric(row[value]))
        .map((row) => ({ value: Number(row[value].value), shown: row[value].value, name: rowName(row, value) }));
      const more = bars.splice(DRAWN_AT_MOST).length;
      const width = Math.max(640, this.yasr.resultsEl.clientWidth - 20);
      const left = Math.min(360, Math.round(width * 0.35)), step = 26, top = 8;
      const most = Math.max(...bars.map((b) => Math.abs(b.value)), 1);
      const svg = svgEl("svg", { class: "chart", width, height: top + bars.length * step + 10, role: "img" });
      bars.forEach((bar, i) => {
        const y = top + i * step;
        const length = (Math.abs(bar.value) / most) * (width - left - 90);
        const group = svgEl("g", { class: "bar" });
        group.appendChild(svgEl("text", { x: left - 8, y: y + 16, "text-anchor": "end", class: "bar-label" }, bar.name.text));
        group.appendChild(svgEl("rect", { x: left, y: y + 3, width: Math.max(1, length), height: step - 8, class: bar.value < 0 ? "negative" : "" }));
        group.appendChild(svgEl("text", { x: left + length + 6, y: y + 16, class: "bar-value" }, bar.shown));
        group.appendChild(svgEl("title", {}, `${bar.name.text}: ${bar.shown}`));
        svg.appendChild(group);
      });
      this.yasr.resultsEl.appendChild(el("p", { class: "view-note" }, t(`?${value} 的值`, `values of ?${value}`) + cut(more)));
      this.yasr.resultsEl.appendChild(svg);
    }
  }

  // -- the editor ------------------------------------------------------------------------------------
  Yasqe.forkAutocompleter("prefixes", { name: "dgkgPrefixes", persistenceId: null, get: () => Object.entries(setup.prefixes).map(([p, iri]) => `${p}: <${iri}>`) }, false);
  Yasqe.forkAutocompleter("class", { name: "dgkgClasses", bulk: true, persistenceId: null, get: () => setup.classes }, false);
  Yasqe.forkAutocompleter("property", { name: "dgkgProperties", bulk: true, persistenceId: null, get: () => setup.properties }, false);
  Object.assign(Yasqe.defaults, {
    autocompleters: ["dgkgPrefixes", "variables", "dgkgClasses", "dgkgProperties"],
    prefixCcApi: "",
    persistenceId: null,
    createShareableLink: null,
    consumeShareLink: null,
    showQueryButton: false,
    resizeable: true,
    editorHeight: "320px",
  });
  Yasqe.defaults.requestConfig = { ...Yasqe.defaults.requestConfig, endpoint: "/sparql", method: "POST", acceptHeaderSelect: ACCEPT, acceptHeaderGraph: ACCEPT };
  const runKey = () => { run(); };
  Yasqe.defaults.extraKeys = { ...Yasqe.defaults.extraKeys, "Ctrl-Enter": runKey, "Cmd-Enter": runKey };
  const yasqe = new Yasqe($("editor"), { value: "" });

  for (const [name, view] of Object.entries({ table: TableView, graph: GraphView, timeline: TimelineView, chart: ChartView })) Yasr.registerPlugin(name, view);
  const yasr = new Yasr($("results"), { persistenceId: null, prefixes: setup.prefixes, pluginOrder: ["table", "graph", "timeline", "chart", "response"], defaultPlugin: "table" });
  yasr.plugins.response.names = ["原始响应", "Response"];
  yasr.on("change", () => updatePermalink());
  yasr.on("drawn", (_, plugin) => {
    document.body.dataset.view = yasr.drawnPlugin || "";
    document.body.dataset.drawn = String(Number(document.body.dataset.drawn || 0) + 1);
  });

  // -- parameters: read from the text's `# param:` lines, so an edited query keeps them --------------
  function header(text) {
    const lines = [];
    for (const line of text.split("\n")) {
      const trimmed = line.trim();
      if (!trimmed) continue;
      if (!trimmed.startsWith("#")) break; // the header ends at the first line of the query
      lines.push(trimmed);
    }
    return lines;
  }
  function declaredParams(text) {
    const found = [];
    for (const line of header(text)) {
      const match = /^#\s*param\s*:(.*)$/i.exec(line);
      if (!match) continue;
      const [head, ...doc] = match[1].split("--");
      const [spec, ...given] = head.split("=");
      const name = /^\s*([A-Za-z_]\w*)/.exec(spec);
      if (name) found.push({ name: name[1], default: given.join("=").trim(), doc: doc.join("--").trim() });
    }
    return found;
  }
  function paramValues() {
    return [...$("params").querySelectorAll("input[data-param]")].map((input) => [input.dataset.param, input.value.trim()]);
  }
  function showParams(text, values = {}) {
    const box = $("params");
    const kept = Object.fromEntries(paramValues());
    box.replaceChildren();
    const params = declaredParams(text);
    if (!params.length) return;
    box.appendChild(el("span", { class: "params-heading" }, t("参数(代号、中英文名称或拼音)", "Parameters (slug, Chinese or English name, or pinyin)")));
    for (const param of params) {
      const label = el("label", {}, param.name + " ");
      const value = param.name in values ? values[param.name] : param.name in kept ? kept[param.name] : param.default;
      const input = el("input", { "data-param": param.name, placeholder: param.doc, title: param.doc });
      input.value = value;
      input.addEventListener("keydown", (event) => { if (event.key === "Enter") run(); });
      input.addEventListener("input", () => { $("permalink").value = permalink(); });
      label.appendChild(input);
      box.appendChild(label);
    }
  }
  // The question shown is the one the text names in its `# name:` line: a typed query is none.
  function questionNamed(text) {
    const named = header(text).map((line) => /^#\s*name\s*:\s*(\S+)/i.exec(line)).find(Boolean);
    return named && setup.questions.some((q) => q.name === named[1]) ? named[1] : null;
  }
  let paramNames = "";
  yasqe.on("change", () => {
    const names = declaredParams(yasqe.getValue()).map((p) => p.name).join(",");
    if (names !== paramNames) { paramNames = names; showParams(yasqe.getValue()); }
    const named = questionNamed(yasqe.getValue());
    if (named !== state.question) { state.question = named; showTitle(); showExamples(); }
    $("permalink").value = permalink(); // the address bar follows only what was run
  });

  // -- examples -------------------------------------------------------------------------------------
  function showExamples() {
    const list = $("example-list");
    const filter = $("example-filter").value.trim().toLowerCase();
    list.replaceChildren();
    for (const question of setup.questions) {
      const haystack = [question.name, question.zh, question.en].join(" ").toLowerCase();
      if (filter && !haystack.includes(filter)) continue;
      const item = el("li", question.name === state.question ? { class: "current" } : {});
      const button = el("button", { type: "button", "data-question": question.name });
      button.appendChild(el("span", { class: "title" }, t(question.zh, question.en) || question.name));
      button.appendChild(el("code", {}, question.name));
      button.addEventListener("click", () => { loadQuestion(question.name); run(); });
      item.appendChild(button);
      list.appendChild(item);
    }
  }
  $("example-filter").addEventListener("input", showExamples);
  function loadQuestion(name, values = {}) {
    const question = setup.questions.find((q) => q.name === name);
    if (!question) return;
    state.question = name;
    yasqe.setValue(question.text);
    paramNames = declaredParams(question.text).map((p) => p.name).join(",");
    $("params").replaceChildren();
    showParams(question.text, values);
    showTitle();
    showExamples();
  }
  function showTitle() {
    const question = setup.questions.find((q) => q.name === state.question);
    $("question-title").textContent = question ? t(question.zh, question.en) : "";
  }

  // -- running ----------------------------------------------------------------------------------------
  function setStatus(text, kind = "") {
    $("status").textContent = text;
    $("status").className = "status " + kind;
  }
  function showNotes(notes) {
    $("notes").replaceChildren(...notes.map((note) => el("p", { class: "note" }, note)));
  }
  let latest = 0; // a run started while another is under way supersedes it
  async function run() {
    const id = ++latest;
    const text = yasqe.getValue();
    setStatus(t("运行中…", "running…"), "busy");
    document.body.dataset.state = "running";
    const notes = [];
    let query = text;
    try {
      if (declaredParams(text).length) {
        const fields = [["query", text], ...paramValues().filter(([, v]) => v).map(([name, v]) => ["param." + name, v])];
        const bound = await post("/query/bind", fields);
        const raw = await bound.text(); // JSON, unless the server refused before reading it (429: plain text)
        let answer;
        try { answer = JSON.parse(raw); } catch (error) { answer = { error: raw }; }
        if (id !== latest) return;
        if (!bound.ok) return await finish(null, { status: bound.status, text: answer.error || bound.statusText }, notes);
        query = answer.query;
        notes.push(...answer.notes);
      }
      const started = performance.now();
      const response = await post("/sparql", { query }, ACCEPT);
      const body = await response.text();
      if (id !== latest) return;
      const warning = response.headers.get("X-Dgkg-Warning");
      if (warning) notes.push(decodeURIComponent(warning));
      if (response.headers.get("X-Dgkg-Truncated")) notes.push(t(`结果已截断为前 ${setup.resultCap} 行`, `cut at the result cap of ${setup.resultCap}`));
      if (!response.ok) return await finish(null, { status: response.status, statusText: response.statusText, text: body }, notes);
      const contentType = response.headers.get("Content-Type") || "";
      state.bound = query;
      state.answer = readAnswer(contentType, body);
      if (state.answer.kind === "select") await fetchLabels(state.answer.rows.flatMap((row) => Object.values(row).filter((v) => v.type === "uri").map((v) => v.value)));
      if (id !== latest) return;
      await finish({ data: contentType.includes("json") ? JSON.parse(body) : body, contentType, status: response.status }, null, notes, performance.now() - started);
    } catch (error) {
      if (id === latest) finish(null, { text: String(error) }, notes);
    }
  }
  async function finish(summary, error, notes, ms) {
    const id = latest;
    showNotes(notes);
    if (error) {
      state.answer = null;
      setStatus(t("出错", "failed"), "failed");
      yasr.setResponse({ error }, ms);
    } else {
      const rows = state.answer.kind === "boolean" ? 1 : state.answer.kind === "select" ? state.answer.rows.length : null;
      const took = ` · ${Math.round(ms)} ms`;
      setStatus((rows === null ? t("完成", "done") : t(`${rows} 行`, `${rows} rows`)) + took, "done");
      yasr.setResponse(summary, ms);
      if (state.answer.kind === "graph") {
        // a graph's IRIs are known once YASR has read its Turtle: their labels, then the view again
        const known = state.labels.size;
        await fetchLabels(answerRows().flatMap((row) => Object.values(row)).filter((v) => v.type === "uri").map((v) => v.value));
        if (id !== latest) return;
        if (state.labels.size > known) yasr.draw();
      }
    }
    updateDownloads(!error);
    updatePermalink();
    state.runs += 1;
    document.body.dataset.runs = String(state.runs);
    document.body.dataset.state = error ? "failed" : "done";
  }
  $("run").addEventListener("click", run);

  // Downloads are the endpoint's own serialisations of the query just run (a link to /sparql, so
  // each is one more query under the same limits).
  function updateDownloads(ok) {
    const formats = state.answer && state.answer.kind === "graph" ? [["turtle", "ttl", "Turtle"], ["ntriples", "nt", "N-Triples"], ["jsonld", "jsonld", "JSON-LD"]] : [["csv", "csv", "CSV"], ["tsv", "tsv", "TSV"], ["json", "json", "JSON"]];
    document.querySelectorAll("a.download").forEach((link, i) => {
      const [format, extension, label] = formats[i];
      link.textContent = label;
      link.dataset.format = format;
      if (ok) {
        link.href = "/sparql?" + new URLSearchParams({ query: state.bound, format });
        link.download = `dgkg-${state.question || "query"}.${extension}`;
        link.removeAttribute("aria-disabled");
      } else {
        link.removeAttribute("href");
        link.setAttribute("aria-disabled", "true");
      }
    });
  }

  // -- permalinks: the fragment holds the query, its parameters, the view and the language -----------
  function permalink() {
    const fields = new URLSearchParams();
    if (state.question) fields.set("name", state.question);
    fields.set("query", yasqe.getValue());
    for (const [name, value] of paramValues()) fields.set("param." + name, value);
    fields.set("view", yasr.getSelectedPluginName());
    if (state.lang === "en") fields.set("lang", "en");
    return location.origin + "/query#" + fields.toString();
  }
  function updatePermalink() {
    $("permalink").value = permalink();
    history.replaceState(null, "", permalink());
  }
  $("permalink-copy").addEventListener("click", async () => {
    updatePermalink();
    $("permalink").select();
    try {
      await navigator.clipboard.writeText($("permalink").value);
      setStatus(t("链接已复制", "link copied"), "done");
    } catch (error) {
      setStatus(t("请手动复制链接", "copy the selected link"), "");
    }
  });
  function openFromUrl() {
    const fields = new URLSearchParams(location.hash.slice(1));
    const search = new URLSearchParams(location.search); // links to the server-rendered page (?name=, ?query=)
    const given = fields.has("query") || fields.has("name") ? fields : search;
    const values = {};
    for (const [key, value] of given) if (key.startsWith("param.")) values[key.slice(6)] = value;
    if (given.get("view")) yasr.selectPlugin(given.get("view"));
    if (given.get("name") && setup.questions.some((q) => q.name === given.get("name"))) loadQuestion(given.get("name"), values);
    if (given.get("query")) {
      yasqe.setValue(given.get("query"));
      paramNames = declaredParams(given.get("query")).map((p) => p.name).join(",");
      $("params").replaceChildren();
      showParams(given.get("query"), values);
    }
    if (given.get("query") || given.get("name")) return run();
    loadQuestion(setup.questions[0].name);
  }

  // -- language: the shared bar's switch sets body.lang-en ----------------------------------------------
  function applyLanguage() {
    for (const node of document.querySelectorAll("#app [data-zh]")) node.textContent = t(node.dataset.zh, node.dataset.en);
    for (const node of document.querySelectorAll("#app [data-placeholder-zh]")) node.placeholder = t(node.dataset.placeholderZh, node.dataset.placeholderEn);
    for (const [name, plugin] of Object.entries(yasr.plugins)) {
      const span = yasr.headerEl.querySelector(`.select_${name} span:not(.view-icon)`);
      if (span && plugin.names) span.textContent = t(...plugin.names);
    }
    showExamples();
    showTitle();
    const heading = $("params").querySelector(".params-heading");
    if (heading) heading.textContent = t("参数(代号、中英文名称或拼音)", "Parameters (slug, Chinese or English name, or pinyin)");
  }
  new MutationObserver(() => {
    const lang = document.body.classList.contains("lang-en") ? "en" : "zh";
    if (lang === state.lang) return;
    state.lang = lang;
    applyLanguage();
    if (state.answer) yasr.draw();
    updatePermalink();
  }).observe(document.body, { attributes: true, attributeFilter: ["class"] });

  window.dgkgQuery = { yasqe, yasr, state, run, permalink };
  applyLanguage();
  updateDownloads(false);
  openFromUrl();
  document.body.dataset.ready = "true";
})();

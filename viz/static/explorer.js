/* dgkg explorer: the page's wiring — data, renderer, selection, sidebar, language and URL.
 *
 * Everything shown comes from the JSON blocks #dgkg-data (graph) and #dgkg-details (panel data,
 * parsed on first use). sigma.js draws the current view (explorer-view.js) into a graphology
 * graph rebuilt on every view change; labels are drawn by explorer-labels.js, the panel by
 * explorer-panel.js. Text from the graph only ever reaches the page through textContent or
 * canvas fillText. `window.dgkg` is the page's API for tests and the benchmark.
 */
(function () {
  "use strict";
  const lib = window.dgkgLib;
  const parts = window.dgkgParts;
  const {el, GLYPH} = parts;
  const $ = (id) => document.getElementById(id);
  const FADED = "#e3e6ea";
  const EDGE = "#b7bfc9";

  const data = JSON.parse($("dgkg-data").textContent);
  const nodes = data.nodes;
  const count = nodes.id.length;
  const index = new Map(nodes.id.map((slug, i) => [slug, i]));
  const adjacency = Array.from({length: count}, () => []);
  const edgeAt = new Map();
  const into = Array.from({length: count}, () => []);
  for (const edge of data.edges) {
    const [s, t] = edge;
    adjacency[s].push(t);
    adjacency[t].push(s);
    edgeAt.set(s * count + t, edge);
    into[t].push(edge);
  }
  let details = null;

  const state = {lang: "zh-hans", focus: null, depth: 1, more: new Set(), hiddenClasses: new Set(), region: null,
                 from: null, to: null, undated: true, query: "", open: new Set(), selected: null, path: null, pathFrom: null};
  const zh = () => state.lang === "zh-hans";
  const pick = (pair) => (zh() ? pair[0] : pair[1]) || pair[0] || pair[1] || "";

  const app = {
    data, state, index, adjacency, layouts: new Map(),
    details: () => details || (details = JSON.parse($("dgkg-details").textContent)),
    nodeLabel: (i) => pick([nodes.zh[i], nodes.en[i]]),
    propLabel: (p) => pick(data.props[p]),
    edgeBetween: (s, t) => edgeAt.get(s * count + t),
    edgesInto: (i) => into[i],
    search,
    pathBetween,
    pathStep,
  };

  /* --- paths: the shortest chain of facts between two entities, the one `dgkg analyze --path`
     gives (viz/analytics.py): breadth first from the start over links in either direction,
     neighbours taken in slug order; each link named by its relation with the first property IRI,
     a link from this step's entity before a link to it. Slugs sort as the page's indices do. --- */
  let ordered = null;
  const paths = new Map();
  function pathBetween(a, b) {
    const key = `${a},${b}`;
    if (!paths.has(key)) paths.set(key, breadthFirst(index.get(a), index.get(b)));
    return paths.get(key);
  }
  function breadthFirst(start, end) {
    if (!ordered) ordered = adjacency.map((list) => [...new Set(list)].sort((x, y) => x - y));
    const parent = new Map([[start, -1]]);
    let frontier = [start];
    while (frontier.length && !parent.has(end)) {
      const next = [];
      for (const i of frontier) for (const j of ordered[i]) if (!parent.has(j)) { parent.set(j, i); next.push(j); }
      frontier = next;
    }
    if (!parent.has(end)) return null;
    const chain = [];
    for (let i = end; i !== -1; i = parent.get(i)) chain.unshift(i);
    return chain;
  }
  /* One step of a path as [subject, object, property, claims], read from a to b or from b to a. */
  function pathStep(a, b) {
    const forward = app.edgeBetween(a, b);
    const [s, t, edge] = forward ? [a, b, forward] : [b, a, app.edgeBetween(b, a)];
    const [p, claims] = edge[2].slice().sort((x, y) => x[0] - y[0])[0];
    return [s, t, p, claims];
  }

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
    for (let i = 0; i < count; i++) {
      let rank = 3;
      for (const key of nodes.k[i]) {
        if (key === query) { rank = 0; break; }
        if (key.startsWith(query)) rank = Math.min(rank, 1);
        else if (key.includes(query)) rank = Math.min(rank, 2);
      }
      if (rank < 3) hits.push([rank, app.nodeLabel(i).length, nodes.id[i], i]);
    }
    hits.sort((a, b) => a[0] - b[0] || a[1] - b[1] || (a[2] < b[2] ? -1 : 1));
    return hits.map((hit) => hit[3]);
  }

  /* --- the renderer --- */
  const graph = new lib.Graph({type: "directed", multi: false});
  let highlight = null; // Set of unit keys in focus while something is selected
  let selectedEdges = new Set();
  const sigma = new lib.Sigma(graph, $("network"), {
    renderLabels: false,
    renderEdgeLabels: false,
    enableEdgeEvents: true,
    zIndex: true,
    defaultNodeType: "shape",
    nodeProgramClasses: {shape: parts.shapes.NodeShapeProgram},
    defaultEdgeType: "arrow",
    defaultDrawNodeHover: () => {},
    stagePadding: 40,
    zoomToSizeRatioFunction: () => 1, // sizes stay put on screen: zooming in spreads nodes apart
    minCameraRatio: 0.01,
    maxCameraRatio: 4,
    nodeReducer: (key, attrs) => {
      if (!highlight) return attrs;
      if (highlight.has(key)) return Object.assign({}, attrs, {zIndex: 2});
      return Object.assign({}, attrs, {color: FADED, faded: true, zIndex: 0});
    },
    edgeReducer: (key, attrs) => {
      if (!highlight) return attrs;
      if (selectedEdges.has(key)) return Object.assign({}, attrs, {color: "#0b5cad", size: Math.max(attrs.size, 2), zIndex: 2});
      return Object.assign({}, attrs, {color: "#f0f2f5", zIndex: 0});
    },
  });
  const labels = new parts.LabelLayer(sigma);
  const panel = parts.createPanel(app);

  const dgkg = window.dgkg = {
    data, sigma, graph, search, ready: false, firstDrawMs: null, stableMs: null, shown: 0,
    select: (slug) => select({node: slug}),
    selected: () => (state.selected && state.selected.node) || null,
    visibleNodes: () => graph.filterNodes((key, attrs) => attrs.kind === "entity"),
    groupNodes: () => graph.filterNodes((key, attrs) => attrs.kind === "group"),
    nodeLabel: (key) => (graph.hasNode(key) ? graph.getNodeAttribute(key, "label") : null),
    drawnLabels: () => labels.drawn.map((d) => ({id: d.id, text: d.text, box: d.box.slice(), edge: Boolean(d.edge)})),
    screenPosition: (key) => {
      const display = sigma.getNodeDisplayData(key);
      return display ? sigma.framedGraphToViewport(display) : null;
    },
    redraw: () => { // one full frame of the view: main-thread time, and until the GPU is done (readPixels)
      const started = performance.now();
      sigma.render();
      const drawn = performance.now();
      const gl = sigma.getCanvases().nodes.getContext("webgl2") || sigma.getCanvases().nodes.getContext("webgl");
      if (gl) gl.readPixels(0, 0, 1, 1, gl.RGBA, gl.UNSIGNED_BYTE, new Uint8Array(4));
      return [drawn - started, performance.now() - started];
    },
    state,
  };
  sigma.once("afterRender", () => { dgkg.firstDrawMs = performance.now(); });

  /* --- building the drawn graph from the view --- */
  const groupOf = (i) => (nodes.g ? nodes.g[i] : null);
  function groupMembers(g) {
    return currentView ? currentView.matched.filter((i) => groupOf(i) === g) : [];
  }
  function groupLabel(g) {
    const lead = data.groups[g][0];
    const scattered = data.groups[g][1];
    const size = groupMembers(g).length;
    if (scattered !== null) return zh() ? `零散的${data.classes[scattered].zh}（${size}）` : `scattered ${data.classes[scattered].en} (${size})`;
    return zh() ? `${app.nodeLabel(lead)} 等 ${size} 个` : `${app.nodeLabel(lead)} +${size - 1}`;
  }
  Object.assign(app, {groupMembers, groupLabel});

  let currentView = null;
  let units = [];
  function entitySize(i) { return 3 + 10 * nodes.w[i]; }

  function buildUnits(view) {
    const built = [];
    const unitOf = new Map(); // node index -> unit key
    if (!view.grouped) {
      for (const i of view.matched) {
        built.push({key: nodes.id[i], index: i, size: entitySize(i)});
        unitOf.set(i, nodes.id[i]);
      }
    } else {
      const groups = new Map();
      for (const i of view.matched) {
        const g = groupOf(i);
        if (state.open.has(g)) {
          built.push({key: nodes.id[i], index: i, size: entitySize(i)});
          unitOf.set(i, nodes.id[i]);
        } else {
          if (!groups.has(g)) groups.set(g, {key: `group:${g}`, group: g, members: []});
          groups.get(g).members.push(i);
          unitOf.set(i, `group:${g}`);
        }
      }
      for (const unit of groups.values()) {
        unit.size = Math.min(6 + 2.2 * Math.sqrt(unit.members.length), 42);
        built.push(unit);
      }
    }
    const edges = new Map();
    for (const edge of data.edges) {
      const a = unitOf.get(edge[0]);
      const b = unitOf.get(edge[1]);
      if (a === undefined || b === undefined || a === b) continue;
      const key = `${a}>${b}`;
      const found = edges.get(key);
      if (found) found.count++;
      else edges.set(key, {key, source: a, target: b, count: 1, bundle: a.startsWith("group:") || b.startsWith("group:")});
    }
    return [built, [...edges.values()]];
  }

  /* A group takes its class's colour only when most of its members share it: a mixed group is grey. */
  function groupColour(members) {
    const tally = new Map();
    for (const i of members) tally.set(nodes.c[i], (tally.get(nodes.c[i]) || 0) + 1);
    const [top, size] = [...tally].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0];
    return size > members.length / 2 ? data.classes[top].colour : "#9aa3ad";
  }

  function applyView() {
    const view = parts.view.compute(app);
    currentView = view;
    const [built, edges] = buildUnits(view);
    units = built;
    const positions = parts.view.place(app, view, built, edges);
    graph.clear();
    for (const unit of built) {
      const [x, y] = positions.get(unit.key); // y grows upwards in sigma, downwards in the layouts
      if (unit.members) {
        graph.addNode(unit.key, {x, y: -y, size: unit.size, color: groupColour(unit.members), shape: 0, kind: "group", group: unit.group,
                                 label: groupLabel(unit.group), weight: 1});
      } else {
        const cls = data.classes[nodes.c[unit.index]];
        const central = unit.index === view.focus;
        graph.addNode(unit.key, {x, y: -y, size: unit.size * (central ? 1.5 : 1), color: cls.colour,
                                 shape: parts.shapes.shapeIndex(cls.shape), kind: "entity", index: unit.index,
                                 label: app.nodeLabel(unit.index), weight: central ? 1 : nodes.w[unit.index]});
      }
    }
    for (const edge of edges) {
      graph.addEdgeWithKey(edge.key, edge.source, edge.target, {
        size: edge.bundle ? Math.min(1 + Math.log2(edge.count), 6) : 1, color: EDGE,
        type: edge.bundle ? "line" : "arrow", bundle: edge.bundle, count: edge.count});
    }
    dgkg.shown = view.matched.length;
    if (state.selected && !selectionVisible()) state.selected = null;
    updateSelection(false);
    sigma.refresh();
    sigma.getCamera().setState({x: 0.5, y: 0.5, ratio: 1, angle: 0});
    fitSelection();
    describeView(view);
    buildLegend(view);
    parts.view.writeHash(app);
  }

  function selectionVisible() {
    const sel = state.selected;
    if (sel.node) return graph.hasNode(sel.node);
    if (sel.edge) return graph.hasEdge(`${sel.edge[0]}>${sel.edge[1]}`) || graph.hasEdge(`${sel.edge[1]}>${sel.edge[0]}`);
    return graph.hasNode(`group:${sel.group}`);
  }

  /* --- selection: the selected node or edge and its neighbourhood in focus, the rest faded --- */
  function updateSelection(refresh = true) {
    const sel = state.selected;
    highlight = null;
    selectedEdges = new Set();
    const edgeLabels = [];
    const strong = new Set();
    if (sel && sel.node && graph.hasNode(sel.node)) {
      highlight = new Set([sel.node]);
      strong.add(sel.node);
      graph.forEachEdge(sel.node, (key, attrs, source, target) => {
        highlight.add(source);
        highlight.add(target);
        selectedEdges.add(key);
        if (!attrs.bundle) edgeLabels.push([source, target, relationNames(source, target)]);
      });
    } else if (sel && sel.edge) {
      highlight = new Set(sel.edge);
      for (const key of [`${sel.edge[0]}>${sel.edge[1]}`, `${sel.edge[1]}>${sel.edge[0]}`]) {
        if (graph.hasEdge(key)) {
          selectedEdges.add(key);
          edgeLabels.push([...key.split(">"), relationNames(...key.split(">"))]);
        }
      }
      sel.edge.forEach((key) => strong.add(key));
    } else if (currentView && currentView.chain) {
      const keys = currentView.chain.map((i) => nodes.id[i]);
      highlight = new Set(keys);
      keys.forEach((key) => strong.add(key));
      keys.slice(1).forEach((key, step) => {
        const [s, t, p] = pathStep(currentView.chain[step], currentView.chain[step + 1]);
        const edge = `${nodes.id[s]}>${nodes.id[t]}`;
        selectedEdges.add(edge);
        edgeLabels.push([nodes.id[s], nodes.id[t], app.propLabel(p)]);
      });
    }
    if (currentView && currentView.focus !== null) strong.add(nodes.id[currentView.focus]);
    const byWeight = (a, b) => graph.getNodeAttribute(b, "weight") - graph.getNodeAttribute(a, "weight");
    const order = highlight ? [...highlight].filter((k) => graph.hasNode(k)).sort((a, b) => (strong.has(b) - strong.has(a)) || byWeight(a, b))
      : graph.nodes().sort((a, b) => (strong.has(b) - strong.has(a)) || byWeight(a, b));
    labels.setPriority(order, strong, edgeLabels);
    if (refresh) sigma.refresh();
  }

  function relationNames(source, target) {
    const edge = app.edgeBetween(index.get(source), index.get(target));
    return edge ? edge[2].map(([p]) => app.propLabel(p)).join(" · ") : "";
  }

  /* Zoom to the selection and its neighbours: spread out, their labels fit. */
  function fitSelection() {
    if (!highlight || highlight.size < 1) return;
    const keys = [...highlight].filter((k) => graph.hasNode(k));
    const camera = lib.getCameraStateToFitViewportToNodes(sigma, keys);
    // room around a neighbourhood for its outer labels; a path's lie beside it, along its line
    const path = !state.selected && currentView && currentView.chain;
    camera.ratio = Math.max(camera.ratio * (path ? 1 : 1.25), 0.05);
    sigma.getCamera().setState(camera);
  }

  function select(selection) {
    if (selection && selection.node && !graph.hasNode(selection.node)) revealNode(selection.node);
    state.selected = selection;
    updateSelection();
    fitSelection();
    showSelection();
    parts.view.writeHash(app);
  }

  /* A node outside the current view: open its group, or clear what hides it. */
  function revealNode(slug) {
    const i = index.get(slug);
    const view = parts.view.compute(app);
    if (view.matched.includes(i) && view.grouped) {
      state.open.add(groupOf(i));
    } else {
      Object.assign(state, {focus: null, more: new Set(), hiddenClasses: new Set(), region: null, from: null, to: null,
                            undated: true, query: ""});
      if (nodes.g) state.open.add(groupOf(i));
      syncControls();
    }
    applyView();
  }

  function showSelection() {
    const sel = state.selected;
    if (!sel && state.path) { panel.showPath(state.path, currentView && currentView.chain); return; }
    if (!sel) { panel.hide(); return; }
    if (sel.node) panel.showNode(sel.node);
    else if (sel.edge) panel.showEdge(...sel.edge);
    else panel.showGroup(sel.group);
  }

  function clearSelection() {
    state.selected = null;
    updateSelection();
    fitSelection();
    showSelection();
    parts.view.writeHash(app);
  }

  /* Ask for the path between two entities: its own view, the path in focus, its steps in the panel. */
  function showPath(from, to) {
    state.path = [from, to];
    state.pathFrom = null;
    state.selected = null;
    for (const [id, slug] of [["path-from", from], ["path-to", to]]) $(id).value = app.nodeLabel(index.get(slug));
    applyView();
    showSelection();
  }
  function pickPathEnd(slug) {
    if (state.pathFrom && state.pathFrom !== slug) { showPath(state.pathFrom, slug); return; }
    state.pathFrom = slug;
    $("path-from").value = app.nodeLabel(index.get(slug));
    $("path-to").value = "";
    $("path-to").focus();
  }

  Object.assign(app, {
    select,
    pickPathEnd,
    focusOn: (slug) => { Object.assign(state, {focus: slug, more: new Set(), query: ""}); state.selected = {node: slug}; applyView(); showSelection(); },
    expand: (slug) => {
      if (!state.focus) state.focus = slug;
      else state.more.add(slug);
      state.selected = {node: slug};
      applyView();
      showSelection();
    },
    openGroup: (g) => {
      state.open.add(g);
      state.selected = null;
      applyView();
      panel.hide();
      const members = groupMembers(g).map((i) => nodes.id[i]).filter((key) => graph.hasNode(key));
      if (members.length) sigma.getCamera().setState(lib.getCameraStateToFitViewportToNodes(sigma, members));
    },
  });

  /* --- pointer: click, hover --- */
  const tooltip = $("tooltip");
  sigma.on("clickNode", ({node, event}) => {
    const attrs = graph.getNodeAttributes(node);
    if (attrs.kind === "group") { select({group: attrs.group}); return; }
    if (event.original && event.original.shiftKey) { pickPathEnd(node); return; }
    select({node});
  });
  sigma.on("doubleClickNode", (event) => {
    event.preventSigmaDefault();
    const attrs = graph.getNodeAttributes(event.node);
    if (attrs.kind === "group") app.openGroup(attrs.group);
    else app.expand(event.node);
  });
  sigma.on("clickEdge", ({edge}) => {
    if (graph.getEdgeAttribute(edge, "bundle")) return;
    select({edge: [graph.source(edge), graph.target(edge)]});
  });
  sigma.on("clickStage", () => clearSelection());
  sigma.on("enterNode", ({node, event}) => {
    const attrs = graph.getNodeAttributes(node);
    const kind = attrs.kind === "group" ? (zh() ? "组" : "group") : pick([data.classes[nodes.c[attrs.index]].zh, data.classes[nodes.c[attrs.index]].en]);
    tooltip.textContent = `${attrs.label} · ${kind}`;
    tooltip.style.left = `${event.x + 14}px`;
    tooltip.style.top = `${event.y + 14}px`;
    tooltip.hidden = false;
  });
  sigma.on("leaveNode", () => { tooltip.hidden = true; });
  sigma.getCamera().on("updated", () => { tooltip.hidden = true; });

  /* --- sidebar --- */
  function buildLegend(view) {
    const counts = new Array(data.classes.length).fill(0);
    const saved = state.hiddenClasses;
    state.hiddenClasses = new Set(); // a hidden class shows how many it would add
    for (const i of parts.view.compute(app).matched) counts[nodes.c[i]]++;
    state.hiddenClasses = saved;
    const list = $("legend");
    list.replaceChildren();
    data.classes.forEach((cls, i) => {
      if (!counts[i] && !state.hiddenClasses.has(i)) return;
      const row = el("label", null, "legend-row");
      const box = el("input");
      box.type = "checkbox";
      box.checked = !state.hiddenClasses.has(i);
      box.dataset.classIndex = String(i);
      box.addEventListener("change", () => {
        if (box.checked) state.hiddenClasses.delete(i); else state.hiddenClasses.add(i);
        applyView();
      });
      const glyph = el("span", GLYPH[cls.shape] || "●", "glyph");
      glyph.style.color = cls.colour;
      row.append(box, glyph, el("span", pick([cls.zh, cls.en])), el("span", String(counts[i]), "legend-count"));
      list.append(row);
    });
    $("count").textContent = zh() ? `显示 ${view.matched.length} / ${count} 个实体` : `${view.matched.length} of ${count} entities shown`;
  }

  function buildRegionChoices() {
    const select = $("region");
    select.replaceChildren(el("option", zh() ? "全部地区" : "All regions"));
    select.firstChild.value = "";
    for (const kind of data.regions) {
      const group = el("optgroup");
      group.label = pick([kind.zh, kind.en]);
      for (const i of zh() ? kind.byZh : kind.byEn) {
        const option = el("option", app.nodeLabel(i));
        option.value = nodes.id[i];
        group.append(option);
      }
      select.append(group);
    }
    select.value = state.region || "";
  }

  function buildStageChoices() {
    const select = $("stage");
    select.replaceChildren(el("option", zh() ? "按阶段选择年份…" : "Years of a stage…"));
    select.firstChild.value = "";
    for (const [i, start, end] of data.stages) {
      const option = el("option", `${app.nodeLabel(i)} (${start}–${end === null ? "" : end})`);
      option.value = nodes.id[i];
      select.append(option);
    }
  }

  function describeView(view) {
    const bar = $("view-bar");
    const text = [];
    if (state.focus) {
      text.push(zh() ? `邻域：${app.nodeLabel(index.get(state.focus))}（${state.depth} 步）`
        : `Neighbourhood of ${app.nodeLabel(index.get(state.focus))} (depth ${state.depth})`);
    }
    if (state.query) text.push(zh() ? `搜索“${state.query}”` : `search “${state.query}”`);
    if (view.chain) {
      const [a, b] = state.path.map((slug) => app.nodeLabel(index.get(slug)));
      text.length = 0;
      text.push(zh() ? `路径：${a} → ${b}（${view.chain.length - 1} 步）` : `Path: ${a} → ${b} (${view.chain.length - 1} links)`);
    }
    if (view.grouped) text.push(zh() ? "按社群分组，点击一组展开" : "grouped by community: click a group to open it");
    bar.hidden = text.length === 0;
    $("depth-controls").hidden = !state.focus;
    $("view-text").textContent = `${text.join(" · ")} — ${zh() ? `${view.matched.length} 个实体` : `${view.matched.length} entities`}`;
  }

  function showResults() {
    const results = $("results");
    results.replaceChildren();
    const hits = search($("search").value);
    for (const i of hits.slice(0, 12)) {
      const item = el("li");
      const button = el("button", app.nodeLabel(i), "entity-link");
      button.type = "button";
      button.dataset.slug = nodes.id[i];
      button.addEventListener("click", () => select({node: nodes.id[i]}));
      item.append(button);
      results.append(item);
    }
    if (hits.length > 1) {
      const item = el("li");
      const all = el("button", zh() ? `在图中只看这 ${hits.length} 个结果` : `Show these ${hits.length} results as a graph`, "action");
      all.type = "button";
      all.id = "show-results";
      all.addEventListener("click", () => { state.query = $("search").value; state.focus = null; applyView(); });
      item.append(all);
      results.append(item);
    }
  }

  function syncControls() {
    $("region").value = state.region || "";
    $("year-from").value = state.from === null ? "" : String(state.from);
    $("year-to").value = state.to === null ? "" : String(state.to);
    $("undated").checked = state.undated;
    const ends = state.path || [state.pathFrom, null];
    $("path-from").value = ends[0] ? app.nodeLabel(index.get(ends[0])) : "";
    $("path-to").value = ends[1] ? app.nodeLabel(index.get(ends[1])) : "";
  }

  function applyLanguage() {
    document.documentElement.lang = zh() ? "zh-Hans" : "en";
    tooltip.hidden = true;
    for (const button of document.querySelectorAll("[data-lang]")) button.setAttribute("aria-pressed", String(button.dataset.lang === state.lang));
    for (const node of document.querySelectorAll("[data-zh]")) node.textContent = zh() ? node.dataset.zh : node.dataset.en;
    for (const node of document.querySelectorAll("[data-zh-placeholder]")) node.placeholder = zh() ? node.dataset.zhPlaceholder : node.dataset.enPlaceholder;
    graph.updateEachNodeAttributes((key, attrs) => Object.assign(attrs, {
      label: attrs.kind === "group" ? groupLabel(attrs.group) : app.nodeLabel(attrs.index)}));
    buildRegionChoices();
    buildStageChoices();
    syncControls();
    if ($("search").value) showResults();
    if (currentView) { describeView(currentView); buildLegend(currentView); }
    updateSelection();
    showSelection();
  }

  /* the path pickers: the same search, a result taken by click or Enter */
  for (const [id, end] of [["path-from", 0], ["path-to", 1]]) {
    const input = $(id);
    const list = $(`${id}-results`);
    const take = (i) => {
      list.replaceChildren();
      input.value = app.nodeLabel(i);
      const other = end === 0 ? (state.path ? state.path[1] : null) : (state.pathFrom || (state.path && state.path[0]));
      if (end === 0) state.pathFrom = nodes.id[i];
      if (other && other !== nodes.id[i]) showPath(...(end === 0 ? [nodes.id[i], other] : [other, nodes.id[i]]));
    };
    input.addEventListener("input", () => {
      list.replaceChildren();
      for (const i of search(input.value).slice(0, 6)) {
        const item = el("li");
        const button = el("button", app.nodeLabel(i), "entity-link");
        button.type = "button";
        button.dataset.slug = nodes.id[i];
        button.addEventListener("click", () => take(i));
        item.append(button);
        list.append(item);
      }
    });
    input.addEventListener("keydown", (event) => {
      if (event.key !== "Enter") return;
      const hits = search(input.value);
      if (hits.length) take(hits[0]);
    });
  }

  $("search").addEventListener("input", showResults);
  $("search").addEventListener("keydown", (event) => {
    if (event.key === "Enter") {
      const hits = search($("search").value);
      if (hits.length) select({node: nodes.id[hits[0]]});
    }
  });
  for (const button of document.querySelectorAll("[data-lang]")) {
    button.addEventListener("click", () => { state.lang = button.dataset.lang; applyLanguage(); parts.view.writeHash(app); });
  }
  $("region").addEventListener("change", () => { state.region = $("region").value || null; applyView(); });
  const year = (id) => ($(id).value === "" ? null : Number($(id).value));
  for (const id of ["year-from", "year-to"]) {
    $(id).addEventListener("change", () => { state.from = year("year-from"); state.to = year("year-to"); applyView(); });
  }
  $("undated").addEventListener("change", () => { state.undated = $("undated").checked; applyView(); });
  $("stage").addEventListener("change", () => {
    const stage = data.stages.find((s) => nodes.id[s[0]] === $("stage").value);
    if (!stage) return;
    state.from = stage[1];
    state.to = stage[2];
    syncControls();
    applyView();
  });
  $("reset").addEventListener("click", () => {
    Object.assign(state, {hiddenClasses: new Set(), region: null, from: null, to: null, undated: true});
    syncControls();
    applyView();
  });
  $("close-details").addEventListener("click", clearSelection);
  $("show-all").addEventListener("click", () => {
    Object.assign(state, {focus: null, more: new Set(), query: "", path: null, pathFrom: null});
    applyView();
  });
  $("depth-less").addEventListener("click", () => { state.depth = Math.max(1, state.depth - 1); applyView(); });
  $("depth-more").addEventListener("click", () => { state.depth = Math.min(5, state.depth + 1); applyView(); });

  function readHash() {
    parts.view.readHash(app);
    if (!location.hash && data.focus) { state.focus = data.focus; state.selected = {node: data.focus}; }
    else if (state.focus && !state.selected) state.selected = {node: state.focus};
    syncControls();
    applyLanguage();
    applyView();
    showSelection();
  }
  window.addEventListener("hashchange", readHash);

  readHash();
  sigma.once("afterRender", () => {
    dgkg.stableMs = performance.now();
    dgkg.ready = true;
    document.body.dataset.ready = "true";
  });
  sigma.refresh();
  // The panel opening or closing changes the canvas's size: sigma only follows the window's.
  new ResizeObserver(() => { sigma.resize(); sigma.refresh(); }).observe($("network"));
})();

/* dgkg explorer: the view — what the reader asked to see, where it is drawn, and the URL that says so.
 *
 * A view is computed from the state (focus and depth, neighbours expanded, class/region/period
 * filters, a search, groups opened): the entities it matches, the units drawn (entities, or
 * groups of them when there are too many to draw one by one) and their positions. A view other
 * than the whole graph gets a layout of its own (a radial tree around a focus, ForceAtlas2 for a
 * filtered or searched set), so that what is left fills the screen instead of keeping its place
 * in the whole picture. The state lives in the URL's hash, so a view can be shared and reopened.
 */
(function () {
  "use strict";
  const DETAIL_LIMIT = 2500; // entities drawn one by one; above this the view opens on groups
  const RING = 140; // layout units between the rings of a radial layout
  const SPACING = 46; // layout units per node along a ring

  /* --- the URL's hash <-> the state --- */
  const LIST = (text) => (text ? text.split(",").filter(Boolean) : []);

  function readHash(app) {
    const {state, data, index} = app;
    const params = new URLSearchParams(location.hash.slice(1));
    const slug = (value) => (value && index.has(value) ? value : null);
    state.focus = slug(params.get("focus"));
    state.depth = Math.max(1, Math.min(5, Number(params.get("depth")) || 1));
    state.more = new Set(LIST(params.get("more")).filter((s) => index.has(s)));
    const hidden = new Set(LIST(params.get("hide")));
    state.hiddenClasses = new Set(data.classes.map((c, i) => (hidden.has(c.en) ? i : -1)).filter((i) => i >= 0));
    state.region = slug(params.get("region"));
    const year = (value) => (value === null || value === "" || Number.isNaN(Number(value)) ? null : Number(value));
    state.from = year(params.get("from"));
    state.to = year(params.get("to"));
    state.undated = params.get("undated") !== "0";
    // no lang in the address: the reader's choice on another page (the shared bar, viz/static/nav.js)
    const lang = params.get("lang") || (window.dgkgNav ? window.dgkgNav.initial() : null);
    state.lang = lang === "en" ? "en" : "zh-hans";
    state.query = params.get("q") || "";
    const ends = LIST(params.get("path"));
    state.path = ends.length === 2 && ends.every((s) => index.has(s)) ? ends : null;
    state.open = new Set(LIST(params.get("open")).filter((s) => index.has(s)).map((s) => groupLedBy(app, s))
      .filter((g) => g !== null));
    const selected = params.get("sel") || "";
    const [a, b] = selected.split(">");
    if (b !== undefined) state.selected = index.has(a) && index.has(b) ? {edge: [a, b]} : null;
    else state.selected = index.has(a) ? {node: a} : (a.startsWith("group:") ? {group: Number(a.slice(6))} : null);
  }

  function writeHash(app) {
    const {state, data} = app;
    const params = new URLSearchParams();
    if (state.focus) { params.set("focus", state.focus); params.set("depth", String(state.depth)); }
    if (state.more.size) params.set("more", [...state.more].join(","));
    if (state.hiddenClasses.size) params.set("hide", [...state.hiddenClasses].map((i) => data.classes[i].en).join(","));
    if (state.region) params.set("region", state.region);
    if (state.from !== null) params.set("from", String(state.from));
    if (state.to !== null) params.set("to", String(state.to));
    if (!state.undated) params.set("undated", "0");
    if (state.query) params.set("q", state.query);
    if (state.path) params.set("path", state.path.join(","));
    if (state.open.size) params.set("open", [...state.open].map((g) => data.nodes.id[data.groups[g][0]]).join(","));
    if (state.lang === "en") params.set("lang", "en");
    const sel = state.selected;
    if (sel && sel.node) params.set("sel", sel.node);
    else if (sel && sel.edge) params.set("sel", sel.edge.join(">"));
    else if (sel && sel.group !== undefined) params.set("sel", `group:${sel.group}`);
    const hash = params.toString();
    const url = location.pathname + location.search + (hash ? `#${hash}` : "");
    if (url !== location.pathname + location.search + location.hash) history.replaceState(null, "", url);
  }

  function groupLedBy(app, slug) {
    if (!app.data.groups) return null;
    const i = app.index.get(slug);
    const g = app.data.groups.findIndex((group) => group[0] === i);
    return g >= 0 ? g : null;
  }

  /* --- which entities the view matches --- */
  function neighbourhood(app, start, depth) {
    const seen = new Map([[start, 0]]);
    let frontier = [start];
    for (let d = 1; d <= depth; d++) {
      const next = [];
      for (const s of frontier) for (const n of app.adjacency[s]) if (!seen.has(n)) { seen.set(n, d); next.push(n); }
      frontier = next;
    }
    return seen;
  }

  function passesFilters(app, i) {
    const {state, data} = app;
    const nodes = data.nodes;
    if (state.hiddenClasses.has(nodes.c[i])) return false;
    if (state.region !== null && !nodes.r[i].includes(app.index.get(state.region))) return false;
    if (state.from !== null || state.to !== null) {
      if (nodes.y0[i] === null) return state.undated;
      const from = state.from === null ? -Infinity : state.from;
      const to = state.to === null ? Infinity : state.to;
      if (nodes.y1[i] < from || nodes.y0[i] > to) return false;
    }
    return true;
  }

  function filtered(app) {
    const s = app.state;
    return s.hiddenClasses.size > 0 || s.region !== null || s.from !== null || s.to !== null;
  }

  function compute(app) {
    const {state, data} = app;
    const n = data.nodes.id.length;
    const chain = state.path ? app.pathBetween(...state.path) : null;
    if (chain) { // a path is a view of its own: its entities only, whatever the filters
      return {matched: chain.slice(), base: null, whole: false, grouped: false, key: JSON.stringify(["path", state.path]), focus: null, chain};
    }
    let base = null; // Map node -> ring (distance from the focus), or null: every node
    if (state.focus) {
      base = neighbourhood(app, app.index.get(state.focus), state.depth);
      for (const slug of state.more) {
        const i = app.index.get(slug);
        if (!base.has(i)) continue;
        for (const j of app.adjacency[i]) if (!base.has(j)) base.set(j, base.get(i) + 1);
      }
    }
    const hits = state.query ? new Set(app.search(state.query)) : null;
    const matched = [];
    for (let i = 0; i < n; i++) {
      if (base && !base.has(i)) continue;
      if (hits && !hits.has(i)) continue;
      if (!passesFilters(app, i)) continue;
      matched.push(i);
    }
    const focusIndex = state.focus ? app.index.get(state.focus) : null;
    if (focusIndex !== null && !matched.includes(focusIndex)) matched.unshift(focusIndex); // the centre stays
    const whole = !base && !hits && !filtered(app);
    const grouped = data.groups !== null && matched.length > DETAIL_LIMIT;
    const key = JSON.stringify([state.focus, state.depth, [...state.more].sort(), state.query,
      [...state.hiddenClasses].sort(), state.region, state.from, state.to, state.undated, grouped ? [...state.open].sort() : []]);
    return {matched, base, whole, grouped, key, focus: focusIndex};
  }

  /* --- where the view's units are drawn --- */
  function place(app, view, units, edges) {
    const cached = app.layouts.get(view.key);
    if (cached) return cached;
    const nodes = app.data.nodes;
    const precomputed = nodes.x.length > 0 && nodes.x[0] !== null;
    let positions;
    if (view.chain) positions = zigzag(view.chain, units);
    else if (view.focus !== null && !view.grouped) positions = radial(app, view, units, edges);
    else if ((view.whole || view.grouped) && precomputed) positions = fromPrecomputed(app, units);
    else positions = forceLayout(app, units, edges, precomputed);
    app.layouts.set(view.key, positions);
    return positions;
  }

  function fromPrecomputed(app, units) {
    const {x, y} = app.data.nodes;
    const positions = new Map();
    for (const unit of units) {
      if (unit.members) {
        let sx = 0, sy = 0;
        for (const i of unit.members) { sx += x[i]; sy += y[i]; }
        positions.set(unit.key, [sx / unit.members.length, sy / unit.members.length]);
      } else {
        positions.set(unit.key, [x[unit.index], y[unit.index]]);
      }
    }
    return positions;
  }

  /* A path from left to right, every other step a little lower, so that neighbouring labels
     and the relation names on the links between them do not collide. */
  function zigzag(chain, units) {
    const keyOf = new Map(units.map((u) => [u.index, u.key]));
    return new Map(chain.map((i, step) => [keyOf.get(i), [step * RING * 1.4, step % 2 ? RING * 0.45 : 0]]));
  }

  /* A radial tree: the focus in the middle, each ring one link further out, each node's angle
     inside its parent's share (shares by number of descendants), so that links rarely cross. */
  function radial(app, view, units, edges) {
    const keyOf = new Map(units.map((u) => [u.index, u.key]));
    const children = new Map();
    const parent = new Map([[view.focus, null]]);
    let frontier = [view.focus];
    while (frontier.length) {
      const next = [];
      for (const i of frontier) {
        const kids = app.adjacency[i].filter((j) => keyOf.has(j) && !parent.has(j))
          .sort((a, b) => app.data.nodes.c[a] - app.data.nodes.c[b] || a - b);
        for (const j of kids) parent.set(j, i);
        children.set(i, kids);
        next.push(...kids);
      }
      frontier = next;
    }
    const stray = units.map((u) => u.index).filter((i) => !parent.has(i)); // not linked inside the view
    children.set(view.focus, [...(children.get(view.focus) || []), ...stray]);
    for (const i of stray) { parent.set(i, view.focus); children.set(i, []); }
    const weight = new Map();
    const measure = (i) => {
      let total = 1;
      for (const j of children.get(i) || []) total += measure(j);
      weight.set(i, total);
      return total;
    };
    measure(view.focus);
    const depthCount = new Map();
    const depthOf = new Map([[view.focus, 0]]);
    const stack = [view.focus];
    while (stack.length) {
      const i = stack.pop();
      const d = depthOf.get(i);
      depthCount.set(d, (depthCount.get(d) || 0) + 1);
      for (const j of children.get(i) || []) { depthOf.set(j, d + 1); stack.push(j); }
    }
    let radius = 0;
    const radii = [0];
    for (let d = 1; depthCount.has(d); d++) {
      radius = Math.max(radius + RING, (depthCount.get(d) * SPACING) / (2 * Math.PI));
      radii.push(radius);
    }
    const positions = new Map();
    const assign = (i, start, span) => {
      const d = depthOf.get(i);
      const angle = start + span / 2;
      positions.set(keyOf.get(i), [radii[d] * Math.cos(angle), radii[d] * Math.sin(angle)]);
      let at = start;
      for (const j of children.get(i) || []) {
        const share = (span * weight.get(j)) / Math.max(weight.get(i) - 1, 1);
        assign(j, at, share);
        at += share;
      }
    };
    assign(view.focus, -Math.PI / 2, 2 * Math.PI);
    return positions;
  }

  /* ForceAtlas2 from the whole picture's positions (or a seeded scatter), then Noverlap. */
  function forceLayout(app, units, edges, precomputed) {
    const lib = window.dgkgLib;
    const graph = new lib.Graph({type: "undirected"});
    let seed = 7;
    const random = () => { seed = (seed * 16807) % 2147483647; return seed / 2147483647; };
    for (const unit of units) {
      const [x, y] = precomputed && unit.index !== undefined ? [app.data.nodes.x[unit.index], app.data.nodes.y[unit.index]]
        : [random() * 1000, random() * 1000];
      graph.addNode(unit.key, {x, y, size: unit.size});
    }
    for (const edge of edges) if (!graph.hasEdge(edge.source, edge.target)) graph.addEdge(edge.source, edge.target);
    const n = graph.order;
    if (n > 1) {
      const settings = Object.assign(lib.forceAtlas2.inferSettings(graph), {gravity: 1, scalingRatio: 10});
      lib.forceAtlas2.assign(graph, {iterations: n < 300 ? 300 : n < 1000 ? 150 : 60, settings});
      fitScale(graph);
      lib.noverlap.assign(graph, {maxIterations: 60, settings: {margin: 6, ratio: 1.1}});
    }
    const positions = new Map();
    graph.forEachNode((key, attrs) => positions.set(key, [attrs.x, attrs.y]));
    return positions;
  }

  /* Scale a layout so that its median link is about two labels' height long. */
  function fitScale(graph) {
    const lengths = [];
    graph.forEachEdge((edge, attrs, s, t, sa, ta) => lengths.push(Math.hypot(sa.x - ta.x, sa.y - ta.y)));
    lengths.sort((a, b) => a - b);
    const median = lengths.length ? lengths[Math.floor(lengths.length / 2)] : 0;
    const factor = median > 0 ? 60 / median : 1;
    graph.updateEachNodeAttributes((key, attrs) => Object.assign(attrs, {x: attrs.x * factor, y: attrs.y * factor}));
  }

  window.dgkgParts = window.dgkgParts || {};
  window.dgkgParts.view = {readHash, writeHash, compute, place, neighbourhood, DETAIL_LIMIT};
})();

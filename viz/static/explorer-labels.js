/* dgkg explorer: which labels to draw, so that they never overlap, at every zoom.
 *
 * After each frame, nodes claim room for their label in order of priority (the selection and its
 * neighbours first, then by centrality); a label is drawn only where no label drawn before it
 * lies. Zooming in spreads the nodes, so more labels fit: level of detail without thresholds.
 * Labels are drawn with fillText on a canvas of our own (text, never markup); the boxes drawn
 * are kept so that the page can be asked which labels a reader sees (`drawn`).
 */
(function () {
  "use strict";
  const FONT = '"WenQuanYi Micro Hei", "Noto Sans CJK SC", "Microsoft YaHei", "PingFang SC", sans-serif';
  const CELL = 48; // px: the collision grid's cell
  const MAX_CANDIDATES = 4000; // labels tried per frame: beyond this many, no label would fit anyway

  class LabelLayer {
    constructor(sigma) {
      this.sigma = sigma;
      this.canvas = document.createElement("canvas");
      this.canvas.className = "label-layer";
      sigma.getContainer().append(this.canvas);
      this.context = this.canvas.getContext("2d");
      this.widths = new Map();
      this.order = []; // node keys, highest priority first
      this.strong = new Set(); // nodes whose labels are drawn bold and dark (selection, focus)
      this.edgeLabels = []; // [source, target, text] drawn for the selection's edges
      this.drawn = [];
      sigma.on("afterRender", () => this.draw());
    }

    setPriority(order, strong, edgeLabels) {
      this.order = order;
      this.strong = strong;
      this.edgeLabels = edgeLabels;
    }

    width(text, font) {
      const key = font + "\u0000" + text;
      let width = this.widths.get(key);
      if (width === undefined) {
        this.context.font = font;
        width = this.context.measureText(text).width;
        this.widths.set(key, width);
      }
      return width;
    }

    draw() {
      const {width, height} = this.sigma.getDimensions();
      const ratio = window.devicePixelRatio || 1;
      if (this.canvas.width !== Math.round(width * ratio) || this.canvas.height !== Math.round(height * ratio)) {
        this.canvas.width = Math.round(width * ratio);
        this.canvas.height = Math.round(height * ratio);
        this.canvas.style.width = `${width}px`;
        this.canvas.style.height = `${height}px`;
      }
      const ctx = this.context;
      ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
      ctx.clearRect(0, 0, width, height);
      const grid = new Map();
      const fits = (box) => {
        for (let gx = Math.floor(box[0] / CELL); gx <= Math.floor(box[2] / CELL); gx++) {
          for (let gy = Math.floor(box[1] / CELL); gy <= Math.floor(box[3] / CELL); gy++) {
            for (const other of grid.get(gx * 65536 + gy) || []) {
              if (box[0] < other[2] && box[2] > other[0] && box[1] < other[3] && box[3] > other[1]) return false;
            }
          }
        }
        return true;
      };
      const claim = (box) => {
        for (let gx = Math.floor(box[0] / CELL); gx <= Math.floor(box[2] / CELL); gx++) {
          for (let gy = Math.floor(box[1] / CELL); gy <= Math.floor(box[3] / CELL); gy++) {
            const key = gx * 65536 + gy;
            if (!grid.has(key)) grid.set(key, []);
            grid.get(key).push(box);
          }
        }
      };
      const drawn = [];
      const graph = this.sigma.getGraph();
      let tried = 0;
      ctx.textBaseline = "middle";
      ctx.lineJoin = "round";
      for (const node of this.order) {
        if (tried >= MAX_CANDIDATES) break;
        const data = this.sigma.getNodeDisplayData(node);
        if (!data || data.hidden || !graph.hasNode(node)) continue;
        const text = graph.getNodeAttribute(node, "label");
        if (!text) continue;
        tried++;
        const point = this.sigma.framedGraphToViewport(data);
        if (point.x < -200 || point.y < -20 || point.x > width + 20 || point.y > height + 20) continue;
        const radius = this.sigma.scaleSize(data.size);
        const strong = this.strong.has(node);
        const size = strong ? 15 : Math.round(11 + 4 * (graph.getNodeAttribute(node, "weight") || 0));
        const font = `${strong ? "bold " : ""}${size}px ${FONT}`;
        const w = this.width(text, font);
        // right of the node, else left, above or below: a label gives way only when every
        // place beside its node is taken by a more important one
        const gap = radius + 3;
        const places = [
          [point.x + gap, point.y],
          [point.x - gap - w, point.y],
          [point.x - w / 2, point.y - gap - size / 2],
          [point.x - w / 2, point.y + gap + size / 2],
        ];
        let placed = null;
        for (const [x, y] of places) {
          const box = [x - 1, y - size / 2 - 1, x + w + 1, y + size / 2 + 1];
          if (box[2] > width || box[0] < 0 || box[1] < 0 || box[3] > height || !fits(box)) continue;
          placed = {x, y, box};
          break;
        }
        if (!placed) continue;
        claim(placed.box);
        ctx.font = font;
        ctx.lineWidth = 3;
        ctx.strokeStyle = "rgba(255,255,255,0.92)";
        ctx.strokeText(text, placed.x, placed.y);
        ctx.fillStyle = strong ? "#10161f" : (data.faded ? "#a7adb5" : "#2b3440");
        ctx.fillText(text, placed.x, placed.y);
        drawn.push({id: node, text, box: placed.box});
      }
      this.drawEdgeLabels(ctx, fits, claim, drawn);
      this.drawn = drawn;
    }

    drawEdgeLabels(ctx, fits, claim, drawn) {
      const font = `11px ${FONT}`;
      ctx.font = font;
      for (const [source, target, text] of this.edgeLabels) {
        const a = this.sigma.getNodeDisplayData(source);
        const b = this.sigma.getNodeDisplayData(target);
        if (!a || !b) continue;
        const pa = this.sigma.framedGraphToViewport(a);
        const pb = this.sigma.framedGraphToViewport(b);
        const w = this.width(text, font);
        const x = (pa.x + pb.x) / 2 - w / 2;
        const y = (pa.y + pb.y) / 2;
        const box = [x - 1, y - 7, x + w + 1, y + 7];
        if (!fits(box)) continue;
        claim(box);
        ctx.lineWidth = 3;
        ctx.strokeStyle = "rgba(255,255,255,0.95)";
        ctx.strokeText(text, x, y);
        ctx.fillStyle = "#0b5cad";
        ctx.fillText(text, x, y);
        drawn.push({id: `${source}>${target}`, text, box, edge: true});
      }
    }
  }

  window.dgkgParts = window.dgkgParts || {};
  window.dgkgParts.LabelLayer = LabelLayer;
})();

// The timeline: a histogram of the loaded events by date (stacked by event type) with a two-handle
// range over it. Dragging a handle, the selected band or a new band across empty space sets the
// range; a click on a bar selects that bar's period; the handles also move with the arrow keys.
//
// Days are integers (days since 1970-01-01, UTC) so that no time zone shifts a bin.

import { EVENT_TYPES, typeColor } from "./i18n.js";

const SVG = "http://www.w3.org/2000/svg";
const DAY_MS = 86400000;
const BAR_TOP = 14;
const BAR_HEIGHT = 70;
const AXIS_HEIGHT = 18;
const HEIGHT = BAR_TOP + BAR_HEIGHT + AXIS_HEIGHT;
const PAD_X = 12;

export function dayOf(iso) {
  if (typeof iso !== "string" || !/^\d{4}-\d{2}-\d{2}/.test(iso)) return null;
  const ms = Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10)));
  return Number.isNaN(ms) ? null : Math.floor(ms / DAY_MS);
}

export function isoOf(day) {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

function monthStart(day) {
  const d = new Date(day * DAY_MS);
  return Math.floor(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1) / DAY_MS);
}

function addMonths(day, n) {
  const d = new Date(day * DAY_MS);
  return Math.floor(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + n, 1) / DAY_MS);
}

// Day 0 (1970-01-01) was a Thursday; weeks start on Monday.
function weekStart(day) {
  return day - ((day + 3) % 7);
}

// Bins of a day, a week or a month, whichever gives a readable number of bars for the span.
function makeBins(minDay, maxDay) {
  const span = maxDay - minDay;
  let unit;
  let first;
  let next;
  if (span <= 92) {
    unit = "day";
    first = minDay - 1;
    next = (d) => d + 1;
  } else if (span <= 2 * 365) {
    unit = "week";
    first = weekStart(minDay);
    next = (d) => d + 7;
  } else {
    unit = "month";
    first = monthStart(minDay);
    next = (d) => addMonths(d, 1);
  }
  const bins = [];
  for (let start = first; start <= maxDay + (unit === "day" ? 1 : 0); start = next(start)) {
    bins.push({ start, end: next(start), counts: new Map(), total: 0 });
  }
  return { unit, bins };
}

function svg(tag, attrs) {
  const node = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attrs || {})) node.setAttribute(name, String(value));
  return node;
}

export class Timeline {
  // onInput(from, to) while dragging, onChange(from, to) when the range is set; ISO dates or null.
  constructor(container, { onInput, onChange, onHover }) {
    this.container = container;
    this.onInput = onInput;
    this.onChange = onChange;
    this.onHover = onHover || (() => {});
    this.items = [];
    this.range = null; // [fromDay, toDay] inclusive, or null for all dates
    this.tr = null;
    this.drag = null;
    this.svg = svg("svg", { class: "timeline-svg", height: HEIGHT, role: "group" });
    container.appendChild(this.svg);
    this.svg.addEventListener("pointerdown", (e) => this.pointerDown(e));
    this.svg.addEventListener("pointermove", (e) => this.pointerMove(e));
    this.svg.addEventListener("pointerup", (e) => this.pointerUp(e));
    this.svg.addEventListener("pointercancel", (e) => this.pointerUp(e));
    this.svg.addEventListener("pointerleave", () => {
      if (!this.drag) this.onHover(null);
    });
    new ResizeObserver(() => this.draw()).observe(container);
  }

  setData(items, tr) {
    this.items = items;
    this.tr = tr;
    this.draw();
  }

  setRange(from, to) {
    const a = from ? dayOf(from) : null;
    const b = to ? dayOf(to) : null;
    if (a === null && b === null) this.range = null;
    else this.range = [a ?? Number.NEGATIVE_INFINITY, b ?? Number.POSITIVE_INFINITY];
    this.draw();
  }

  // ------------------------------------------------------------------ layout
  layout() {
    const days = [];
    for (const item of this.items) {
      const d = dayOf(item.date && item.date.start);
      if (d !== null) days.push(d);
    }
    let minDay = days.length ? Math.min(...days) : dayOf(new Date().toISOString());
    let maxDay = days.length ? Math.max(...days) : minDay;
    // A range given in the address stays visible even when it reaches past the loaded events.
    if (this.range) {
      if (Number.isFinite(this.range[0])) minDay = Math.min(minDay, this.range[0]);
      if (Number.isFinite(this.range[1])) maxDay = Math.max(maxDay, this.range[1]);
    }
    const { unit, bins } = makeBins(minDay, maxDay);
    for (const item of this.items) {
      const d = dayOf(item.date && item.date.start);
      if (d === null) continue;
      const bin = bins.find((b) => d >= b.start && d < b.end);
      if (!bin) continue;
      bin.counts.set(item.event_type, (bin.counts.get(item.event_type) || 0) + 1);
      bin.total += 1;
    }
    const width = Math.max(200, this.container.clientWidth);
    const lo = bins[0].start;
    const hi = bins[bins.length - 1].end;
    const scale = (width - 2 * PAD_X) / (hi - lo);
    return {
      unit,
      bins,
      width,
      lo,
      hi,
      x: (day) => PAD_X + (day - lo) * scale,
      day: (px) => Math.round(lo + (px - PAD_X) / scale),
      undated: this.items.length - days.length,
    };
  }

  // ------------------------------------------------------------------ drawing
  draw() {
    const g = this.layout();
    this.geom = g;
    const root = this.svg;
    while (root.firstChild) root.removeChild(root.firstChild);
    root.setAttribute("width", g.width);
    root.setAttribute("viewBox", `0 0 ${g.width} ${HEIGHT}`);

    const max = Math.max(1, ...g.bins.map((b) => b.total));
    const sel = this.clampedRange(g);
    // Gridline at the tallest bar, labelled with its count.
    root.appendChild(svg("line", { class: "tl-grid", x1: PAD_X, x2: g.width - PAD_X, y1: BAR_TOP, y2: BAR_TOP }));
    const maxLabel = svg("text", { class: "tl-max", x: PAD_X, y: BAR_TOP - 4 });
    maxLabel.textContent = String(max);
    root.appendChild(maxLabel);
    root.appendChild(
      svg("line", { class: "tl-base", x1: PAD_X, x2: g.width - PAD_X, y1: BAR_TOP + BAR_HEIGHT, y2: BAR_TOP + BAR_HEIGHT }),
    );

    const bars = svg("g", { class: "tl-bars" });
    for (const bin of g.bins) {
      const x0 = g.x(bin.start);
      const w = Math.max(1, g.x(bin.end) - x0 - (g.x(bin.end) - x0 > 4 ? 1 : 0));
      const inside = !sel || (bin.end - 1 >= sel[0] && bin.start <= sel[1]);
      let y = BAR_TOP + BAR_HEIGHT;
      const order = [...EVENT_TYPES.map((t) => t.key), ...[...bin.counts.keys()].filter((k) => !EVENT_TYPES.some((t) => t.key === k))];
      for (const key of order) {
        const n = bin.counts.get(key);
        if (!n) continue;
        const h = (n / max) * BAR_HEIGHT;
        y -= h;
        bars.appendChild(
          svg("rect", { x: x0, y, width: w, height: h, fill: typeColor(key), class: inside ? "tl-bar" : "tl-bar tl-out" }),
        );
      }
    }
    root.appendChild(bars);
    this.drawAxis(root, g);

    if (sel) {
      const x1 = g.x(sel[0]);
      const x2 = g.x(sel[1] + 1);
      root.appendChild(svg("rect", { class: "tl-selection", x: x1, y: BAR_TOP - 6, width: Math.max(1, x2 - x1), height: BAR_HEIGHT + 6 }));
      root.appendChild(this.handle(x1, "from", sel[0]));
      root.appendChild(this.handle(x2, "to", sel[1]));
    }
  }

  clampedRange(g) {
    if (!this.range) return null;
    const a = Number.isFinite(this.range[0]) ? this.range[0] : g.lo;
    const b = Number.isFinite(this.range[1]) ? this.range[1] : g.hi - 1;
    return [a, b];
  }

  handle(x, edge, day) {
    const group = svg("g", {
      class: `tl-handle tl-handle-${edge}`,
      tabindex: 0,
      role: "slider",
      "aria-label": this.tr ? this.tr.t(edge === "from" ? "date_from" : "date_to") : edge,
      "aria-valuetext": isoOf(day),
      "data-edge": edge,
    });
    group.appendChild(svg("rect", { class: "tl-handle-hit", x: x - 8, y: BAR_TOP - 8, width: 16, height: BAR_HEIGHT + 12 }));
    group.appendChild(svg("rect", { class: "tl-handle-bar", x: x - 1.5, y: BAR_TOP - 8, width: 3, height: BAR_HEIGHT + 12, rx: 1.5 }));
    group.appendChild(svg("rect", { class: "tl-handle-grip", x: x - 5, y: BAR_TOP + BAR_HEIGHT / 2 - 10, width: 10, height: 20, rx: 3 }));
    group.addEventListener("keydown", (e) => this.keyDown(e, edge));
    return group;
  }

  drawAxis(root, g) {
    const y = BAR_TOP + BAR_HEIGHT + 13;
    const months = (g.hi - g.lo) / 30.4;
    const pxPerMonth = (g.width - 2 * PAD_X) / Math.max(months, 0.1);
    const ticks = [];
    if (g.unit === "day" && pxPerMonth > 300) {
      // Every few days, labelled with the date.
      const step = Math.max(1, Math.ceil(70 / (pxPerMonth / 30.4)));
      for (let d = g.lo; d < g.hi; d += step) ticks.push([d, isoOf(d).slice(5)]);
    } else if (pxPerMonth >= 45) {
      const step = pxPerMonth >= 90 ? 1 : pxPerMonth >= 45 ? 3 : 6;
      for (let d = monthStart(g.lo); d < g.hi; d = addMonths(d, step)) {
        if (d >= g.lo) ticks.push([d, isoOf(d).slice(0, 7)]);
      }
    } else {
      const yearPx = pxPerMonth * 12;
      const step = yearPx >= 50 ? 1 : yearPx >= 25 ? 2 : 5;
      const firstYear = new Date(g.lo * DAY_MS).getUTCFullYear();
      for (let year = firstYear; ; year += step) {
        const d = Math.floor(Date.UTC(year, 0, 1) / DAY_MS);
        if (d >= g.hi) break;
        if (d >= g.lo) ticks.push([d, String(year)]);
      }
    }
    for (const [day, label] of ticks) {
      const x = g.x(day);
      root.appendChild(svg("line", { class: "tl-tick", x1: x, x2: x, y1: BAR_TOP + BAR_HEIGHT, y2: BAR_TOP + BAR_HEIGHT + 4 }));
      const text = svg("text", { class: "tl-label", x: x + 2, y });
      text.textContent = label;
      root.appendChild(text);
    }
  }

  // ------------------------------------------------------------------ interaction
  pointerX(e) {
    const box = this.svg.getBoundingClientRect();
    return e.clientX - box.left;
  }

  binAt(day) {
    return this.geom.bins.find((b) => day >= b.start && day < b.end) || null;
  }

  pointerDown(e) {
    if (e.button !== 0 || !this.geom) return;
    const g = this.geom;
    const x = this.pointerX(e);
    const day = Math.min(g.hi - 1, Math.max(g.lo, g.day(x)));
    const sel = this.clampedRange(g);
    const handle = e.target.closest && e.target.closest(".tl-handle");
    let mode;
    if (handle) mode = handle.dataset.edge;
    else if (sel && e.target.classList.contains("tl-selection")) mode = "move";
    else mode = "new";
    this.drag = { mode, startX: x, startDay: day, origin: sel, moved: false };
    this.svg.setPointerCapture(e.pointerId);
    e.preventDefault();
  }

  pointerMove(e) {
    if (!this.geom) return;
    const g = this.geom;
    const x = this.pointerX(e);
    const day = Math.min(g.hi - 1, Math.max(g.lo, g.day(x)));
    if (!this.drag) {
      const bin = this.binAt(g.day(x));
      this.onHover(bin ? { start: isoOf(bin.start), end: isoOf(bin.end - 1), unit: g.unit, total: bin.total } : null);
      return;
    }
    const d = this.drag;
    if (Math.abs(x - d.startX) > 3) d.moved = true;
    if (!d.moved) return;
    let range;
    if (d.mode === "new") range = [Math.min(d.startDay, day), Math.max(d.startDay, day)];
    else if (d.mode === "move") {
      const width = d.origin[1] - d.origin[0];
      let a = d.origin[0] + (day - d.startDay);
      a = Math.min(Math.max(a, g.lo), g.hi - 1 - width);
      range = [a, a + width];
    } else if (d.mode === "from") range = [Math.min(day, d.origin[1]), d.origin[1]];
    else range = [d.origin[0], Math.max(day - 1, d.origin[0])];
    this.range = range;
    this.draw();
    this.onInput(isoOf(range[0]), isoOf(range[1]));
  }

  pointerUp(e) {
    if (!this.drag) return;
    const d = this.drag;
    this.drag = null;
    if (this.svg.hasPointerCapture(e.pointerId)) this.svg.releasePointerCapture(e.pointerId);
    if (!d.moved) {
      if (d.mode !== "new") return;
      // A click on the histogram selects the period of the bar under it.
      const bin = this.binAt(d.startDay);
      if (!bin) return;
      this.range = [bin.start, bin.end - 1];
      this.draw();
    }
    const sel = this.clampedRange(this.geom);
    this.onChange(isoOf(sel[0]), isoOf(sel[1]));
  }

  keyDown(e, edge) {
    const step = { ArrowLeft: -1, ArrowRight: 1, ArrowDown: -1, ArrowUp: 1 }[e.key];
    if (!step || !this.geom) return;
    e.preventDefault();
    const g = this.geom;
    const sel = this.clampedRange(g);
    const delta = e.shiftKey ? step * (g.unit === "month" ? 30 : g.unit === "week" ? 7 : 1) * 1 : step;
    if (edge === "from") sel[0] = Math.min(sel[1], Math.max(g.lo, sel[0] + delta));
    else sel[1] = Math.max(sel[0], Math.min(g.hi - 1, sel[1] + delta));
    this.range = sel;
    this.draw();
    this.svg.querySelector(`.tl-handle-${edge}`).focus();
    this.onChange(isoOf(sel[0]), isoOf(sel[1]));
  }
}

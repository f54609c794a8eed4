// The map page: events from GET /api/events as clustered markers coloured by type, a timeline
// that filters by date, filters by type / actor / country / text, and the list of events.
//
// Everything the reader chose is kept in the address (see `toQuery`), so a filtered view can be
// shared as a link. Type, actor, country, text and background filters go to the API; the date
// range is applied here to the loaded events (so dragging the timeline is instant), and by the API
// as well when there were more events than the page loads at once.

import { EVENT_TYPES, typeColor } from "./i18n.js";
import {
  ApiError,
  actorName,
  api,
  applyLang,
  el,
  dateNode,
  pickLang,
  placeName,
  readQuery,
  replaceChildren,
  writeQuery,
} from "./common.js";
import { Timeline } from "./timeline.js";
import { addBasemap, loadConfig, maxZoomFor } from "./basemap.js";

const PAGE = 1000; // the API's largest page
const LOAD_CAP = 10000; // events loaded at once; past this the date range is asked of the API
const LIST_STEP = 200; // list rows added at a time
const BACKGROUND = ["exclude", "include", "only"];

// ------------------------------------------------------------------ state in the address

function fromQuery(params) {
  const types = params.getAll("event_type").filter((t) => t);
  const view = (params.get("map") || "").split("/").map(Number);
  const iso = (v) => (v && /^\d{4}-\d{2}-\d{2}$/.test(v) ? v : null);
  return {
    lang: pickLang(params),
    types: new Set(types),
    actor: params.get("actor") || "",
    country: (params.get("country") || "").toUpperCase(),
    q: params.get("q") || "",
    background: BACKGROUND.includes(params.get("background")) ? params.get("background") : "exclude",
    from: iso(params.get("date_from")),
    to: iso(params.get("date_to")),
    event: params.get("event") || null,
    view: view.length === 3 && view.every(Number.isFinite) ? { zoom: view[0], lat: view[1], lon: view[2] } : null,
  };
}

function toQuery(state) {
  const params = new URLSearchParams();
  params.set("lang", state.lang);
  for (const t of state.types) params.append("event_type", t);
  if (state.actor) params.set("actor", state.actor);
  if (state.country) params.set("country", state.country);
  if (state.q) params.set("q", state.q);
  if (state.background !== "exclude") params.set("background", state.background);
  if (state.from) params.set("date_from", state.from);
  if (state.to) params.set("date_to", state.to);
  if (state.event) params.set("event", state.event);
  if (state.view) params.set("map", `${state.view.zoom}/${state.view.lat.toFixed(4)}/${state.view.lon.toFixed(4)}`);
  return params;
}

// The filters the API applies (the date range is added only when asked for).
function apiFilters(state, withDates) {
  const params = new URLSearchParams();
  for (const t of state.types) params.append("event_type", t);
  if (state.actor) params.set("actor", state.actor);
  if (state.country) params.set("country", state.country);
  if (state.q) params.set("q", state.q);
  if (state.background !== "exclude") params.set("background", state.background);
  if (withDates && state.from) params.set("date_from", state.from);
  if (withDates && state.to) params.set("date_to", state.to);
  return params;
}

async function loadAll(params) {
  const items = [];
  let cursor = null;
  let total = 0;
  do {
    const page = new URLSearchParams(params);
    page.set("limit", String(PAGE));
    if (cursor) page.set("cursor", cursor);
    const body = await api("/api/events", page);
    items.push(...body.items);
    total = body.total;
    cursor = body.next_cursor;
  } while (cursor && items.length < LOAD_CAP);
  return { items, total, complete: !cursor };
}

// An event's date interval overlaps [from, to] (inclusive, ISO strings compare as dates), as the
// API's date filter does; an undated event is outside every range.
function inRange(item, from, to) {
  if (!from && !to) return true;
  const start = item.date && item.date.start;
  if (!start) return false;
  const end = (item.date && item.date.end) || start;
  return (!to || start <= to) && (!from || end >= from);
}

function hasCoords(item) {
  const loc = item.location;
  return loc && Number.isFinite(loc.lat) && Number.isFinite(loc.lon);
}

// ------------------------------------------------------------------ the page

class MapPage {
  constructor() {
    this.state = fromQuery(readQuery());
    this.tr = applyLang(this.state.lang);
    this.loaded = { items: [], total: 0, complete: true };
    this.visible = [];
    this.listLimit = LIST_STEP;
    this.generation = 0;
    this.countries = new Set();
    this.markers = new Map();
    this.map = null;
    this.cluster = null;
    this.legend = null;
    this.fitted = Boolean(this.state.view);
    this.dom = {
      typeFilter: document.getElementById("type-filter-options"),
      actor: document.getElementById("actor"),
      actorList: document.getElementById("actor-list"),
      country: document.getElementById("country"),
      q: document.getElementById("q"),
      background: document.getElementById("background"),
      list: document.getElementById("event-list"),
      listCount: document.getElementById("list-count"),
      notice: document.getElementById("notice"),
      more: document.getElementById("more"),
      detail: document.getElementById("detail"),
      from: document.getElementById("date-from"),
      to: document.getElementById("date-to"),
      timelineInfo: document.getElementById("timeline-info"),
      hover: document.getElementById("timeline-hover"),
      stats: document.getElementById("stats"),
      status: document.getElementById("status"),
    };
    this.timeline = new Timeline(document.getElementById("histogram"), {
      onInput: (from, to) => this.setDates(from, to, false),
      onChange: (from, to) => this.setDates(from, to, true),
      onHover: (bin) => this.showHover(bin),
    });
    this.timeline.setRange(this.state.from, this.state.to);
    this.bindControls();
    this.renderStatic();
  }

  async start() {
    this.loadStats();
    const config = await loadConfig();
    if (config.version) document.getElementById("version").textContent = `v${config.version}`;
    this.initMap(config);
    await this.reload();
    if (this.state.event) this.select(this.state.event, { pan: !this.state.view });
  }

  // ---------------------------------------------------------------- controls

  bindControls() {
    const { actor, country, q, background, from, to } = this.dom;
    actor.value = this.state.actor;
    q.value = this.state.q;
    background.value = this.state.background;
    from.value = this.state.from || "";
    to.value = this.state.to || "";
    let typing = null;
    const typed = () => {
      clearTimeout(typing);
      typing = setTimeout(() => {
        this.state.actor = actor.value.trim();
        this.state.q = q.value.trim();
        this.filtersChanged();
      }, 350);
    };
    actor.addEventListener("input", typed);
    q.addEventListener("input", typed);
    country.addEventListener("change", () => {
      this.state.country = country.value;
      this.filtersChanged();
    });
    background.addEventListener("change", () => {
      this.state.background = background.value;
      this.filtersChanged();
    });
    const dateInput = () => {
      let a = from.value || null;
      let b = to.value || null;
      if (a && b && a > b) [a, b] = [b, a];
      this.timeline.setRange(a, b);
      this.setDates(a, b, true);
    };
    from.addEventListener("change", dateInput);
    to.addEventListener("change", dateInput);
    document.getElementById("clear-dates").addEventListener("click", () => {
      this.timeline.setRange(null, null);
      this.setDates(null, null, true);
    });
    document.getElementById("reset").addEventListener("click", () => {
      Object.assign(this.state, { types: new Set(), actor: "", country: "", q: "", background: "exclude", from: null, to: null });
      actor.value = "";
      q.value = "";
      background.value = "exclude";
      this.timeline.setRange(null, null);
      this.renderTypeFilter();
      this.filtersChanged();
    });
    document.getElementById("lang-toggle").addEventListener("click", () => {
      this.state.lang = this.state.lang === "ar" ? "en" : "ar";
      this.tr = applyLang(this.state.lang);
      this.saveState();
      this.renderStatic();
      this.renderAll();
      if (this.state.event) this.select(this.state.event, { pan: false });
    });
    document.getElementById("share").addEventListener("click", () => this.share());
    this.dom.more.addEventListener("click", () => {
      this.listLimit += LIST_STEP;
      this.renderList();
    });
  }

  async share() {
    const button = document.getElementById("share");
    try {
      await navigator.clipboard.writeText(window.location.href);
      button.textContent = this.tr.t("copied");
    } catch (_err) {
      // No clipboard (an insecure origin or a denied permission): the address bar has the link.
      window.prompt(this.tr.t("share"), window.location.href);
    }
    setTimeout(() => {
      button.textContent = this.tr.t("share");
    }, 1500);
  }

  saveState() {
    writeQuery(toQuery(this.state));
    const incidentLinks = document.querySelectorAll("a[data-incident]");
    for (const link of incidentLinks) link.href = this.incidentHref(link.dataset.incident);
  }

  filtersChanged() {
    this.saveState();
    this.reload();
  }

  setDates(from, to, commit) {
    this.state.from = from;
    this.state.to = to;
    this.dom.from.value = from || "";
    this.dom.to.value = to || "";
    if (commit) this.saveState();
    if (this.loaded.complete) this.applyDates();
    else if (commit) this.reloadWindow();
  }

  // ---------------------------------------------------------------- loading

  async loadStats() {
    try {
      const health = await api("/api/health");
      this.stats = health;
      this.renderStats();
    } catch (err) {
      console.warn("marsad: /api/health failed", err);
    }
  }

  async reload() {
    const generation = ++this.generation;
    this.setStatus(this.tr.t("loading"));
    try {
      const loaded = await loadAll(apiFilters(this.state, false));
      if (generation !== this.generation) return;
      this.loaded = loaded;
      for (const item of loaded.items) if (item.location && item.location.country) this.countries.add(item.location.country);
      this.renderFacets();
      this.timeline.setData(loaded.items, this.tr);
      if (loaded.complete) this.applyDates();
      else await this.reloadWindow();
      if (generation === this.generation || !loaded.complete) this.setStatus(null);
    } catch (err) {
      if (generation !== this.generation) return;
      this.showError(err);
    }
  }

  // More events match than were loaded: the API applies the date range too.
  async reloadWindow() {
    if (!this.state.from && !this.state.to) {
      this.visible = this.loaded.items;
      this.visibleTotal = this.loaded.total;
      this.renderAll();
      return;
    }
    const generation = ++this.generation;
    try {
      const inWindow = await loadAll(apiFilters(this.state, true));
      if (generation !== this.generation) return;
      this.visible = inWindow.items;
      this.visibleTotal = inWindow.total;
      this.renderAll();
    } catch (err) {
      if (generation === this.generation) this.showError(err);
    }
  }

  applyDates() {
    this.visible = this.loaded.items.filter((item) => inRange(item, this.state.from, this.state.to));
    this.visibleTotal = this.visible.length;
    this.listLimit = LIST_STEP;
    this.renderAll();
  }

  setStatus(message) {
    this.dom.status.textContent = message || "";
    this.dom.status.hidden = !message;
    this.dom.status.classList.remove("error");
    // "loading" while a request is out, "ready" once the list and map show its answer.
    document.body.dataset.state = message ? "loading" : "ready";
  }

  showError(err) {
    const message = err instanceof ApiError ? `${err.message} (${err.code})` : String(err);
    this.setStatus(this.tr.t("load_error", { message }));
    this.dom.status.classList.add("error");
    document.body.dataset.state = "error";
    console.error("marsad:", err);
  }

  // ---------------------------------------------------------------- rendering

  renderStatic() {
    this.renderTypeFilter();
    this.renderFacets();
    this.renderLegend();
    this.renderStats();
  }

  renderAll() {
    this.renderTypeFilter();
    this.renderList();
    this.renderMarkers();
    this.renderTimelineInfo();
    this.timeline.setData(this.loaded.items, this.tr);
  }

  renderStats() {
    if (!this.stats) return;
    const { t, number } = this.tr;
    replaceChildren(
      this.dom.stats,
      el("span", {}, `${t("documents")}: `, el("b", {}, number(this.stats.documents))),
      el("span", {}, `${t("events")}: `, el("b", {}, number(this.stats.events))),
      el("span", {}, `${t("incidents")}: `, el("b", {}, number(this.stats.incidents))),
    );
  }

  // The type filter doubles as the legend: each type's colour, label and count among loaded events.
  renderTypeFilter() {
    const counts = new Map();
    for (const item of this.visible) counts.set(item.event_type, (counts.get(item.event_type) || 0) + 1);
    const rows = EVENT_TYPES.map(({ key, color }) => {
      const box = el("input", { type: "checkbox", value: key, "data-type": key });
      box.checked = this.state.types.has(key);
      box.addEventListener("change", () => {
        if (box.checked) this.state.types.add(key);
        else this.state.types.delete(key);
        this.filtersChanged();
      });
      const swatch = el("span", { class: "swatch", "aria-hidden": "true" });
      swatch.style.setProperty("--c", color);
      return el(
        "label",
        { class: "type-option" },
        box,
        swatch,
        el("span", { class: "type-label" }, this.tr.v("event_type", key)),
        el("span", { class: "type-count" }, counts.has(key) ? this.tr.number(counts.get(key)) : ""),
      );
    });
    const hint = el("div", { class: "hint" }, this.state.types.size ? "" : this.tr.t("event_types_all"));
    replaceChildren(this.dom.typeFilter, rows, hint);
  }

  renderFacets() {
    const { country, actorList } = this.dom;
    if (this.state.country) this.countries.add(this.state.country);
    const codes = [...this.countries].sort((a, b) => this.tr.country(a).localeCompare(this.tr.country(b), this.tr.lang));
    replaceChildren(
      country,
      el("option", { value: "" }, this.tr.t("all_countries")),
      codes.map((code) => el("option", { value: code }, `${this.tr.country(code)} (${code})`)),
    );
    country.value = this.state.country;
    const actors = new Set();
    for (const item of this.loaded.items) {
      for (const a of [item.actor1, item.actor2]) if (actorName(a)) actors.add(actorName(a));
    }
    replaceChildren(actorList, [...actors].sort().map((name) => el("option", { value: name })));
  }

  renderTimelineInfo() {
    const { t, number } = this.tr;
    const undated = this.loaded.items.filter((i) => !(i.date && i.date.start)).length;
    const parts = [];
    if (undated) parts.push(t("undated", { n: number(undated) }));
    if (!this.loaded.complete) parts.push(t("truncated", { n: number(this.loaded.items.length), total: number(this.loaded.total) }));
    this.dom.timelineInfo.textContent = parts.join(" · ");
  }

  showHover(bin) {
    if (!bin) {
      this.dom.hover.textContent = "";
      return;
    }
    const label = bin.unit === "month" ? bin.start.slice(0, 7) : bin.unit === "week" ? `${bin.start} – ${bin.end}` : bin.start;
    this.dom.hover.textContent = `${label}: ${this.tr.t("n_events", { n: this.tr.number(bin.total) })}`;
  }

  renderList() {
    const { t, v, number } = this.tr;
    const items = this.visible;
    const total = this.visibleTotal ?? items.length;
    const located = items.filter(hasCoords).length;
    const counts = [t(total === items.length ? "n_events" : "n_of_total", { n: number(items.length), total: number(total) })];
    if (items.length - located) counts.push(t("not_on_map", { n: number(items.length - located) }));
    this.dom.listCount.textContent = counts.join(" · ");
    replaceChildren(this.dom.notice, items.length ? null : el("p", { class: "empty" }, t("no_events")));
    const arrow = this.tr.dir === "rtl" ? " ← " : " → ";
    const rows = items.slice(0, this.listLimit).map((item) => {
      const swatch = el("span", { class: "ev-swatch", "aria-hidden": "true" });
      swatch.style.setProperty("--c", typeColor(item.event_type));
      const actors = [actorName(item.actor1), actorName(item.actor2)].filter(Boolean).join(arrow);
      const doc = item.document || {};
      const figures = [];
      if (Number.isFinite(item.fatalities) && item.fatalities > 0) figures.push(el("span", { class: "fig killed" }, `${number(item.fatalities)} ${t("killed")}`));
      if (Number.isFinite(item.injured) && item.injured > 0) figures.push(el("span", { class: "fig injured" }, `${number(item.injured)} ${t("injured")}`));
      const button = el(
        "button",
        { type: "button", class: "ev-row", onclick: () => this.select(item.id, { pan: true }) },
        swatch,
        el(
          "span",
          { class: "ev-main" },
          el(
            "span",
            { class: "ev-head" },
            el("span", { class: "ev-type" }, v("event_type", item.event_type)),
            item.sub_event_type ? el("span", { class: "ev-sub" }, v("sub_event_type", item.sub_event_type)) : null,
          ),
          el(
            "span",
            { class: "ev-where" },
            el("span", { class: "ev-date" }, dateNode(item.date, this.tr)),
            el("span", { class: "ev-place", dir: "auto" }, placeName(item.location, this.tr) || "—"),
            hasCoords(item) ? null : el("span", { class: "ev-nocoords" }, t("no_coordinates")),
          ),
          actors ? el("span", { class: "ev-actors", dir: "auto" }, actors) : null,
          doc.title || doc.publisher
            ? el("span", { class: "ev-doc", dir: "auto" }, [doc.publisher, doc.title].filter(Boolean).join(" — "))
            : null,
        ),
        figures.length ? el("span", { class: "ev-figs" }, figures) : null,
      );
      return el("li", { class: item.id === this.state.event ? "ev-item selected" : "ev-item", "data-id": item.id }, button);
    });
    replaceChildren(this.dom.list, rows);
    const rest = items.length - this.listLimit;
    this.dom.more.hidden = rest <= 0;
    if (rest > 0) this.dom.more.textContent = t("show_more", { n: number(Math.min(rest, LIST_STEP)) });
  }

  // ---------------------------------------------------------------- the map

  initMap(config) {
    const container = document.getElementById("map");
    if (!window.L || !window.L.markerClusterGroup) {
      container.classList.add("no-map");
      replaceChildren(container, el("p", { class: "no-map-message" }, this.tr.t("no_map_libs")));
      return;
    }
    const L = window.L;
    const view = this.state.view || { lat: 31, lon: 40, zoom: 5 };
    this.map = L.map(container, { zoomControl: true, worldCopyJump: true, minZoom: 2, maxZoom: maxZoomFor(config) }).setView(
      [view.lat, view.lon],
      view.zoom,
    );
    this.map.attributionControl.setPrefix(false);
    this.map.createPane("basemap").style.zIndex = "250";
    addBasemap(this.map, config);
    this.cluster = L.markerClusterGroup({
      showCoverageOnHover: false,
      maxClusterRadius: 44,
      spiderfyOnMaxZoom: true,
      chunkedLoading: true,
      iconCreateFunction: (cluster) => new ClusterIcon({ cluster }),
    });
    this.map.addLayer(this.cluster);
    this.map.on("moveend", () => {
      const c = this.map.getCenter();
      this.state.view = { zoom: this.map.getZoom(), lat: c.lat, lon: c.lng };
      this.saveState();
    });
    this.renderLegend();
  }

  renderLegend() {
    if (!this.map) return;
    const L = window.L;
    if (this.legend) this.legend.remove();
    const tr = this.tr;
    this.legend = L.control({ position: "bottomleft" });
    this.legend.onAdd = () => {
      const box = el("div", { class: "legend", dir: tr.dir }, el("div", { class: "legend-title" }, tr.t("legend")));
      for (const { key, color } of EVENT_TYPES) {
        const dot = el("span", { class: "legend-dot" });
        dot.style.setProperty("--c", color);
        box.appendChild(el("div", { class: "legend-row" }, dot, tr.v("event_type", key)));
      }
      L.DomEvent.disableClickPropagation(box);
      return box;
    };
    this.legend.addTo(this.map);
  }

  renderMarkers() {
    if (!this.map) return;
    const L = window.L;
    this.cluster.clearLayers();
    this.markers.clear();
    const layers = [];
    for (const item of this.visible) {
      if (!hasCoords(item)) continue;
      const selected = item.id === this.state.event;
      const marker = L.circleMarker([item.location.lat, item.location.lon], markerStyle(item, selected));
      marker.eventType = item.event_type;
      marker.bindTooltip(() => this.tooltip(item), { direction: "top", offset: [0, -6] });
      marker.on("click", () => this.select(item.id, { pan: false }));
      this.markers.set(item.id, marker);
      layers.push(marker);
    }
    this.cluster.addLayers(layers);
    if (!this.fitted && layers.length) {
      this.fitted = true;
      const bounds = L.latLngBounds(layers.map((m) => m.getLatLng()));
      this.map.fitBounds(bounds.pad(0.25), { maxZoom: 8, animate: false });
    }
  }

  tooltip(item) {
    return el(
      "div",
      { class: "tip" },
      el("div", { class: "tip-type" }, this.tr.v("event_type", item.event_type)),
      el("div", { class: "tip-place", dir: "auto" }, placeName(item.location, this.tr)),
      el("div", { class: "tip-date" }, dateNode(item.date, this.tr)),
    );
  }

  // ---------------------------------------------------------------- one event

  async select(eventId, { pan }) {
    this.state.event = eventId;
    this.saveState();
    for (const li of this.dom.list.querySelectorAll(".ev-item")) {
      const on = li.dataset.id === eventId;
      li.classList.toggle("selected", on);
      if (on) li.scrollIntoView({ block: "nearest" });
    }
    for (const [id, marker] of this.markers) marker.setStyle(markerStyle({ event_type: marker.eventType }, id === eventId));
    const marker = this.markers.get(eventId);
    if (marker && pan && this.map) {
      this.cluster.zoomToShowLayer(marker, () => marker.bringToFront());
    }
    await this.showDetail(eventId);
  }

  closeDetail() {
    this.state.event = null;
    this.saveState();
    this.dom.detail.hidden = true;
    for (const li of this.dom.list.querySelectorAll(".ev-item.selected")) li.classList.remove("selected");
    for (const marker of this.markers.values()) marker.setStyle(markerStyle({ event_type: marker.eventType }, false));
  }

  incidentHref(incidentId) {
    return `incident.html?id=${encodeURIComponent(incidentId)}&lang=${this.state.lang}`;
  }

  async showDetail(eventId) {
    const { t, v, number } = this.tr;
    const panel = this.dom.detail;
    panel.hidden = false;
    const closeButton = el("button", { type: "button", class: "close", "aria-label": t("close"), title: t("close"), onclick: () => this.closeDetail() }, "×");
    replaceChildren(panel, el("div", { class: "detail-head" }, el("h2", {}, t("event_detail")), closeButton), el("p", { class: "muted" }, t("loading")));
    let event;
    try {
      event = await api(`/api/events/${encodeURIComponent(eventId)}`);
    } catch (err) {
      replaceChildren(panel, el("div", { class: "detail-head" }, el("h2", {}, t("event_detail")), closeButton), el("p", { class: "error" }, t("load_error", { message: err.message })));
      return;
    }
    if (this.state.event !== eventId) return;
    const swatch = el("span", { class: "swatch" });
    swatch.style.setProperty("--c", typeColor(event.event_type));
    const doc = event.document || {};
    const claimsById = new Map((event.claims || []).map((c) => [c.id, c]));
    const casualtyRows = (event.casualties || []).map((c) => {
      const claim = claimsById.get(c.claim);
      const figure = c.low === c.high ? number(c.low) : `${number(c.low)}–${number(c.high)}`;
      return el(
        "li",
        {},
        el("b", {}, `${c.approximate ? "~" : ""}${figure}`),
        ` ${v("category", c.category)} (${v("group", c.group)})`,
        claim ? el("span", { class: "muted" }, ` — ${sourceName(claim)}`) : null,
      );
    });
    const claimRows = (event.claims || []).map((c) =>
      el(
        "li",
        { class: `claim stance-${c.stance}` },
        el("div", { class: "claim-head" }, el("span", { class: "claim-source", dir: "auto" }, sourceName(c)), el("span", { class: `stance ${c.stance}` }, v("stance", c.stance))),
        c.quote ? el("blockquote", { dir: "rtl", lang: "ar" }, c.quote) : null,
      ),
    );
    const contradictionRows = (event.contradictions || []).map((c) =>
      el("li", {}, el("b", {}, v("field", c.field)), ": ", el("span", { dir: "auto" }, c.summary || "")),
    );
    const incidentBox = el("div", { class: "detail-incident" });
    replaceChildren(
      panel,
      el("div", { class: "detail-head" }, el("h2", {}, swatch, v("event_type", event.event_type)), closeButton),
      event.sub_event_type ? el("div", { class: "detail-sub" }, v("sub_event_type", event.sub_event_type)) : null,
      el(
        "dl",
        { class: "facts" },
        el("dt", {}, t("date")),
        el("dd", {}, dateNode(event.date, this.tr)),
        el("dt", {}, t("place")),
        el("dd", { dir: "auto" }, placeName(event.location, this.tr) || "—"),
        el("dt", {}, t("actors")),
        el("dd", { dir: "auto" }, (event.actors || []).map((a) => el("div", {}, `${v("role", a.role)}: `, actorName(a))), (event.actors || []).length ? null : "—"),
        el("dt", {}, t("report")),
        el("dd", {}, doc.publisher ? el("span", { dir: "auto" }, doc.publisher) : null, doc.published ? el("span", { class: "mono", dir: "ltr" }, ` ${doc.published}`) : null, doc.publisher || doc.published ? null : event.doc_id),
      ),
      doc.title ? el("p", { class: "detail-title", dir: "auto" }, doc.title) : null,
      el("h3", {}, t("casualties")),
      casualtyRows.length ? el("ul", { class: "plain" }, casualtyRows) : el("p", { class: "muted" }, t("no_casualties")),
      contradictionRows.length ? [el("h3", {}, t("contradictions")), el("ul", { class: "plain contradictions-short" }, contradictionRows)] : null,
      el("h3", {}, t("claims")),
      el("ul", { class: "plain claims-short" }, claimRows),
      incidentBox,
    );
    this.showIncidentSummary(incidentBox, event.incident_id, eventId);
  }

  async showIncidentSummary(box, incidentId, eventId) {
    const { t, v, number } = this.tr;
    if (!incidentId) {
      replaceChildren(box, el("p", { class: "muted" }, t("no_incident")));
      return;
    }
    const link = el("a", { class: "button primary", href: this.incidentHref(incidentId), "data-incident": incidentId }, `${t("open_incident")} →`);
    replaceChildren(box, el("h3", {}, t("incident")), link);
    let incident;
    try {
      incident = await api(`/api/incidents/${encodeURIComponent(incidentId)}`);
    } catch (err) {
      box.appendChild(el("p", { class: "error" }, t("load_error", { message: err.message })));
      return;
    }
    if (this.state.event !== eventId) return;
    const cas = incident.casualties || {};
    const figures = Object.entries(cas).map(([category, f]) =>
      el("span", { class: "fig" }, `${v("category", category)}: `, el("b", {}, number(f.best)), f.low !== f.high ? ` (${number(f.low)}–${number(f.high)})` : ""),
    );
    replaceChildren(
      box,
      el("h3", {}, t("incident"), " ", el("code", {}, incidentId)),
      el(
        "div",
        { class: "incident-summary" },
        el("span", {}, `${t("documents")}: `, el("b", {}, number((incident.members || []).length))),
        el("span", {}, `${t("sources_independent")}: `, el("b", {}, number(incident.sources_independent))),
        el("span", { class: (incident.contradictions || []).length ? "warn" : "" }, `${t("contradictions")}: `, el("b", {}, number((incident.contradictions || []).length))),
      ),
      figures.length ? el("div", { class: "incident-figs" }, figures) : null,
      link,
    );
  }
}

function sourceName(claim) {
  const source = claim.source || {};
  const via = (claim.via || []).map((s) => (typeof s === "string" ? s : s.canonical || s.text)).filter(Boolean);
  const name = source.canonical || source.text || "?";
  return via.length ? `${name} ← ${via.join(" ← ")}` : name;
}

function markerStyle(item, selected) {
  return {
    radius: selected ? 9 : 7,
    color: selected ? "#111827" : "#ffffff",
    weight: selected ? 3 : 1.5,
    fillColor: typeColor(item.event_type),
    fillOpacity: 0.95,
    className: selected ? "ev-marker selected" : "ev-marker",
  };
}

// A cluster shows its count inside a ring split by the event types of its members.
const ClusterIcon = window.L
  ? window.L.Icon.extend({
      options: { iconSize: [38, 38], className: "cluster" },
      createIcon() {
        const markers = this.options.cluster.getAllChildMarkers();
        const counts = new Map();
        for (const m of markers) counts.set(m.eventType, (counts.get(m.eventType) || 0) + 1);
        const stops = [];
        let at = 0;
        for (const [key, color] of [...EVENT_TYPES.map((t) => [t.key, t.color]), ...[...counts.keys()].filter((k) => !EVENT_TYPES.some((t) => t.key === k)).map((k) => [k, typeColor(k)])]) {
          const n = counts.get(key);
          if (!n) continue;
          const next = at + (n / markers.length) * 360;
          stops.push(`${color} ${at}deg ${next}deg`);
          at = next;
        }
        const size = markers.length < 10 ? 34 : markers.length < 100 ? 40 : 48;
        const ring = document.createElement("div");
        ring.className = "marker-cluster cluster-ring";
        ring.style.width = `${size}px`;
        ring.style.height = `${size}px`;
        ring.style.marginLeft = `${-size / 2}px`;
        ring.style.marginTop = `${-size / 2}px`;
        ring.style.background = `conic-gradient(${stops.join(", ")})`;
        const count = document.createElement("span");
        count.className = "cluster-count";
        count.textContent = String(markers.length);
        ring.appendChild(count);
        return ring;
      },
      createShadow() {
        return null;
      },
    })
  : null;

// ------------------------------------------------------------------ start

new MapPage().start();

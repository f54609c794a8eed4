// The incident page (incident.html?id=INCIDENT_ID): the merged record, every claim with its source
// and quote, the contradictions side by side, and each member report's text right-to-left with
// the evidence highlighted. Report text is cut at the span offsets into text nodes and <mark>
// elements (segmentText); it is never parsed as HTML.

import { typeColor } from "./i18n.js";
import {
  ApiError,
  actorName,
  api,
  applyLang,
  dateNode,
  el,
  pickLang,
  placeName,
  readQuery,
  replaceChildren,
  safeHref,
  segmentText,
  writeQuery,
} from "./common.js";
import { addBasemap, loadConfig, maxZoomFor } from "./basemap.js";

// When spans overlap, the most specific kind colours the letters (a casualty figure inside the
// evidence sentence shows as a casualty figure).
const HIGHLIGHT_ORDER = ["casualty", "trigger", "date", "place", "actor", "source", "evidence"];

const claimKey = (docId, claimId) => `${docId}#${claimId}`;

class IncidentPage {
  constructor() {
    const params = readQuery();
    this.id = params.get("id");
    this.lang = pickLang(params);
    this.tr = applyLang(this.lang);
    this.incident = null;
    this.documents = new Map(); // doc_id -> record, or an Error
    this.root = document.getElementById("page");
    document.getElementById("lang-toggle").addEventListener("click", () => {
      this.lang = this.lang === "ar" ? "en" : "ar";
      this.tr = applyLang(this.lang);
      this.saveState();
      this.render();
    });
    this.saveState();
  }

  saveState() {
    const params = readQuery();
    params.set("lang", this.lang);
    writeQuery(params);
    document.getElementById("back").href = this.backHref();
  }

  // Back to the map view the reader came from (its filters are in its address), else the map.
  backHref() {
    try {
      const ref = new URL(document.referrer);
      if (ref.origin === window.location.origin && !ref.pathname.endsWith("incident.html")) {
        ref.searchParams.set("lang", this.lang);
        return ref.href;
      }
    } catch (_err) {
      // no referrer: the plain map
    }
    return `./?lang=${this.lang}`;
  }

  async start() {
    const { t } = this.tr;
    if (!this.id) {
      this.fail(t("no_id"));
      return;
    }
    document.getElementById("status").textContent = t("loading");
    try {
      this.incident = await api(`/api/incidents/${encodeURIComponent(this.id)}`);
    } catch (err) {
      this.fail(err instanceof ApiError && err.status === 404 ? t("not_found") : t("load_error", { message: err.message }));
      return;
    }
    const docIds = [...new Set((this.incident.members || []).map((m) => m.doc_id))];
    await Promise.all(
      docIds.map(async (docId) => {
        try {
          this.documents.set(docId, await api(`/api/documents/${encodeURIComponent(docId)}`));
        } catch (err) {
          this.documents.set(docId, err);
        }
      }),
    );
    this.config = await loadConfig();
    this.render();
    document.body.dataset.state = "ready";
  }

  fail(message) {
    replaceChildren(this.root, el("p", { class: "notice error" }, message));
    document.body.dataset.state = "error";
  }

  // ---------------------------------------------------------------- page

  render() {
    const inc = this.incident;
    if (!inc) return;
    const { t, v } = this.tr;
    document.title = `${v("event_type", inc.event_type)} · ${inc.incident_id} · Marsad`;
    this.claims = new Map((inc.claims || []).map((c) => [claimKey(c.doc_id, c.claim), c]));
    const swatch = el("span", { class: "swatch" });
    swatch.style.setProperty("--c", typeColor(inc.event_type));
    const mapBox = el("div", { class: "mini-map", dir: "ltr" });
    replaceChildren(
      this.root,
      el(
        "div",
        { class: "incident-title" },
        swatch,
        el("h1", {}, v("event_type", inc.event_type)),
        inc.sub_event_type ? el("span", { class: "badge" }, v("sub_event_type", inc.sub_event_type)) : null,
        el("bdi", { class: "incident-id", dir: "ltr" }, inc.incident_id),
      ),
      el(
        "p",
        { class: "incident-lede" },
        dateNode(inc.date, this.tr),
        " · ",
        el("span", { dir: "auto" }, placeName(inc.location, this.tr) || "—"),
        " · ",
        t("members", { n: this.tr.number((inc.members || []).length) }),
      ),
      el(
        "div",
        { class: "cards" },
        el("section", { class: "card", "aria-label": t("record") }, el("h2", {}, t("record")), this.renderFacts(inc)),
        el("section", { class: "card", "aria-label": t("casualties") }, el("h2", {}, t("casualties")), this.renderCasualties(inc), mapBox),
      ),
      el("section", { class: "section", id: "contradictions" }, el("h2", {}, t("contradictions")), this.renderContradictions(inc)),
      el("section", { class: "section card", id: "claims" }, el("h2", {}, t("claims")), this.renderClaims(inc)),
      el("section", { class: "section", id: "reports" }, el("h2", {}, t("reports_text")), this.renderReports(inc)),
      (inc.log || []).length ? el("section", { class: "section card", id: "log" }, el("h2", {}, t("change_log")), this.renderLog(inc)) : null,
    );
    this.renderMiniMap(mapBox, inc);
  }

  renderFacts(inc) {
    const { t, v, number } = this.tr;
    const loc = inc.location || {};
    const types = (inc.types || []).filter((x) => x.event_type);
    const dateValues = (inc.date && inc.date.values) || [];
    const placeValues = loc.values || [];
    const rows = [
      [t("type"), [
        el("div", {}, v("event_type", inc.event_type), inc.sub_event_type ? ` · ${v("sub_event_type", inc.sub_event_type)}` : ""),
        types.length > 1
          ? el("ul", { class: "value-list" }, types.map((x) => el("li", {}, `${v("sub_event_type", x.sub_event_type)} (${number(x.members)})`)))
          : null,
      ]],
      [t("date"), [
        el("div", {}, dateNode(inc.date, this.tr)),
        dateValues.length > 1
          ? el("ul", { class: "value-list" }, dateValues.map((x) => el("li", {}, `${x.value}: `, el("span", { dir: "auto" }, sourcesOf(x.claims)))))
          : null,
      ]],
      [t("place"), [
        el("div", { dir: "auto" }, placeName(loc, this.tr) || "—"),
        loc.precision ? el("div", { class: "muted" }, `${t("precision")}: ${v("geo_precision", loc.precision)}`) : null,
        placeValues.length > 1
          ? el("ul", { class: "value-list" }, placeValues.map((x) => el("li", { dir: "auto" }, `${x.value}: ${sourcesOf(x.claims)}`)))
          : null,
      ]],
      [t("coords"), Number.isFinite(loc.lat) ? idNode(`${loc.lat.toFixed(4)}, ${loc.lon.toFixed(4)}`) : "—"],
      [t("actors"), (inc.actors || []).length
        ? (inc.actors || []).map((a) =>
            el(
              "div",
              {},
              el("span", { class: "muted" }, `${v("role", a.role)}: `),
              el("b", {}, actorName(a)),
              " ",
              (a.texts || []).length ? el("span", { class: "actor-texts muted", dir: "rtl", lang: "ar" }, a.texts.join("، ")) : null,
            ))
        : "—"],
      [t("sources_independent"), number(inc.sources_independent)],
      [t("documents"), number(inc.documents ?? (inc.members || []).length)],
    ];
    return el("dl", { class: "facts wide" }, rows.map(([label, value]) => [el("dt", {}, label), el("dd", {}, value)]));
  }

  renderCasualties(inc) {
    const { t, v, number } = this.tr;
    const entries = Object.entries(inc.casualties || {});
    if (!entries.length) return el("p", { class: "muted" }, t("no_casualties"));
    const rows = [];
    for (const [category, f] of entries) {
      rows.push(
        el(
          "tr",
          { class: "cas-row", "data-category": category },
          el("td", {}, el("b", {}, v("category", category))),
          el("td", { class: "num" }, number(f.low)),
          el("td", { class: "num best" }, number(f.best)),
          el("td", { class: "num" }, number(f.high)),
        ),
      );
      for (const r of f.reports || []) {
        const figure = r.low === r.high ? number(r.low) : `${number(r.low)}–${number(r.high)}`;
        rows.push(
          el(
            "tr",
            { class: "sub" },
            el("td", {}, el("span", { dir: "auto" }, r.source || "?"), el("span", { class: "muted" }, " · ", idNode(`${r.doc_id} ${r.claim || ""}`))),
            el("td", { class: "num", colspan: 3 }, `${r.approximate ? `${t("approximate")} ` : ""}${figure}`),
          ),
        );
      }
    }
    return el(
      "table",
      { class: "grid casualties" },
      el("thead", {}, el("tr", {}, el("th", {}, t("category")), el("th", { class: "num" }, t("low")), el("th", { class: "num" }, t("best")), el("th", { class: "num" }, t("high")))),
      el("tbody", {}, rows),
    );
  }

  renderContradictions(inc) {
    const { t, v } = this.tr;
    const list = inc.contradictions || [];
    if (!list.length) return el("p", { class: "notice muted" }, t("no_contradictions"));
    return list.map((c) => {
      const sides = c.sides || [];
      const columns = [];
      sides.forEach((side, i) => {
        if (i > 0) columns.push(el("div", { class: "versus" }, t("vs")));
        const stance = side.value === "asserts" || side.value === "denies" ? side.value : null;
        columns.push(
          el(
            "div",
            { class: stance ? `side stance-${stance}` : "side" },
            el("div", { class: "side-value", dir: "auto" }, stance ? v("stance", stance) : side.value),
            (side.claims || []).map((ref) => this.renderClaimRef(ref)),
          ),
        );
      });
      return el(
        "article",
        { class: "contradiction", "data-field": c.field },
        el("div", { class: "contradiction-head" }, el("span", { class: "field-name" }, v("field", c.field)), el("span", { class: "summary", dir: "auto" }, c.summary || "")),
        sidesBox(columns, sides.length),
      );
    });
  }

  renderClaimRef(ref) {
    const claim = this.claims.get(claimKey(ref.doc_id, ref.claim));
    const source = claim ? sourceLabel(claim) : ref.source || "?";
    return el(
      "div",
      { class: "side-claim" },
      el("div", { class: "who", dir: "auto" }, source),
      el("div", { class: "where" }, idNode(ref.doc_id), ` · ${this.tr.t("claim")} `, idNode(ref.claim)),
      claim && claim.quote ? el("blockquote", { dir: "rtl", lang: "ar" }, claim.quote) : null,
    );
  }

  renderClaims(inc) {
    const { t, v } = this.tr;
    const rows = (inc.claims || []).map((c) =>
      el(
        "tr",
        { class: "claim-row" },
        el(
          "td",
          {},
          el("div", { dir: "auto" }, el("b", {}, (c.source && c.source.canonical) || "?")),
          c.source && c.source.kind ? el("span", { class: "badge kind" }, v("source_kind", c.source.kind)) : null,
          (c.via || []).length ? el("div", { class: "muted", dir: "auto" }, `${t("via")} ${(c.via || []).map(viaName).join(" ← ")}`) : null,
        ),
        el("td", {}, el("span", { class: `stance ${c.stance}` }, v("stance", c.stance))),
        el("td", { class: "quote", dir: "rtl", lang: "ar" }, c.quote || ""),
        el("td", { class: "muted" }, idNode(c.doc_id), " · ", idNode(c.claim)),
      ),
    );
    return el(
      "table",
      { class: "grid claims" },
      el("thead", {}, el("tr", {}, el("th", {}, t("source")), el("th", {}, t("stance")), el("th", {}, t("quote")), el("th", {}, t("report")))),
      el("tbody", {}, rows),
    );
  }

  renderReports(inc) {
    const { t, v } = this.tr;
    const byDoc = new Map();
    for (const m of inc.members || []) {
      if (!byDoc.has(m.doc_id)) byDoc.set(m.doc_id, { member: m, events: [] });
      byDoc.get(m.doc_id).events.push(m.event);
    }
    const legend = el(
      "div",
      { class: "hl-legend" },
      t("highlight_legend"),
      HIGHLIGHT_ORDER.slice().reverse().map((kind) => el("mark", { class: `hl-${kind}` }, v("highlight", kind))),
    );
    const cards = [...byDoc.entries()].map(([docId, { member, events }]) => {
      const record = this.documents.get(docId);
      const head = this.renderReportHead(docId, member, record);
      if (!record || record instanceof Error) {
        return el("article", { class: "card report", "data-doc": docId }, head, el("p", { class: "muted" }, t("document_missing")));
      }
      const text = renderHighlighted(record.text || "", reportSpans(record, new Set(events), this.tr));
      text.setAttribute("lang", record.language || "ar");
      return el("article", { class: "card report", "data-doc": docId }, head, text);
    });
    return el("div", { class: "reports" }, legend, cards);
  }

  renderReportHead(docId, member, record) {
    const { t } = this.tr;
    const doc = record && !(record instanceof Error) ? record : {};
    const href = safeHref(doc.url);
    return el(
      "div",
      { class: "report-head" },
      doc.title ? el("div", { class: "report-title", dir: "rtl", lang: "ar" }, doc.title) : null,
      el("span", { dir: "auto" }, `${t("publisher")}: `, el("b", {}, doc.publisher || member.publisher || "—")),
      el("span", {}, `${t("published")}: `, el("b", {}, idNode(doc.published || member.published || "—"))),
      idNode(docId),
      member.copy_of ? el("span", { class: "badge" }, [t("copy_of"), " ", idNode(member.copy_of)]) : el("span", { class: "badge" }, t("original")),
      href ? el("a", { href, rel: "noopener noreferrer nofollow", target: "_blank", dir: "ltr" }, new URL(href).host) : null,
    );
  }

  renderLog(inc) {
    const { t, v } = this.tr;
    return el(
      "table",
      { class: "grid log" },
      el("thead", {}, el("tr", {}, el("th", {}, t("run")), el("th", {}, t("report")), el("th", {}, t("action")), el("th", {}, t("changed")))),
      el(
        "tbody",
        {},
        (inc.log || []).map((entry) =>
          el(
            "tr",
            {},
            el("td", { class: "num" }, String(entry.run ?? "")),
            el("td", {}, idNode(entry.event || entry.doc_id || "")),
            el("td", {}, v("action", entry.action)),
            el("td", {}, (entry.changed || []).map((f) => v("field", f)).join(", ")),
          ),
        ),
      ),
    );
  }

  renderMiniMap(box, inc) {
    const loc = inc.location || {};
    if (!window.L || !Number.isFinite(loc.lat) || !Number.isFinite(loc.lon)) {
      box.remove();
      return;
    }
    const L = window.L;
    const map = L.map(box, { zoomControl: true, attributionControl: true, scrollWheelZoom: false, maxZoom: maxZoomFor(this.config) }).setView([loc.lat, loc.lon], 7);
    map.attributionControl.setPrefix(false);
    addBasemap(map, this.config);
    L.circleMarker([loc.lat, loc.lon], { radius: 8, color: "#fff", weight: 2, fillColor: typeColor(inc.event_type), fillOpacity: 1 }).addTo(map);
  }
}

// Identifiers, dates and coordinates stay left-to-right inside Arabic lines.
function idNode(text) {
  return el("bdi", { class: "mono", dir: "ltr" }, text);
}

// Each side takes an equal share; the "vs" between them only as much as its word.
function sidesBox(columns, n) {
  const box = el("div", { class: "sides" }, columns);
  box.style.gridTemplateColumns = Array(Math.max(1, n)).fill("minmax(0, 1fr)").join(" auto ");
  return box;
}

// The report's text as text nodes and <mark> elements. Where spans overlap, the most specific
// kind colours the letters; neighbouring pieces of the same kind make one mark (an actor named
// inside a casualty phrase keeps the phrase one highlighted run).
function renderHighlighted(text, spans) {
  const box = el("div", { class: "report-text", dir: "rtl" });
  let mark = null;
  let kind = null;
  let labels = null;
  for (const piece of segmentText(text, spans)) {
    const top = HIGHLIGHT_ORDER.find((k) => piece.spans.some((s) => s.kind === k)) || null;
    if (!top) {
      mark = null;
      kind = null;
      box.appendChild(document.createTextNode(piece.text));
      continue;
    }
    if (!mark || top !== kind) {
      kind = top;
      labels = new Set();
      mark = el("mark", { class: `hl-${top}` });
      box.appendChild(mark);
    }
    for (const s of piece.spans) labels.add(s.label);
    mark.setAttribute("title", [...labels].join(" · "));
    mark.appendChild(document.createTextNode(piece.text));
  }
  return box;
}

function viaName(s) {
  return typeof s === "string" ? s : s.canonical || s.text || "?";
}

function sourceLabel(claim) {
  const name = (claim.source && (claim.source.canonical || claim.source.text)) || "?";
  const via = (claim.via || []).map(viaName);
  return via.length ? `${name} ← ${via.join(" ← ")}` : name;
}

function sourcesOf(refs) {
  return [...new Set((refs || []).map((r) => r.source).filter(Boolean))].join(", ");
}

// The spans of one report worth showing for this incident: the evidence of its member events and,
// inside it, the words each field was read from, plus the sources of the claims that report them.
function reportSpans(record, eventIds, tr) {
  const { v } = tr;
  const spans = [];
  const add = (start, end, kind, label) => {
    if (Number.isInteger(start) && Number.isInteger(end) && end > start) spans.push({ start, end, kind, label });
  };
  const claimIds = new Set();
  for (const event of record.events || []) {
    if (!eventIds.has(event.id)) continue;
    for (const ev of event.evidence || []) add(ev.start, ev.end, "evidence", `${v("highlight", "evidence")}: ${event.id}`);
    if (event.trigger) add(event.trigger.start, event.trigger.end, "trigger", `${v("highlight", "trigger")}: ${v("sub_event_type", event.sub_event_type)}`);
    if (event.date) add(event.date.text_start, event.date.text_end, "date", `${v("highlight", "date")}: ${event.date.start || ""}`);
    if (event.location) add(event.location.start, event.location.end, "place", `${v("highlight", "place")}: ${event.location.name_en || event.location.text || ""}`);
    for (const a of event.actors || []) add(a.start, a.end, "actor", `${v("role", a.role)}: ${a.canonical || a.text || ""}`);
    for (const c of event.casualties || []) {
      const figure = c.low === c.high ? `${c.low}` : `${c.low}–${c.high}`;
      add(c.start, c.end, "casualty", `${v("highlight", "casualty")}: ${figure} ${v("category", c.category)} (${c.claim || ""})`);
    }
    for (const id of event.claims || []) claimIds.add(id);
  }
  for (const claim of record.claims || []) {
    if (!claimIds.has(claim.id)) continue;
    const source = claim.source || {};
    add(source.start, source.end, "source", `${v("highlight", "source")}: ${source.canonical || source.text || ""} (${claim.id})`);
    for (const via of claim.via || []) {
      if (via && typeof via === "object") add(via.start, via.end, "source", `${v("highlight", "source")}: ${via.canonical || via.text || ""}`);
    }
  }
  return spans;
}

new IncidentPage().start();

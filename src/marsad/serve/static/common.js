// Helpers shared by the map page and the incident page.
//
// Every piece of text that comes from the data (article text, titles, names, quotes) reaches the
// page through `el()` / `text()`, which create text nodes: nothing here ever assigns innerHTML, so a
// report that contains markup shows that markup as characters.

import { LANGS, translator } from "./i18n.js";

// el("div", {class: "x", dir: "auto", onclick: fn}, child, "text", [more children])
export function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name.startsWith("on") && typeof value === "function") {
      node.addEventListener(name.slice(2), value);
    } else if (name === "class") {
      node.className = value;
    } else if (name === "dataset") {
      Object.assign(node.dataset, value);
    } else {
      node.setAttribute(name, value === true ? "" : String(value));
    }
  }
  append(node, children);
  return node;
}

function append(node, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(node, child);
    else if (child instanceof Node) node.appendChild(child);
    else node.appendChild(document.createTextNode(String(child)));
  }
}

export function clear(node) {
  while (node.firstChild) node.removeChild(node.firstChild);
  return node;
}

export function replaceChildren(node, ...children) {
  clear(node);
  append(node, children);
  return node;
}

// Only web links leave the page: a report's `url` is data, and "javascript:" must not become a link.
export function safeHref(url) {
  if (typeof url !== "string") return null;
  try {
    const parsed = new URL(url, window.location.href);
    return parsed.protocol === "http:" || parsed.protocol === "https:" ? parsed.href : null;
  } catch (_err) {
    return null;
  }
}

export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

// GET a JSON endpoint; a failure carries the API's error shape ({error: {status, code, message}}).
export async function api(path, params) {
  const query = params ? `?${params.toString()}` : "";
  let response;
  try {
    response = await fetch(`${path}${query}`, { headers: { Accept: "application/json" } });
  } catch (err) {
    throw new ApiError(0, "network", String(err && err.message ? err.message : err));
  }
  let body = null;
  try {
    body = await response.json();
  } catch (_err) {
    body = null;
  }
  if (!response.ok) {
    const error = body && body.error ? body.error : {};
    throw new ApiError(response.status, error.code || "http", error.message || `HTTP ${response.status}`);
  }
  return body;
}

// Offsets from the pipeline count Unicode code points (Python str indices); JavaScript strings
// index UTF-16 units. The map below turns one into the other, so a span after an emoji or any
// character outside the BMP still lands on the right letters.
export function codePointIndex(text) {
  const utf16 = [];
  let i = 0;
  for (const ch of text) {
    utf16.push(i);
    i += ch.length;
  }
  utf16.push(i);
  return utf16;
}

// The text cut at every span boundary: [{start, end, text, spans}] in code points, each piece
// carrying the spans that cover it (possibly none). Spans outside the text are clipped.
export function segmentText(text, spans) {
  const index = codePointIndex(text);
  const length = index.length - 1;
  const clipped = spans
    .filter((s) => Number.isInteger(s.start) && Number.isInteger(s.end))
    .map((s) => ({ ...s, start: Math.max(0, s.start), end: Math.min(length, s.end) }))
    .filter((s) => s.end > s.start);
  const cuts = new Set([0, length]);
  for (const s of clipped) {
    cuts.add(s.start);
    cuts.add(s.end);
  }
  const points = [...cuts].sort((a, b) => a - b);
  const pieces = [];
  for (let k = 0; k + 1 < points.length; k++) {
    const start = points[k];
    const end = points[k + 1];
    pieces.push({
      start,
      end,
      text: text.slice(index[start], index[end]),
      spans: clipped.filter((s) => s.start <= start && s.end >= end),
    });
  }
  return pieces;
}

// The state of a page lives in its address (so a view can be shared); these read and write it.
export function readQuery() {
  return new URLSearchParams(window.location.search);
}

export function writeQuery(params) {
  const query = params.toString();
  const url = `${window.location.pathname}${query ? `?${query}` : ""}${window.location.hash}`;
  if (url !== `${window.location.pathname}${window.location.search}${window.location.hash}`) {
    window.history.replaceState(null, "", url);
  }
}

export function pickLang(params) {
  const asked = params.get("lang");
  if (LANGS.includes(asked)) return asked;
  const browser = (navigator.language || "en").slice(0, 2);
  return LANGS.includes(browser) ? browser : "en";
}

// Applies a language to the document (lang, dir, every [data-i18n] label) and returns its translator.
export function applyLang(lang) {
  const tr = translator(lang);
  document.documentElement.lang = lang;
  document.documentElement.dir = tr.dir;
  for (const node of document.querySelectorAll("[data-i18n]")) node.textContent = tr.t(node.dataset.i18n);
  for (const node of document.querySelectorAll("[data-i18n-placeholder]")) {
    node.setAttribute("placeholder", tr.t(node.dataset.i18nPlaceholder));
  }
  for (const node of document.querySelectorAll("[data-i18n-title]")) {
    node.setAttribute("title", tr.t(node.dataset.i18nTitle));
  }
  return tr;
}

// A date or a date range ("2020-01-14 – 2020-01-15"), with its precision when coarser than a day:
// the dates kept left-to-right in an isolate, so that an Arabic line does
// not reorder "2021-02-10 – 2021-02-11", and the precision beside them in the reader's language.
export function dateNode(date, tr) {
  if (!date || !date.start) return el("span", { class: "date" }, "—");
  const span = date.end && date.end !== date.start ? `${date.start} – ${date.end}` : date.start;
  return el(
    "span",
    { class: "date" },
    el("bdi", { class: "date-range", dir: "ltr" }, span),
    date.precision && date.precision !== "day" ? el("span", { class: "date-precision" }, ` (${tr.v("date_precision", date.precision)})`) : null,
  );
}

// A place as the reader's language names it: the Arabic text in Arabic, the English name otherwise.
export function placeName(location, tr) {
  if (!location) return "";
  const primary = tr.lang === "ar" ? location.text || location.name_en : location.name_en || location.text;
  const parts = [primary];
  if (location.admin1 && location.admin1 !== primary) parts.push(location.admin1);
  if (location.country) parts.push(tr.country(location.country));
  return parts.filter(Boolean).join(tr.lang === "ar" ? "، " : ", ");
}

// An actor given as a string (event summaries) or as an object (full records).
export function actorName(actor) {
  if (!actor) return "";
  if (typeof actor === "string") return actor;
  return actor.canonical || actor.text || (actor.texts && actor.texts[0]) || "";
}

export function isoDay(date) {
  return date.toISOString().slice(0, 10);
}

export function parseDay(value) {
  if (typeof value !== "string" || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return null;
  const parsed = new Date(`${value}T00:00:00Z`);
  return Number.isNaN(parsed.getTime()) ? null : parsed;
}

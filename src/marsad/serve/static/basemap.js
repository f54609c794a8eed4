// The map's background, shared by the map page and the incident page: the tile server named by
// GET /api/config, or, when there is none (the default: the page must work with no network), a
// plain sea colour with land, coastlines and borders from the npm package world-atlas (Natural
// Earth 1:50m) drawn on a canvas below the markers. Without world-atlas the plain colour stays.

import { api } from "./common.js";

export async function loadConfig() {
  try {
    return await api("/api/config");
  } catch (err) {
    console.warn("marsad: /api/config failed, using the offline background", err);
    return { tiles: null, tiles_attribution: null, version: null };
  }
}

// Natural Earth outlines hold no detail past city level: deeper zooms would only lose the context.
// Set when the map is made, since the marker clusters are built for the map's zoom range.
export function maxZoomFor(config) {
  return config && config.tiles ? 18 : 11;
}

export function addBasemap(map, config) {
  const L = window.L;
  if (config && config.tiles) {
    // The attribution is the operator's setting, not article text; Leaflet inserts it as HTML,
    // so it is escaped to show as text.
    const attribution = document.createElement("span");
    attribution.textContent = config.tiles_attribution || "";
    L.tileLayer(config.tiles, { attribution: attribution.innerHTML, maxZoom: 19 }).addTo(map);
    return Promise.resolve(false);
  }
  map.getContainer().classList.add("offline");
  return drawOutlines(map).then(
    () => true,
    (err) => {
      console.info("marsad: no country outlines", err);
      return false;
    },
  );
}

async function drawOutlines(map) {
  if (!window.topojson) throw new Error("topojson-client is not installed");
  const response = await fetch("vendor/world-atlas/countries-50m.json");
  if (!response.ok) throw new Error(`world-atlas: HTTP ${response.status}`);
  const topo = await response.json();
  const L = window.L;
  if (!map.getPane("basemap")) map.createPane("basemap").style.zIndex = "250";
  const renderer = L.canvas({ pane: "basemap", padding: 0.5 });
  const land = window.topojson.feature(topo, topo.objects.land);
  const borders = window.topojson.mesh(topo, topo.objects.countries, (a, b) => a !== b);
  const common = { pane: "basemap", renderer, interactive: false };
  L.geoJSON(land, { ...common, style: { color: "#9fb0bd", weight: 0.8, fillColor: "#f4f2ec", fillOpacity: 1 } }).addTo(map);
  L.geoJSON(borders, { ...common, style: { color: "#a49d8f", weight: 0.9, fill: false } }).addTo(map);
  map.attributionControl.addAttribution("Natural Earth");
}

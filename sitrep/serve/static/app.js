// The Sitrep map. Every count comes from the server (/api/stats, /api/timeline), so it is right at any size;
// the view (filters, selected event, map position) lives in the URL's fragment, so a copied URL restores it.
// Text from the store is only ever put in the page as text nodes, never as HTML.
import "/vendor/leaflet/leaflet-v1.7.1.js";
import "/vendor/markercluster/leaflet.markercluster.js";

const L = window.L;
const $ = (id) => document.getElementById(id);
const FIELDS = ["since", "until", "country", "admin1", "actor", "q"];
const state = { since: "", until: "", country: "", admin1: "", actor: "", q: "", types: null, event: null, map: null,
                online: false };
let config = null, map = null, clusters = null, baseLayer = null, selectedRing = null, types = [], listOffset = 0, loadSerial = 0;
const markerById = new Map();
const MAX_ZOOM = 12;
const icons = new Map();  // one icon per type and size, shared by all the markers that look alike

function markerIcon(ti, size) {
  const key = ti + ":" + size;
  if (!icons.has(key)) icons.set(key, L.divIcon({ className: "ev " + (ti >= 0 ? "t" + ti : "tx"), iconSize: [size, size] }));
  return icons.get(key);
}

// ---- the URL fragment <-> state -------------------------------------------------------------------------
function readHash() {
  const p = new URLSearchParams(location.hash.replace(/^#/, ""));
  for (const k of FIELDS) state[k] = p.get(k) || "";
  const t = p.getAll("type");
  state.types = t.length ? new Set(t) : null;  // null: every type
  state.event = p.get("event") ? Number(p.get("event")) : null;
  state.map = p.get("map") || null;
  state.online = p.get("tiles") === "online";
}

function writeHash() {
  const p = new URLSearchParams();
  for (const k of FIELDS) if (state[k]) p.set(k, state[k]);
  if (state.types) for (const t of state.types) p.append("type", t);
  if (state.event != null) p.set("event", String(state.event));
  if (state.map) p.set("map", state.map);
  if (state.online) p.set("tiles", "online");
  const hash = p.toString();
  history.replaceState(null, "", hash ? "#" + hash : location.pathname);
}

function filterParams({ dates = true } = {}) {
  const p = new URLSearchParams();
  for (const k of FIELDS) if (state[k] && (dates || (k !== "since" && k !== "until"))) p.set(k, state[k]);
  if (state.types) for (const t of state.types) p.append("type", t);
  return p;
}

async function getJSON(path, params) {
  const url = params && [...params].length ? `${path}?${params}` : path;
  const resp = await fetch(url);
  const body = await resp.json();
  if (!resp.ok) throw new Error(typeof body.detail === "string" ? body.detail : JSON.stringify(body.detail));
  return body;
}

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === "class") node.className = v;
    else if (k.startsWith("data-")) node.setAttribute(k, v);
    else node[k] = v;
  }
  for (const c of children) node.append(c);
  return node;
}

function typeClass(name) {
  const i = config.event_types.indexOf(name);
  return i >= 0 ? "t" + i : "tx";
}

// ---- the map ------------------------------------------------------------------------------------------
function markerSize(fatalities) {
  return Math.round(Math.min(40, 10 + 4 * Math.sqrt(fatalities || 0)));
}

function clusterIcon(cluster) {
  // Coloured by the cluster's most frequent event type; a red ring when anyone died in it.
  const n = cluster.getChildCount();
  const byType = new Map();
  let dead = 0;
  for (const m of cluster.getAllChildMarkers()) {
    dead += m.options.fatalities;
    byType.set(m.options.typeIndex, (byType.get(m.options.typeIndex) || 0) + 1);
  }
  let top = -1, most = 0;
  for (const [t, k] of byType) if (k > most) { top = t; most = k; }
  const size = n < 10 ? 30 : n < 100 ? 38 : n < 1000 ? 46 : 54;
  const inner = document.createElement("div");
  inner.className = top >= 0 ? "t" + top : "tx";
  inner.textContent = n >= 10000 ? Math.round(n / 1000) + "k" : String(n);
  return L.divIcon({ html: inner, className: "cl" + (dead ? " dead" : ""), iconSize: [size, size] });
}

function initMap() {
  // Zoom 2 to 12: markercluster builds its clusters for every zoom level, so each level it need not build
  // saves time on the first load of tens of thousands of events.
  map = L.map("map", { worldCopyJump: true, minZoom: 2, maxZoom: MAX_ZOOM, preferCanvas: false });
  const offline = L.tileLayer("/tiles/{z}/{x}/{y}.png", {
    maxNativeZoom: config.basemap_max_zoom, maxZoom: MAX_ZOOM, noWrap: false,
    attribution: config.basemap_attribution,
  });
  let online = null;
  if (config.online_tiles) {
    online = L.tileLayer(config.online_tiles, { maxZoom: MAX_ZOOM, attribution: "© OpenStreetMap contributors" });
    $("online-toggle").hidden = false;
    $("online").checked = state.online;
    $("online").addEventListener("change", () => {
      state.online = $("online").checked;
      map.removeLayer(baseLayer);
      baseLayer = state.online ? online : offline;
      baseLayer.addTo(map);
      writeHash();
    });
  }
  baseLayer = state.online && online ? online : offline;
  if (state.map) baseLayer.addTo(map);
  clusters = L.markerClusterGroup({ chunkedLoading: true, showCoverageOnHover: false, maxClusterRadius: 50,
                                    iconCreateFunction: clusterIcon, chunkProgress: (done, total) => {
                                      // Markers are clustered in slices that leave the page responsive; note when all are in.
                                      if (total > 0 && done === total && !document.body.dataset.clusteredMs) {
                                        document.body.dataset.clusteredMs = String(Math.round(performance.now()));
                                      }
                                    } });
  map.addLayer(clusters);
  if (state.map) {
    const [lat, lon, z] = state.map.split(",").map(Number);
    if ([lat, lon, z].every(Number.isFinite)) map.setView([lat, lon], z);
    else state.map = null;
  }
  if (!state.map) map.setView([10, 20], 2);
  map.on("moveend", () => {
    const c = map.getCenter();
    state.map = `${c.lat.toFixed(4)},${c.lng.toFixed(4)},${map.getZoom()}`;
    writeHash();
  });
}

function drawPoints(data, fit) {
  clusters.clearLayers();
  markerById.clear();
  const markers = [];
  const n = data.event_id.length;
  for (let i = 0; i < n; i++) {
    const id = data.event_id[i], lat = data.lat[i], lon = data.lon[i], ti = data.type[i], dead = data.fatalities[i] || 0;
    const icon = markerIcon(ti, markerSize(dead));
    const m = L.marker([lat, lon], { icon, fatalities: dead, typeIndex: ti, eventId: id, keyboard: false });
    m.on("click", () => selectEvent(id));
    m.on("add", () => {
      const node = m.getElement();
      node.dataset.eventId = id;
      node.classList.toggle("selected", id === state.event);
    });
    markers.push(m);
    markerById.set(id, m);
  }
  clusters.addLayers(markers);
  if (fit && n) {
    let s = 90, w = 180, nn = -90, e = -180;
    for (let i = 0; i < n; i++) {
      s = Math.min(s, data.lat[i]); nn = Math.max(nn, data.lat[i]);
      w = Math.min(w, data.lon[i]); e = Math.max(e, data.lon[i]);
    }
    map.fitBounds(L.latLngBounds([s, w], [nn, e]).pad(0.2), { maxZoom: 8 });
  }
  // The basemap goes on once the first view is set, so no tiles are fetched for a view that is left at once.
  if (!baseLayer._map) baseLayer.addTo(map);
}

// ---- the timeline -------------------------------------------------------------------------------------
function periodEnd(start, interval) {
  const d = new Date(start + "T00:00:00Z");
  if (interval === "week") d.setUTCDate(d.getUTCDate() + 6);
  else if (interval === "month") { d.setUTCMonth(d.getUTCMonth() + 1); d.setUTCDate(0); }
  return d.toISOString().slice(0, 10);
}

let lastTimeline = null;

function drawTimeline(tl) {
  lastTimeline = tl;
  const svg = $("timeline");
  svg.replaceChildren();
  const w = svg.clientWidth || 800, h = svg.clientHeight || 80, axis = 14;
  $("timeline-label").textContent = `Events per ${tl.interval}` + (tl.undated ? ` (${tl.undated} undated)` : "");
  const periods = tl.periods;
  svg.dataset.periods = String(periods.length);
  if (!periods.length) return;
  // Bars sit on a continuous time axis, so a gap in the reports shows as a gap.
  const t0 = Date.parse(periods[0].start), t1 = Date.parse(periodEnd(periods[periods.length - 1].start, tl.interval));
  const span = Math.max(t1 - t0 + 86400000, 86400000);
  const x = (t) => ((t - t0) / span) * w;
  const max = Math.max(...periods.map((p) => p.events));
  const NS = "http://www.w3.org/2000/svg";
  const inRange = (p) => (!state.since || periodEnd(p.start, tl.interval) >= state.since) && (!state.until || p.start <= state.until);
  for (const p of periods) {
    const a = x(Date.parse(p.start)), b = x(Date.parse(periodEnd(p.start, tl.interval)) + 86400000);
    const bh = Math.max(1, ((h - axis) * p.events) / max);
    const r = document.createElementNS(NS, "rect");
    r.setAttribute("x", a.toFixed(1)); r.setAttribute("width", Math.max(1, b - a - 1).toFixed(1));
    r.setAttribute("y", (h - axis - bh).toFixed(1)); r.setAttribute("height", bh.toFixed(1));
    r.setAttribute("class", "bar" + ((state.since || state.until) && inRange(p) ? " in" : ""));
    r.dataset.start = p.start; r.dataset.events = String(p.events);
    const title = document.createElementNS(NS, "title");
    title.textContent = `${p.start}: ${p.events} events, ${p.fatalities} fatalities`;
    r.append(title);
    svg.append(r);
  }
  for (const [t, anchor] of [[t0, "start"], [t1, "end"]]) {
    const label = document.createElementNS(NS, "text");
    label.setAttribute("x", anchor === "start" ? "0" : String(w)); label.setAttribute("y", String(h - 2));
    label.setAttribute("text-anchor", anchor); label.setAttribute("class", "axis");
    label.textContent = new Date(t).toISOString().slice(0, 10);
    svg.append(label);
  }
  const brush = document.createElementNS(NS, "rect");
  brush.setAttribute("class", "brush"); brush.setAttribute("y", "0"); brush.setAttribute("height", String(h - axis));
  brush.setAttribute("width", "0");
  svg.append(brush);
  const toDate = (px) => new Date(t0 + (Math.min(Math.max(px, 0), w) / w) * span).toISOString().slice(0, 10);
  let from = null;
  svg.onpointerdown = (e) => {
    from = e.offsetX;
    svg.setPointerCapture(e.pointerId);
    brush.setAttribute("x", String(from)); brush.setAttribute("width", "0");
  };
  svg.onpointermove = (e) => {
    if (from === null) return;
    brush.setAttribute("x", String(Math.min(from, e.offsetX))); brush.setAttribute("width", String(Math.abs(e.offsetX - from)));
  };
  svg.onpointerup = (e) => {
    if (from === null) return;
    const a = Math.min(from, e.offsetX), b = Math.max(from, e.offsetX);
    from = null;
    if (b - a < 3) { state.since = ""; state.until = ""; }  // a click clears the dates
    else { state.since = toDate(a); state.until = toDate(b); }
    state.event = null;
    syncForm();
    reload({ fit: false });
  };
}

// ---- lists, counts, the event panel ---------------------------------------------------------------------
function renderSummary(stats, pts) {
  const s = $("summary");
  const unplaced = stats.events - stats.located;
  s.replaceChildren(el("b", { id: "count" }, String(stats.events)), ` events`,
    ` · ${stats.located} on the map`, unplaced ? ` · ${unplaced} without coordinates` : "",
    ` · ${stats.fatalities} fatalities`, ` · from ${stats.articles} reports`,
    pts.truncated ? ` · the map shows the newest ${pts.event_id.length}` : "");
  document.body.dataset.count = String(stats.events);
}

function renderTypes(stats) {
  const box = $("types");
  box.replaceChildren();
  for (const t of config.event_types) {
    const cb = el("input", { type: "checkbox", "data-event-type": t });
    cb.checked = !state.types || state.types.has(t);
    if (cb.checked) cb.setAttribute("checked", "");
    cb.addEventListener("change", () => {
      const on = [...box.querySelectorAll("input")].filter((c) => c.checked).map((c) => c.dataset.eventType);
      state.types = on.length === config.event_types.length ? null : new Set(on);
      reload({ fit: false });
    });
    const n = stats.by_event_type[t] || 0;
    box.append(el("label", {}, cb, el("span", { class: "swatch " + typeClass(t) }), t, el("span", { class: "count" }, String(n))));
  }
}

function listItem(rec) {
  const li = el("li", { "data-event-id": String(rec.event_id) },
    el("span", { class: "swatch " + typeClass(rec.event_type) }),
    el("span", { class: "when" }, rec.event_date || "?"),
    el("span", {}, `${rec.sub_event_type || rec.event_type} · ${rec.location || rec.country || "no place"}`));
  if (rec.event_id === state.event) li.classList.add("selected");
  li.addEventListener("click", () => selectEvent(rec.event_id));
  return li;
}

async function loadList(append) {
  const p = filterParams();
  p.set("offset", String(append ? listOffset : 0));
  p.set("limit", "100");
  const page = await getJSON("/api/events", p);
  if (!append) $("list").replaceChildren();
  for (const rec of page.events) $("list").append(listItem(rec));
  listOffset = page.next_offset || 0;
  $("more").hidden = page.next_offset == null;
}

function markEvidence(text, evidence) {
  // Non-overlapping spans, first come first kept; each mark names every field it supports.
  const spans = [];
  for (const [field, list] of Object.entries(evidence || {})) {
    for (const s of list) {
      if (!(s.start >= 0 && s.end > s.start && s.end <= text.length)) continue;
      const same = spans.find((o) => o.start === s.start && o.end === s.end);
      if (same) { same.fields.push(field); continue; }
      if (spans.some((o) => s.start < o.end && o.start < s.end)) continue;
      spans.push({ start: s.start, end: s.end, fields: [field] });
    }
  }
  spans.sort((a, b) => a.start - b.start);
  const box = $("article-text");
  box.replaceChildren();
  let at = 0;
  for (const s of spans) {
    box.append(text.slice(at, s.start));
    box.append(el("mark", { "data-fields": s.fields.join(" "), title: s.fields.join(", ") }, text.slice(s.start, s.end)));
    at = s.end;
  }
  box.append(text.slice(at));
  const first = box.querySelector("mark");
  if (first) first.scrollIntoView({ block: "nearest" });
}

function field(dl, key, label, value) {
  if (value === null || value === undefined || value === "") return;
  dl.append(el("dt", {}, label), el("dd", { "data-field": key }, String(value)));
}

function highlightSelection(rec) {
  for (const node of document.querySelectorAll(".ev.selected")) node.classList.remove("selected");
  for (const li of document.querySelectorAll("#list li.selected")) li.classList.remove("selected");
  if (selectedRing) { map.removeLayer(selectedRing); selectedRing = null; }
  if (!rec) return;
  const li = document.querySelector(`#list li[data-event-id="${rec.event_id}"]`);
  if (li) li.classList.add("selected");
  const m = markerById.get(rec.event_id);
  if (m && m.getElement()) m.getElement().classList.add("selected");
  if (rec.latitude != null && rec.longitude != null) {
    selectedRing = L.circleMarker([rec.latitude, rec.longitude], { radius: 16, color: "#000", weight: 2, fill: false,
                                                                   interactive: false, className: "selected-ring" });
    selectedRing.addTo(map);
  }
}

async function selectEvent(id) {
  state.event = id;
  writeHash();
  await showEvent();
}

async function showEvent() {
  const detail = $("detail");
  if (state.event == null) {
    if (!detail.hidden) { detail.hidden = true; map.invalidateSize(); }
    highlightSelection(null);
    delete document.body.dataset.event;
    return;
  }
  let rec, art;
  try {
    rec = await getJSON(`/api/events/${state.event}`);
    art = await getJSON("/api/article", new URLSearchParams({ id: rec.article_id }));
  } catch (err) {
    detail.hidden = false;
    $("event-fields").replaceChildren(el("p", { class: "error" }, String(err.message)));
    return;
  }
  const dl = el("dl");
  field(dl, "date", "Date", rec.event_date);
  field(dl, "type", "Type", `${rec.event_type} / ${rec.sub_event_type}`);
  field(dl, "actor_1", "Actor 1", rec.actor1);
  field(dl, "assoc_actor_1", "Associated", rec.assoc_actor_1);
  field(dl, "actor_2", "Actor 2", rec.actor2);
  field(dl, "assoc_actor_2", "Associated", rec.assoc_actor_2);
  field(dl, "interaction", "Interaction", rec.interaction);
  const where = [rec.location, rec.admin1, rec.country].filter(Boolean).join(", ");
  const coords = rec.latitude != null ? ` (${rec.latitude.toFixed(4)}, ${rec.longitude.toFixed(4)}, precision ${rec.geo_precision})` : "";
  field(dl, "location", "Location", where + coords);
  field(dl, "fatalities", "Fatalities", rec.fatalities ?? 0);
  field(dl, "notes", "Notes", rec.notes);
  field(dl, "source", "Source", rec.source);
  field(dl, "confidence", "Confidence", rec.confidence);
  for (const c of rec.claims || []) field(dl, "claim", "Claim", `${c.kind}: ${c.value} according to ${c.claimed_by || "?"}`);
  $("event-fields").replaceChildren(dl);
  $("article-title").textContent = art.title || art.id;
  const meta = [art.source, art.published].filter(Boolean).join(" · ");
  const metaBox = $("article-meta");
  metaBox.replaceChildren(meta);
  if (art.url && /^https?:\/\//i.test(art.url)) {
    metaBox.append(" · ", el("a", { href: art.url, rel: "noopener noreferrer", target: "_blank" }, "original"));
  }
  markEvidence(art.text, rec.evidence);
  detail.hidden = false;
  // The panel takes room from the map: let Leaflet re-measure, then bring the event into view.
  map.invalidateSize();
  if (rec.latitude != null && !map.getBounds().pad(-0.1).contains([rec.latitude, rec.longitude])) {
    map.panTo([rec.latitude, rec.longitude]);
  }
  highlightSelection(rec);
  document.body.dataset.event = String(rec.event_id);
}

// ---- filters --------------------------------------------------------------------------------------------
function syncForm() {
  for (const k of FIELDS) $("f-" + k).value = state[k];
}

async function loadFacets() {
  const p = filterParams();
  p.delete("country"); p.delete("admin1");
  p.set("field", "country");
  const q = filterParams();
  q.delete("admin1"); q.set("field", "admin1");
  const [countries, admins] = await Promise.all([getJSON("/api/facets", p), getJSON("/api/facets", q)]);
  fillSelect($("f-country"), countries.values, state.country);
  fillSelect($("f-admin1"), admins.values, state.admin1);
}

function fillSelect(select, values, current) {
  select.replaceChildren(el("option", { value: "" }, "all"));
  const seen = new Set();
  for (const v of values) { select.append(el("option", { value: v.value }, `${v.value} (${v.count})`)); seen.add(v.value); }
  if (current && !seen.has(current)) select.append(el("option", { value: current }, current));
  select.value = current;
}

async function reload({ fit }) {
  const serial = ++loadSerial;
  document.body.dataset.state = "loading";
  writeHash();
  const p = filterParams();
  const noneChosen = state.types && state.types.size === 0;
  try {
    const [stats, pts, tl] = await Promise.all([
      getJSON("/api/stats", p),
      noneChosen ? { event_id: [], lat: [], lon: [], type: [], fatalities: [], truncated: false }
        : getJSON("/api/points", p),
      getJSON("/api/timeline", filterParams({ dates: false })),
      loadList(false),
      loadFacets(),
    ]);
    if (serial !== loadSerial) return;  // a newer reload started meanwhile
    renderSummary(stats, pts);
    renderTypes(stats);
    drawPoints(pts, fit);
    drawTimeline(tl);
    $("dl-csv").href = "/api/events.csv" + (p.toString() ? "?" + p : "");
    $("dl-geojson").href = "/api/events.geojson" + (p.toString() ? "?" + p : "");
    await showEvent();
    if (serial === loadSerial) {
      // First time ready: how long from navigation until the page could be used (read by bench/serve_bench.py).
      if (!document.body.dataset.readyMs) document.body.dataset.readyMs = String(Math.round(performance.now()));
      document.body.dataset.state = "ready";
    }
  } catch (err) {
    $("summary").replaceChildren(el("span", { class: "error" }, String(err.message)));
    document.body.dataset.state = "error";
  }
}

async function main() {
  readHash();
  config = await getJSON("/api/config");
  syncForm();
  initMap();
  $("filters").addEventListener("submit", (e) => {
    e.preventDefault();
    for (const k of FIELDS) state[k] = $("f-" + k).value.trim();
    state.event = null;
    reload({ fit: true });
  });
  $("f-country").addEventListener("change", () => { state.country = $("f-country").value; state.admin1 = ""; state.event = null; reload({ fit: true }); });
  $("f-admin1").addEventListener("change", () => { state.admin1 = $("f-admin1").value; state.event = null; reload({ fit: true }); });
  $("f-reset").addEventListener("click", () => {
    for (const k of FIELDS) state[k] = "";
    state.types = null; state.event = null;
    syncForm();
    reload({ fit: true });
  });
  $("more").addEventListener("click", () => loadList(true));
  $("detail-close").addEventListener("click", () => { state.event = null; writeHash(); showEvent(); });
  window.addEventListener("hashchange", () => { readHash(); syncForm(); reload({ fit: !state.map }); });
  window.addEventListener("resize", () => { if (lastTimeline) drawTimeline(lastTimeline); });
  await reload({ fit: !state.map });
}

main().catch((err) => {
  document.body.dataset.state = "error";
  $("summary").textContent = "The map could not start: " + err.message;
});

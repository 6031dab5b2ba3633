// Locator map of a territory page: the régions in grey, the territory (or its parent's outline,
// for kinds without a contour) in blue, framed on it. Not interactive: a picture, with its caption.
import { Map as CarteMap, LngLatBounds } from '/static/vendor/maplibre-gl/maplibre-gl.mjs';

const el = document.getElementById('carte-locale');

async function json(url) {
  const res = await fetch(url, { headers: { Accept: 'application/json' } });
  if (!res.ok) throw new Error(`Erreur ${res.status}`);
  return res.json();
}

function cadre(fc) {
  const b = new LngLatBounds();
  const walk = (c) => { if (typeof c[0] === 'number') b.extend(c); else c.forEach(walk); };
  fc.features.forEach((f) => walk(f.geometry.coordinates));
  return b;
}

async function demarrer() {
  const { type, code, phase } = el.dataset;
  const q = phase ? `?phase=${encodeURIComponent(phase)}` : '';
  let map;
  try {
    map = new CarteMap({
      container: el, interactive: false, attributionControl: false, fadeDuration: 0,
      style: { version: 8, sources: {}, layers: [{ id: 'fond', type: 'background', paint: { 'background-color': '#f6f6f6' } }] },
      bounds: [[-5.6, 41.2], [9.9, 51.3]],
    });
  } catch (err) {
    el.textContent = 'Carte de situation indisponible (WebGL absent).';
    return;
  }
  const [regions, contour] = await Promise.all([
    json('/api/v1/carte/contours/region'),
    json(`/api/v1/carte/contour/${encodeURIComponent(type)}/${encodeURIComponent(code)}${q}`),
  ]);
  await new Promise((resolve) => (map.loaded() ? resolve() : map.once('load', resolve)));
  map.addSource('regions', { type: 'geojson', data: regions });
  map.addSource('territoire', { type: 'geojson', data: contour });
  map.addLayer({ id: 'regions', type: 'fill', source: 'regions', paint: { 'fill-color': '#e5e5e5' } });
  map.addLayer({ id: 'regions-bord', type: 'line', source: 'regions', paint: { 'line-color': '#ffffff', 'line-width': 1 } });
  map.addLayer({ id: 'territoire', type: 'fill', source: 'territoire', paint: { 'fill-color': '#000091', 'fill-opacity': contour.propre ? 0.8 : 0.35 } });
  map.addLayer({ id: 'territoire-bord', type: 'line', source: 'territoire', paint: { 'line-color': '#000091', 'line-width': 1.5 } });
  if (contour.features.length) map.fitBounds(cadre(contour), { padding: 40, maxZoom: 7, duration: 0 });
  const legende = document.getElementById('carte-locale-legende');
  if (contour.message && legende) legende.append(` ${contour.message}`);
  el.dataset.contour = contour.propre ? 'propre' : (contour.features.length ? 'parent' : 'aucun');
  window.vigieCarteLocale = { map, contour };
}

if (el) demarrer().catch((err) => { el.textContent = `Carte de situation indisponible : ${err.message}`; });

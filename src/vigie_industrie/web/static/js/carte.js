// National choropleth of the home page (maplibre-gl from /static, no tiles: a blank background and
// the warehouse's polygons). The geometry (/api/v1/carte/contours/{niveau}) is given to maplibre as
// a URL: its worker fetches and parses it (no 600 kB JSON parsed on the main thread then copied to
// the worker), once per level (HTTP cache). An indicator or year change re-reads only the values
// (/api/v1/carte/{niveau}), whose classes are computed in SQL. The page already holds the legend,
// the tables and a static picture of the default map (server SVG) rendered by the server.
import { Map as CarteMap, Popup, NavigationControl, AttributionControl } from '/static/vendor/maplibre-gl/maplibre-gl.mjs';

const API = '/api/v1/carte';
const TI_COULEUR = '#e1000f';
const COMPTES = ['emplois', 'habitants', 'établissements', 'etablissements', 'personnes'];

const el = document.getElementById('carte');
const form = document.getElementById('carte-formulaire');
const BOUNDS = JSON.parse(el.dataset.bornes); // metropolitan France and the DROM insets, as the server picture
const PALETTE = el.dataset.palette.split(',');
const MANQUANT = el.dataset.manquant;
const etat = { niveau: el.dataset.niveau, indicateur: el.dataset.indicateur, annee: el.dataset.annee, ti: el.dataset.ti };
const compte = { territoires: 0, ti: 0 }; // features in each source, read back from maplibre once loaded
let valeurs = { valeurs: [] };
let parCode = new Map();
let map = null;
const hook = { map: null, rendu: null, nbTerritoires: () => 0, nbTi: () => 0 };
window.vigieCarte = hook;

function couleurs(n) {
  if (n <= 1) return Array(n).fill(PALETTE[PALETTE.length - 1]);
  return Array.from({ length: n }, (_, k) => PALETTE[Math.round(k * (PALETTE.length - 1) / (n - 1))]);
}

export function formatValeur(v, unite, niveau) {
  if (v === null || v === undefined) return 'n.d.';
  const u = (unite || '').trim().toLowerCase();
  let d = 0;
  if (['%', 'points', 'pts', 'point de %', 'points de %'].includes(u) || u.startsWith('%')) d = 1;
  else if (!Number.isInteger(v)) d = COMPTES.includes(u) ? 0 : 2;
  let texte = new Intl.NumberFormat('fr-FR', { minimumFractionDigits: d, maximumFractionDigits: d }).format(v);
  if (u.startsWith('%')) texte += ' %';
  return niveau === 'estimation' ? `≈ ${texte}` : texte;
}

async function json(url) {
  const res = await fetch(url, { headers: { Accept: 'application/json' } });
  const body = await res.json();
  if (!res.ok) throw new Error(body.detail || `Erreur ${res.status}`);
  return body;
}

function noeud(tag, attrs = {}, texte = null) {
  const n = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) n.setAttribute(k, v);
  if (texte !== null) n.textContent = texte;
  return n;
}

function lien(code) { return valeurs.lien_modele.replace('{code}', encodeURIComponent(code)); }

function message(texte) {
  let p = document.getElementById('carte-indisponible');
  if (!texte) { if (p) p.remove(); el.classList.remove('vigie-carte__indispo'); return; }
  if (!p) {
    p = noeud('p', { id: 'carte-indisponible', class: 'fr-text--lg vigie-carte__message', role: 'status' });
    el.appendChild(p);
  }
  p.textContent = texte;
}

function legende() {
  const ul = document.getElementById('carte-legende-classes');
  const ti = document.getElementById('carte-legende-ti');
  ul.replaceChildren();
  const cols = couleurs(valeurs.classes.length);
  valeurs.classes.forEach((c, i) => {
    const li = noeud('li');
    const caseCouleur = noeud('span', { class: 'vigie-legende__case' });
    caseCouleur.style.background = cols[i];
    const u = valeurs.indicateur.unite;
    li.append(caseCouleur, noeud('span', {}, `${c.min_inclus ? 'de' : 'plus de'} ${formatValeur(c.min, u)} à ${formatValeur(c.max, u)} (${c.effectif})`));
    ul.appendChild(li);
  });
  const li = noeud('li');
  const caseManquant = noeud('span', { class: 'vigie-legende__case' });
  caseManquant.style.background = MANQUANT;
  li.append(caseManquant, noeud('span', {}, `${valeurs.classe_manquante} (${valeurs.nb_manquants})`));
  ul.appendChild(li);
  ti.hidden = etat.ti === '0';
  ul.appendChild(ti);
  document.getElementById('carte-legende-unite').textContent =
    `${valeurs.indicateur.unite} — classes par quintiles${valeurs.periode ? ` (${valeurs.periode})` : ''}`;
}

function tableaux() {
  const present = valeurs.valeurs.filter((v) => v.valeur !== null)
    .sort((a, b) => b.valeur - a.valeur || a.code.localeCompare(b.code));
  const hauts = present.slice(0, 10);
  const bas = present.length > 10 ? present.slice(-10).reverse() : [];
  const ind = valeurs.indicateur;
  for (const [id, titre, lignes] of [['hauts', 'Les plus hautes', hauts], ['bas', 'Les plus basses', bas]]) {
    const table = document.getElementById(`carte-table-${id}`);
    table.querySelector('caption').textContent = `${titre} — ${ind.libelle} (${valeurs.libelle_niveau})`;
    table.querySelectorAll('th')[1].textContent = `Valeur (${ind.unite})`;
    const tbody = table.querySelector('tbody');
    tbody.replaceChildren(...lignes.map((v) => {
      const tr = noeud('tr');
      const td = noeud('td');
      td.appendChild(noeud('a', { href: lien(v.code) }, v.nom || v.code));
      tr.append(td, noeud('td', { class: 'vigie-num' }, formatValeur(v.valeur, ind.unite, v.niveau)), noeud('td', {}, v.niveau || ''));
      return tr;
    }));
  }
  document.getElementById('lien-classements').href =
    `/classements?indicateur=${encodeURIComponent(ind.id)}&type=${encodeURIComponent(etat.niveau)}`;
}

function entetes() {
  const ind = valeurs.indicateur;
  document.getElementById('carte-titre').textContent = `${ind.libelle}${valeurs.dimension ? ` (${valeurs.dimension})` : ''}`
    + ` — ${valeurs.libelle_niveau}${valeurs.periode ? `, ${valeurs.periode}` : ''}`;
  document.getElementById('carte-attribution-niveau').textContent = valeurs.attribution || '';
  document.getElementById('carte-attribution-ti').textContent =
    etat.ti === '0' ? '' : " · Territoires d'industrie : ANCT (Licence Ouverte 2.0)";
  const select = document.getElementById('carte-annee');
  const voulu = etat.annee;
  select.replaceChildren(noeud('option', { value: '' }, 'la plus récente'),
    ...[...valeurs.annees].reverse().map((a) => noeud('option', { value: String(a) }, String(a))));
  select.value = valeurs.annees.map(String).includes(voulu) ? voulu : '';
}

function colorier() {
  if (!map || !map.getSource('territoires')) return;
  map.removeFeatureState({ source: 'territoires' });
  parCode = new Map(valeurs.valeurs.map((v) => [v.code, v]));
  for (const v of valeurs.valeurs) map.setFeatureState({ source: 'territoires', id: v.code }, { classe: v.classe || 0 });
  const cols = couleurs(valeurs.classes.length);
  const expr = ['match', ['coalesce', ['feature-state', 'classe'], 0]];
  cols.forEach((c, i) => expr.push(i + 1, c));
  expr.push(MANQUANT);
  map.setPaintProperty('territoires-fond', 'fill-color', expr);
}

const VIDE = { type: 'FeatureCollection', features: [] };
const absolu = (chemin) => new URL(chemin, window.location.href).href; // fetched by the worker
const urlContours = () => absolu(`${API}/contours/${etat.niveau}`);
const urlTi = () => (etat.ti === '0' ? VIDE : absolu(`${API}/territoires-industrie?phase=${etat.ti}`));

function attendreSource(id) {
  // resolves once maplibre has (re)loaded the data of source ``id`` (its worker fetched the URL)
  return new Promise((resolve) => {
    const ecoute = (e) => {
      if (e.sourceId === id && e.isSourceLoaded && e.sourceDataType !== 'metadata') { map.off('sourcedata', ecoute); resolve(); }
    };
    map.on('sourcedata', ecoute);
  });
}

async function compter(id) {
  compte[id] = (await map.getSource(id).getData()).features.length;
}

async function chargerContours() {
  if (!map) return;
  const pret = attendreSource('territoires');
  map.getSource('territoires').setData(urlContours());
  await pret;
  await compter('territoires');
}

async function chargerTi() {
  if (!map) return;
  const pret = attendreSource('ti');
  map.getSource('ti').setData(urlTi());
  await pret;
  await compter('ti');
}

async function chargerValeurs() {
  const q = new URLSearchParams({ indicateur: etat.indicateur });
  if (etat.annee) q.set('annee', etat.annee);
  valeurs = await json(`${API}/${etat.niveau}?${q}`);
}

function exposer() {
  // test and benchmark hooks, set once the page shows the new state (legend, tables, colours)
  const nt = compte.territoires;
  const nti = etat.ti === '0' ? 0 : compte.ti;
  hook.nbTerritoires = () => nt;
  hook.nbTi = () => nti;
}

function url() {
  const q = new URLSearchParams({ niveau: etat.niveau, indicateur: etat.indicateur, ti: etat.ti });
  if (etat.annee) q.set('annee', etat.annee);
  history.replaceState(null, '', `/?${q}`);
}

async function actualiser(quoi) {
  try {
    const taches = [chargerValeurs()];
    if (quoi.contours) taches.push(chargerContours());
    if (quoi.ti) taches.push(chargerTi());
    await Promise.all(taches);
    message(valeurs.contours_disponibles ? null : valeurs.message);
    entetes(); legende(); tableaux(); colorier(); url(); exposer();
    if (!map) apercu(true);
  } catch (err) {
    message(`Impossible de charger la carte : ${err.message}`);
  }
}

function lire() {
  const data = new FormData(form);
  return { niveau: data.get('niveau'), indicateur: data.get('indicateur'), annee: data.get('annee') || '', ti: data.get('ti') || '0' };
}

function apercu(garder = false) {
  // the server's static picture of the map: removed once maplibre draws, kept (and kept current) without WebGL
  const img = document.getElementById('carte-apercu');
  if (!img) return;
  if (!garder) { img.remove(); return; }
  const q = new URLSearchParams({ niveau: etat.niveau, indicateur: etat.indicateur, ti: etat.ti });
  if (etat.annee) q.set('annee', etat.annee);
  if (valeurs.contours_disponibles) img.src = `/carte/apercu.svg?${q}`; else img.remove();
}

function infobulle() {
  const popup = new Popup({ closeButton: false, closeOnClick: false, className: 'vigie-infobulle', offset: 8 });
  let survol = null;
  map.on('mousemove', 'territoires-fond', (e) => {
    const f = e.features[0];
    if (!f) return;
    if (survol !== null) map.setFeatureState({ source: 'territoires', id: survol }, { survol: false });
    survol = f.id;
    map.setFeatureState({ source: 'territoires', id: survol }, { survol: true });
    map.getCanvas().style.cursor = 'pointer';
    const v = parCode.get(f.properties.code);
    const contenu = noeud('div', { id: 'carte-infobulle' });
    contenu.appendChild(noeud('strong', {}, f.properties.nom || f.properties.code));
    contenu.appendChild(noeud('br'));
    const u = valeurs.indicateur.unite;
    const txt = v && v.valeur !== null ? `${formatValeur(v.valeur, u, v.niveau)}${u.startsWith('%') ? '' : ` ${u}`}`
      : valeurs.classe_manquante;
    contenu.appendChild(noeud('span', {}, txt));
    popup.setLngLat(e.lngLat).setDOMContent(contenu).addTo(map);
  });
  map.on('mouseleave', 'territoires-fond', () => {
    if (survol !== null) map.setFeatureState({ source: 'territoires', id: survol }, { survol: false });
    survol = null;
    map.getCanvas().style.cursor = '';
    popup.remove();
  });
  map.on('click', 'territoires-fond', (e) => {
    const f = e.features[0];
    if (f && f.properties.lien) window.location.assign(f.properties.lien);
  });
}

function creerCarte() {
  map = new CarteMap({
    container: el,
    style: {
      version: 8,
      sources: {
        // tolerance/buffer: a national map needs no sub-pixel detail nor wide tile overlaps (less worker work)
        // the data as URLs: the worker fetches and parses them while the main thread sets up the map
        territoires: { type: 'geojson', data: urlContours(), promoteId: 'code', tolerance: 1, buffer: 16, maxzoom: 8 },
        ti: { type: 'geojson', data: urlTi(), tolerance: 1, buffer: 16, maxzoom: 8 },
      },
      layers: [
        { id: 'territoires-fond', type: 'fill', source: 'territoires', paint: { 'fill-color': MANQUANT } },
        {
          id: 'territoires-bord', type: 'line', source: 'territoires',
          paint: {
            'line-color': ['case', ['boolean', ['feature-state', 'survol'], false], '#161616', '#ffffff'],
            'line-width': ['case', ['boolean', ['feature-state', 'survol'], false], 2, 0.4],
          },
        },
        // same data-driven shape as territoires-bord: one compiled shader program for both line layers
        // (software WebGL compiles each variant on the CPU), and no background layer (the CSS paints it)
        {
          id: 'ti-bord', type: 'line', source: 'ti',
          paint: {
            'line-color': ['case', ['boolean', ['feature-state', 'survol'], false], TI_COULEUR, TI_COULEUR],
            'line-width': ['case', ['boolean', ['feature-state', 'survol'], false], 1.6, 1.6],
          },
        },
      ],
    },
    bounds: BOUNDS,
    fadeDuration: 0,
    attributionControl: false,
    dragRotate: false,
    pitchWithRotate: false,
  });
  map.addControl(new NavigationControl({ showCompass: false }), 'top-right');
  map.addControl(new AttributionControl({
    compact: false,
    customAttribution: "Contours : ANCT d'après IGN ADMIN EXPRESS (Licence Ouverte 2.0) ; circonscriptions : Regards Citoyens / Toxicode (ODbL)",
  }), 'bottom-right');
  map.getCanvas().setAttribute('aria-label', 'Carte choroplèthe (déplacement au clavier : flèches, zoom : + et −)');
  hook.map = map;
  infobulle();
}

async function demarrer() {
  const donnees = chargerValeurs().catch((err) => err); // values on the main thread, geometry in the worker
  try {
    creerCarte();
  } catch (err) {
    map = null;
    message("Votre navigateur ne peut pas afficher la carte interactive (WebGL indisponible) : l'image de la carte et les tableaux donnent les valeurs.");
    return;
  }
  performance.mark('carte-creee');
  const style = new Promise((resolve) => map.once('style.load', resolve));
  map.once('load', () => performance.mark('carte-chargee')); // style, both sources' data and their first tiles
  const erreur = await donnees;
  performance.mark('carte-donnees');
  if (erreur instanceof Error) { message(`Impossible de charger la carte : ${erreur.message}`); return; }
  await style;
  performance.mark('carte-style');
  entetes(); legende(); tableaux(); colorier(); // feature states set before the tiles arrive: first frame coloured
  // the first idle from now on is the first frame with every tile of both sources drawn and coloured
  // (idle needs all sources loaded); listening only after 'load' would miss it (same frame) and cost
  // one more full software-WebGL frame to get another
  map.once('idle', () => {
    performance.mark('carte-rendue');
    const rendu = performance.now();
    apercu(); // maplibre's coloured frame is on screen: the server picture goes
    // the hooks, once the sources' features are counted (after the render, not part of it)
    Promise.all([compter('territoires'), compter('ti')]).then(() => {
      exposer();
      hook.rendu = rendu;
      document.documentElement.dataset.carteRendue = '1';
    });
  });
}

form.addEventListener('change', (e) => {
  const avant = { ...etat };
  Object.assign(etat, lire());
  if (e.target.name === 'indicateur' || e.target.name === 'niveau') etat.annee = '';
  actualiser({ contours: etat.niveau !== avant.niveau, ti: etat.ti !== avant.ti });
});
form.addEventListener('submit', (e) => {
  e.preventDefault();
  Object.assign(etat, lire());
  actualiser({ contours: true, ti: true });
});

demarrer();

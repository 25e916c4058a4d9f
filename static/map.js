// The directory's results on a map: progressive enhancement only. The list
// of results is the page (and the accessible equivalent of the map); this
// draws the same search, fetched as GeoJSON from /find/map.geojson with
// the page's query, on a Leaflet map that needs no tile server: the
// localities' boundaries as its base, a numbered marker for each result
// with a place (the number is its place in the list), and markers that
// would overlap gathered into a group showing how many. Map tiles are
// drawn under it only when the server has them configured (data-tiles).
// Keyboard: every marker and group is a button (Tab to it; Enter or Space
// opens a place's link, or zooms into a group and moves to its first
// place); the map itself pans with the arrow keys and zooms with + and -.
// No inline styles or scripts: everything is classes (CSP).
const block = document.getElementById('sn-map-block');
const el = document.getElementById('sn-map');
const L = window.L;

const CLUSTER_PX = 44; // markers nearer than this on screen are one group

function text(tag, cls, content) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (content !== undefined) e.textContent = content;
  return e;
}

function link(p) {
  const a = text('a', 'govuk-link', p.name);
  a.href = `/find/services/${encodeURIComponent(p.id)}`;
  return a;
}

// A place's popup: its link, where, how far, and where it is in the list.
function placePopup(p) {
  const box = text('div', 'sn-map-popup');
  const h = text('p', 'govuk-body-s govuk-!-margin-bottom-1');
  h.append(link(p));
  box.append(h, text('p', 'govuk-body-s govuk-!-margin-bottom-1', p.where));
  const more = [`Number ${p.n} in the list${p.page > 1 ? ` (page ${p.page})` : ''}`];
  if (p.distance) more.unshift(`${p.distance} away`);
  box.append(text('p', 'govuk-body-s govuk-!-margin-bottom-0', more.join('. ') + '.'));
  return box;
}

// A group at the closest zoom (places at one address): the list of them.
function groupPopup(members) {
  const box = text('div', 'sn-map-popup');
  box.append(text('p', 'govuk-body-s govuk-!-margin-bottom-1', `${members.length} places here:`));
  const ul = text('ul', 'govuk-list govuk-body-s govuk-!-margin-bottom-0');
  for (const m of members) {
    const li = text('li');
    li.append(link(m.p), ` (number ${m.p.n})`);
    ul.append(li);
  }
  box.append(ul);
  return box;
}

// Gathers the places into groups at the map's zoom, so that no two marks
// are nearer than CLUSTER_PX on screen: each place joins the first group
// within that distance (in the list's order, so a group's first place is
// its best), a group stands at the middle of its places, and groups that
// end up that near are merged until none are.
function groups(map, places) {
  const zoom = map.getZoom();
  const out = [];
  const centre = (g) => {
    const sum = g.pts.reduce((a, p) => a.add(p), L.point(0, 0));
    g.pt = sum.divideBy(g.pts.length);
  };
  for (const pl of places) {
    const pt = map.project(pl.latlng, zoom);
    const g = out.find((c) => c.pt.distanceTo(pt) < CLUSTER_PX);
    if (g) {
      g.members.push(pl);
      g.pts.push(pt);
      centre(g);
    } else {
      out.push({ pt, pts: [pt], members: [pl] });
    }
  }
  for (let merged = true; merged;) {
    merged = false;
    for (let i = 0; i < out.length && !merged; i++) {
      for (let j = i + 1; j < out.length && !merged; j++) {
        if (out[i].pt.distanceTo(out[j].pt) < CLUSTER_PX) {
          out[i].members.push(...out[j].members);
          out[i].pts.push(...out[j].pts);
          out[i].members.sort((a, b) => a.p.n - b.p.n);
          centre(out[i]);
          out.splice(j, 1);
          merged = true;
        }
      }
    }
  }
  for (const g of out) g.at = map.unproject(g.pt, zoom);
  return out;
}

function activateOnKeys(marker, fn) {
  marker.on('click', fn);
  marker.on('add', () => {
    marker.getElement().addEventListener('keydown', (e) => {
      if (e.key === 'Enter' || e.key === ' ') {
        e.preventDefault();
        fn();
      }
    });
  });
}

function draw(fc) {
  const localities = fc.features.filter((f) => f.properties.kind === 'locality');
  const places = fc.features.filter((f) => f.properties.kind === 'service').map((f) => ({
    p: f.properties, latlng: L.latLng(f.geometry.coordinates[1], f.geometry.coordinates[0]),
  }));
  const here = fc.features.find((f) => f.properties.kind === 'postcode');
  if (!places.length) return;
  block.hidden = false;
  // Without tiles there is nothing to see closer than a street's length.
  const map = L.map(el, { keyboard: true, zoomControl: true, attributionControl: false, maxZoom: el.dataset.tiles ? 18 : 16, zoomSnap: 0.5 });
  map.getContainer().setAttribute('aria-label', 'Map of the results');
  if (el.dataset.tiles) {
    el.classList.add('sn-map--tiles');
    L.tileLayer(el.dataset.tiles, { maxZoom: 18 }).addTo(map);
  }
  // The areas, each with its name: the map's own base, no tiles needed.
  L.geoJSON({ type: 'FeatureCollection', features: localities }, {
    interactive: false,
    style: (f) => ({ className: `sn-map-area sn-map-area--${localities.indexOf(f) % 6}` }),
    onEachFeature: (f, layer) => {
      L.marker(layer.getBounds().getCenter(), {
        interactive: false, keyboard: false,
        icon: L.divIcon({ className: 'sn-map-label', html: '', iconSize: null }),
      }).on('add', (e) => { e.target.getElement().textContent = f.properties.name; }).addTo(map);
    },
  }).addTo(map);
  if (here) {
    const ll = L.latLng(here.geometry.coordinates[1], here.geometry.coordinates[0]);
    // The postcode searched from: a black square with the postcode beside it.
    L.marker(ll, { interactive: false, keyboard: false, icon: L.divIcon({ className: 'sn-map-here', html: '', iconSize: [16, 16] }) })
      .addTo(map);
    L.marker(ll, {
      interactive: false, keyboard: false,
      icon: L.divIcon({ className: 'sn-map-here-label', html: '', iconSize: null, iconAnchor: [-12, 12] }),
    }).on('add', (e) => { e.target.getElement().textContent = here.properties.name; }).addTo(map);
  }
  const layer = L.layerGroup().addTo(map);
  let focusNext = null; // after zooming into a group: the place to move to
  const render = () => {
    layer.clearLayers();
    el.dataset.zoom = String(map.getZoom()); // what the browser tests read
    for (const g of groups(map, places)) {
      const first = g.members[0];
      let m;
      if (g.members.length === 1) {
        m = L.marker(first.latlng, {
          keyboard: true, title: first.p.name,
          icon: L.divIcon({ className: 'sn-map-marker', html: '', iconSize: [32, 32] }),
        });
        m.bindPopup(placePopup(first.p));
        m.on('add', () => {
          const e = m.getElement();
          // Leaflet opens the popup on Enter; a button also answers Space.
          e.addEventListener('keydown', (ev) => {
            if (ev.key === ' ') {
              ev.preventDefault();
              m.openPopup();
            }
          });
          e.textContent = String(first.p.n);
          e.setAttribute('aria-label', `${first.p.n}. ${first.p.name}`);
          e.dataset.id = first.p.id;
        });
      } else {
        const bounds = L.latLngBounds(g.members.map((x) => x.latlng));
        m = L.marker(g.at, {
          keyboard: true, title: `${g.members.length} places`,
          icon: L.divIcon({ className: 'sn-map-cluster', html: '', iconSize: [40, 40] }),
        });
        m.on('add', () => {
          const e = m.getElement();
          e.textContent = String(g.members.length);
          e.setAttribute('aria-label', `${g.members.length} places here, numbers ${g.members.map((x) => x.p.n).join(', ')}: zoom in`);
          e.dataset.members = g.members.map((x) => x.p.id).join(' ');
        });
        activateOnKeys(m, () => {
          const zoom = Math.min(map.getBoundsZoom(bounds.pad(0.3)), map.getMaxZoom());
          if (zoom <= map.getZoom()) {
            m.bindPopup(groupPopup(g.members)).openPopup();
            return;
          }
          focusNext = first.p.id;
          map.flyToBounds(bounds.pad(0.3), { maxZoom: map.getMaxZoom(), duration: 0.3 });
        });
      }
      m.addTo(layer);
    }
    if (focusNext) {
      const target = layer.getLayers().map((x) => x.getElement())
        .find((e) => e && (e.dataset.id === focusNext || (e.dataset.members || '').split(' ').includes(focusNext)));
      focusNext = null;
      if (target) target.focus();
    }
  };
  map.on('zoomend', render);
  // A place's popup takes the focus to its link, and gives it back on closing.
  map.on('popupopen', (e) => {
    const box = e.popup.getElement();
    const a = box.querySelector('.sn-map-popup a');
    if (a) a.focus();
    // Escape closes it from inside too (Leaflet listens only on the map itself).
    box.addEventListener('keydown', (ev) => {
      if (ev.key === 'Escape') map.closePopup();
    });
  });
  map.on('popupclose', (e) => {
    const src = e.popup._source, box = e.popup.getElement();
    const lost = document.activeElement === document.body || (box && box.contains(document.activeElement));
    if (lost && src && src.getElement()) src.getElement().focus();
  });
  const all = L.latLngBounds(places.map((x) => x.latlng));
  if (here) all.extend(L.latLng(here.geometry.coordinates[1], here.geometry.coordinates[0]));
  map.fitBounds(all, { padding: [32, 32], maxZoom: 15 });
  render();
  block.dataset.ready = 'true';
}

if (block && el && L && el.dataset.geojson) {
  fetch(el.dataset.geojson, { headers: { Accept: 'application/geo+json' } })
    .then((r) => (r.ok ? r.json() : null))
    .then((fc) => { if (fc) draw(fc); })
    .catch(() => { /* no map: the list stands alone */ });
}

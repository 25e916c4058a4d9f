// The directory's results on a map: progressive enhancement only. The list
// of results is the page; this draws the same places on a map when map
// tiles are configured (the #sn-map element carries the tile URL) and
// Leaflet has loaded. Nothing on the map takes focus: it is a picture of
// the list, which keyboard and screen-reader users read instead.
const el = document.getElementById('sn-map');
const L = window.L;
if (el && L && el.dataset.tiles) {
  const points = [...document.querySelectorAll('[data-lat][data-lon]')]
    .map((li) => [Number(li.dataset.lat), Number(li.dataset.lon)])
    .filter(([lat, lon]) => Number.isFinite(lat) && Number.isFinite(lon));
  if (points.length) {
    el.hidden = false;
    const map = L.map(el, { keyboard: false, zoomControl: false, attributionControl: false });
    // The tiles' credit is under the map, as text (no links inside the picture).
    const credit = document.getElementById('sn-map-credit');
    if (credit) credit.hidden = false;
    L.tileLayer(el.dataset.tiles, { maxZoom: 18 }).addTo(map);
    for (const p of points) {
      L.circleMarker(p, { radius: 8, weight: 2, color: '#1d70b8', fillOpacity: 0.6, interactive: false }).addTo(map);
    }
    map.fitBounds(points, { padding: [24, 24], maxZoom: 15 });
  }
}

import L from 'leaflet';
import 'leaflet/dist/leaflet.css';
import { el } from './dom';

const TRAIL_POINTS = 600;

/**
 * The arena, top down, in metres (`L.CRS.Simple`: no tiles, nothing fetched): the rover and its
 * trail. Leaflet's y grows upward like the rover's frame, so x/y map straight to lng/lat.
 */
export function mountArena(container: HTMLElement): (x: number, y: number) => void {
  const host = el('div', { class: 'map', 'data-testid': 'arena', 'aria-label': 'Arena map' });
  container.append(el('section', { class: 'panel' }, el('h2', {}, 'Arena'), host));
  const map = L.map(host, { crs: L.CRS.Simple, attributionControl: false, minZoom: 2, maxZoom: 8 });
  map.setView([0, 0], 4);
  L.rectangle(
    [
      [-10, -10],
      [10, 10],
    ],
    { color: '#999', weight: 1, fill: false },
  ).addTo(map);
  const trail = L.polyline([], { color: '#457b9d', weight: 2 }).addTo(map);
  const rover = L.circleMarker([0, 0], { radius: 7, color: '#e63946', fillOpacity: 0.9 }).addTo(
    map,
  );
  return (x, y) => {
    const point = L.latLng(y, x);
    rover.setLatLng(point);
    const points = trail.getLatLngs() as L.LatLng[];
    points.push(point);
    if (points.length > TRAIL_POINTS) points.shift();
    trail.setLatLngs(points);
  };
}

export interface FleetPoint {
  id: string;
  name: string;
  online: boolean;
  location: { lat: number; lng: number } | null;
}

/** The fleet on a plain geographic map (no tile server: positions only). */
export function mountFleetMap(container: HTMLElement): (robot: FleetPoint) => void {
  const host = el('div', { class: 'map', 'data-testid': 'fleet-map', 'aria-label': 'Fleet map' });
  container.append(host);
  const map = L.map(host, { attributionControl: false, zoomSnap: 0.25 });
  map.setView([0, 0], 2);
  const markers = new Map<string, L.CircleMarker>();
  let fitted = false;
  return (robot) => {
    if (!robot.location) return;
    const at = L.latLng(robot.location.lat, robot.location.lng);
    let marker = markers.get(robot.id);
    if (!marker) {
      marker = L.circleMarker(at, { radius: 6 }).bindTooltip(robot.name).addTo(map);
      markers.set(robot.id, marker);
    }
    marker.setLatLng(at).setStyle({ color: robot.online ? '#2a9d8f' : '#999' });
    if (!fitted || markers.size <= 6) {
      map.fitBounds(L.latLngBounds([...markers.values()].map((m) => m.getLatLng())).pad(0.3), {
        maxZoom: 17,
      });
      fitted = true;
    }
  };
}

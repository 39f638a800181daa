import type { GeoPoint } from './robot';

/**
 * Where the fleet sits on the map: the simulated robots roam a few hundred metres around it, and
 * the rover's arena origin is placed on it (a fixed point of the demo deployment, not a setting).
 */
export const FLEET_BASE: GeoPoint = { lat: 52.520008, lng: 13.404954 };

/** WGS 84 mean metres per degree of latitude; a degree of longitude is this times cos(latitude). */
const METRES_PER_DEGREE = 111_320;

/**
 * The point `east` and `north` metres from `base`, on the local tangent plane (equirectangular).
 * Over the few hundred metres used here the error is far below the centimetre the result is
 * rounded to; it is not meant for distances of many kilometres or near the poles.
 */
export function offsetToLatLng(base: GeoPoint, east: number, north: number): GeoPoint {
  const lat = base.lat + north / METRES_PER_DEGREE;
  const lng = base.lng + east / (METRES_PER_DEGREE * Math.cos((base.lat * Math.PI) / 180));
  return { lat: round7(lat), lng: round7(lng) };
}

const round7 = (value: number): number => Math.round(value * 1e7) / 1e7;

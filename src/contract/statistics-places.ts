// Province and country names for the statistics' labels on the server (the national report, the
// downloads): the web app passes its own loaded reference data instead.
import { PROVINCES, countryName } from './reference/index.js';
import type { PlaceNames } from './statistics-labels.js';

const provinceNames = new Map(PROVINCES.map((p) => [p.code, p.name]));

export const PLACE_NAMES: PlaceNames = {
  province: (code) => provinceNames.get(code),
  country: (code, lang) => countryName(code, lang),
};

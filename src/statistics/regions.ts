// Viet Nam's six socio-economic regions, for the 34 provincial-level units of 2025 (pure).
//
// Source: the General Statistics Office's six regions (Northern Midlands and Mountains, Red River
// Delta, North Central and Central Coast, Central Highlands, Southeast, Mekong River Delta), as
// regrouped for the 34 units after the reform of 1 July 2025 (9 / 6 / 8 / 3 / 3 / 5 units), as
// reported by the Vietnamese press on the Government's regrouping. Like the province list
// (src/contract/reference/provinces.json) this is not an official dataset: check it against the
// Government's resolution on the socio-economic regions before relying on it for anything but
// generalisation, where any fixed grouping is safe.
import { PROVINCE_CODES } from '../contract/reference/index.js';

export const REGIONS = [
  'northern_midlands_mountains',
  'red_river_delta',
  'north_central_central_coast',
  'central_highlands',
  'southeast',
  'mekong_delta',
] as const;
export type Region = (typeof REGIONS)[number];

const REGION_OF: Record<string, Region> = {
  'lai-chau': 'northern_midlands_mountains',
  'dien-bien': 'northern_midlands_mountains',
  'son-la': 'northern_midlands_mountains',
  'lang-son': 'northern_midlands_mountains',
  'cao-bang': 'northern_midlands_mountains',
  'tuyen-quang': 'northern_midlands_mountains',
  'lao-cai': 'northern_midlands_mountains',
  'thai-nguyen': 'northern_midlands_mountains',
  'phu-tho': 'northern_midlands_mountains',
  'ha-noi': 'red_river_delta',
  'hai-phong': 'red_river_delta',
  'quang-ninh': 'red_river_delta',
  'bac-ninh': 'red_river_delta',
  'hung-yen': 'red_river_delta',
  'ninh-binh': 'red_river_delta',
  'thanh-hoa': 'north_central_central_coast',
  'nghe-an': 'north_central_central_coast',
  'ha-tinh': 'north_central_central_coast',
  'quang-tri': 'north_central_central_coast',
  hue: 'north_central_central_coast',
  'da-nang': 'north_central_central_coast',
  'quang-ngai': 'north_central_central_coast',
  'khanh-hoa': 'north_central_central_coast',
  'gia-lai': 'central_highlands',
  'dak-lak': 'central_highlands',
  'lam-dong': 'central_highlands',
  'ho-chi-minh': 'southeast',
  'dong-nai': 'southeast',
  'tay-ninh': 'southeast',
  'can-tho': 'mekong_delta',
  'vinh-long': 'mekong_delta',
  'dong-thap': 'mekong_delta',
  'ca-mau': 'mekong_delta',
  'an-giang': 'mekong_delta',
};

for (const code of PROVINCE_CODES)
  if (!REGION_OF[code]) throw new Error(`province ${code} has no socio-economic region (src/statistics/regions.ts)`);

/** The region of a 2025 province code, or null for anything else (unknown, a former province). */
export function regionOf(province: string): Region | null {
  return REGION_OF[province] ?? null;
}

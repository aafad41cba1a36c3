// The labels of the statistics' codes (indicators, dimensions, dimension values) in the user's
// language. TEMPORARY until src/contract/statistics-labels.ts (shared with the PDF report) lands:
// then this file only re-exports it.
import type { Language } from './types';

export function statisticsValueLabel(_dimension: string, code: string, _lang: Language): string {
  return code;
}
export function indicatorLabel(id: string, _lang: Language): string {
  return id;
}
export function dimensionLabel(id: string, _lang: Language): string {
  return id;
}

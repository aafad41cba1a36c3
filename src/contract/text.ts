// Short free text that people read in lists (names of persons, agencies, users):
// stored in NFC (so that "Nguyễn" typed with combining marks and "Nguyễn" typed
// precomposed are one name), and refused when it holds control characters
// (terminal escape sequences), text-direction overrides, or nothing visible.
import { z } from 'zod';

// C0 and C1 controls (ESC starts terminal escape sequences; tabs and newlines have no
// place in a name), and the line and paragraph separators.
const CONTROL = /[\p{Cc}\u2028\u2029]/u;
// Explicit embeddings, overrides and isolates: they reorder what is displayed around them.
const BIDI_OVERRIDE = /[\u202a-\u202e\u2066-\u2069]/u;
// What shows nothing: spaces, format characters (zero-width, marks, BOM), combining marks
// on nothing, and the filler letters that render blank (Hangul fillers, braille blank).
const INVISIBLE = /[\s\p{Cf}\p{M}\p{Zs}\u115f\u1160\u3164\uffa0\u2800\u034f]/gu;

/** Why `text` cannot be a name shown in lists, or undefined when it can. */
export function visibleTextProblem(text: string): string | undefined {
  if (CONTROL.test(text)) return 'contains a control character (e.g. a terminal escape or a line break)';
  if (BIDI_OVERRIDE.test(text)) return 'contains a text-direction override';
  const visible = text.replace(INVISIBLE, '');
  if (!/[\p{L}\p{N}]/u.test(visible)) return 'has no visible letter or digit';
  return undefined;
}

/** A name-like text field: trimmed, NFC, 1..max characters, visible, without controls or overrides. */
export function visibleText(max: number) {
  return z
    .string()
    .normalize('NFC')
    .trim()
    .min(1, { abort: true })
    .max(max, { abort: true })
    .superRefine((text, ctx) => {
      const problem = visibleTextProblem(text);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    });
}

/** An identity document number as compared (registry search, prosecution identifiers): no separators, upper case. */
export const normaliseDocumentNumber = (n: string) => n.replace(/[\s.\-/]/g, '').toUpperCase();

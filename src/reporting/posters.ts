// A campaign site's poster (issue 14 §3), for the API and `lantern posters`: the site looked up, refused when
// inactive (its link would no longer mark reports), and drawn with its link under LANTERN_PUBLIC_URL.
import type { Kysely } from 'kysely';
import type { Language } from '../contract/codes.js';
import type { Site } from '../contract/schemas/sites.js';
import type { PosterSize } from '../contract/sites.js';
import type { DB } from '../platform/db-schema.js';
import { Problem } from '../platform/problems.js';
import { renderPosterPdf } from './poster-pdf.js';
import { requireSite } from './sites.js';

export const siteInactive = (code: string) =>
  new Problem(
    'conflict',
    `The campaign site ${code} is inactive: its link no longer marks reports. Make it active again to print its poster.`,
    { reason: 'site-inactive' },
  );

/** The poster of the site `code` as a PDF, with the site; 404 for no such site, 409 for an inactive one. */
export async function sitePoster(
  db: Kysely<DB>,
  publicUrl: string,
  code: string,
  options: { lang: Language; size: PosterSize },
): Promise<{ site: Site; pdf: Buffer }> {
  const site = await requireSite(db, publicUrl, code);
  if (!site.active) throw siteInactive(site.code);
  const pdf = await renderPosterPdf({
    lang: options.lang,
    size: options.size,
    site: { code: site.code, name: site.name },
    link: site.link,
  });
  return { site, pdf };
}

/** The file name a downloaded poster gets: poster-HN-GA-vi-A4.pdf. */
export const posterFileName = (code: string, options: { lang: Language; size: PosterSize }) =>
  `poster-${code}-${options.lang}-${options.size}.pdf`;

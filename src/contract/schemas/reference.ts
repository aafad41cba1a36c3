// The reference data of GET /reference: the code lists with labels in one language,
// provinces and countries, and the programme's time zone (the web app's calendar).
import { z } from 'zod';

const codeLabel = z.object({ code: z.string(), label: z.string() });

export const referenceDataSchema = z.object({
  exploitationTypes: z.array(codeLabel),
  recruitmentChannels: z.array(codeLabel),
  caseSources: z.array(codeLabel),
  agencyKinds: z.array(codeLabel),
  roles: z.array(codeLabel),
  sexes: z.array(codeLabel),
  identityDocumentTypes: z.array(codeLabel),
  caseStatuses: z.array(codeLabel),
  provinces: z.array(z.object({ code: z.string(), name: z.string(), absorbed: z.array(z.string()) })),
  countries: z.array(z.object({ code: z.string(), name: z.string() })),
  timeZone: z
    .string()
    .describe('the IANA zone whose calendar days Lantern counts in (LANTERN_TIMEZONE), e.g. Asia/Ho_Chi_Minh'),
});

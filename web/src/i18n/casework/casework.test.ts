/// <reference types="vite/client" />
// Issue 12 §5: server problems reach the user in their language. Every problem type and every
// conflict reason the server can give has a message in vi, en and fr; every field of the forms'
// requests is named by the form's own label; the server's English detail shows only where no
// translation exists; a taken e-mail says so, by the e-mail field.
import { describe, expect, it } from 'vitest';
// The server's own lists, read to check the web app against them (tests only: the app does not ship them).
import { PROBLEM_TYPES } from '../../../../src/contract/problem-types';
// eslint-disable-next-line @typescript-eslint/no-restricted-imports
import { z } from 'zod';
// eslint-disable-next-line @typescript-eslint/no-restricted-imports
import * as access from '../../../../src/contract/schemas/access';
// eslint-disable-next-line @typescript-eslint/no-restricted-imports
import * as assistance from '../../../../src/contract/schemas/assistance';
// eslint-disable-next-line @typescript-eslint/no-restricted-imports
import * as registry from '../../../../src/contract/schemas/registry';
// eslint-disable-next-line @typescript-eslint/no-restricted-imports
import * as sites from '../../../../src/contract/schemas/sites';
import { ApiError, type Problem } from '../../api';
import { problemText } from '../../components/ui';
import { CATALOGUES, LANGUAGES, makeI18n } from '../messages';
import '../consolidation';
import '../statistics';
import { fieldLabelKey } from './fields';

const vi = makeI18n('vi');

describe('problems in the user’s language', () => {
  it('has a message for every problem type in every language', () => {
    const kinds = [...Object.keys(PROBLEM_TYPES), 'network', 'unexpected'];
    for (const lang of LANGUAGES) {
      const catalogue = CATALOGUES[lang] as Record<string, string>;
      expect(
        kinds.filter((k) => !catalogue[`problem.${k}`]?.trim()),
        `problem types without a message in ${lang}`,
      ).toEqual([]);
    }
  });

  it('has a message for every reason a conflict gives', () => {
    const sources = import.meta.glob(['../../../../src/**/*.ts', '!../../../../src/**/*.test.ts'], {
      query: '?raw',
      import: 'default',
      eager: true,
    }) as Record<string, string>;
    const reasons = new Set<string>();
    for (const text of Object.values(sources)) {
      // The `reason` in a Problem's extras: within its parentheses (messages have none of their own).
      for (const m of text.matchAll(/new Problem\((?:[^()]|\([^()]*\))*?\breason: '([a-z][a-z-]+)'/g))
        reasons.add(m[1]!);
    }
    expect(reasons.size).toBeGreaterThan(10);
    // A failed background job says why in the user's words too (its error code).
    const jobCodes = new Set<string>(['internal']);
    for (const text of Object.values(sources))
      for (const m of text.matchAll(/new JobFailure\(\s*'([a-z][a-z-]+)'/g)) jobCodes.add(m[1]!);
    for (const lang of LANGUAGES) {
      const catalogue = CATALOGUES[lang] as Record<string, string>;
      expect(
        [...jobCodes].filter((c) => !catalogue[`job.error.${c}`]?.trim() && !catalogue[`problem.${c}`]?.trim()),
        `job errors without a message in ${lang}`,
      ).toEqual([]);
    }
    for (const lang of LANGUAGES) {
      const catalogue = CATALOGUES[lang] as Record<string, string>;
      expect(
        [...reasons].filter((r) => !catalogue[`problem.reason.${r}`]?.trim()),
        lang,
      ).toEqual([]);
    }
  });

  it('names every field of the forms’ requests by its form label', () => {
    const forms: z.ZodType[] = [
      registry.personCreateSchema,
      registry.personPatchSchema,
      registry.caseCreateSchema,
      registry.casePatchSchema,
      access.agencyCreateSchema,
      access.userCreateSchema,
      assistance.consentCreateSchema,
      assistance.referralCreateSchema,
      assistance.transferCreateSchema,
      assistance.serviceCreateSchema,
      assistance.servicePatchSchema,
      assistance.supportPlanInputSchema,
      assistance.repatriationGroupInputSchema,
      assistance.repatriationInputSchema,
      assistance.followUpCreateSchema,
      assistance.followUpPatchSchema,
      assistance.noteCreateSchema,
      sites.siteCreateSchema,
    ];
    // Ids the app fills in itself, never typed by the user.
    const internal = new Set(['personId', 'caseId']);
    const paths = new Set<string>();
    type Json = { properties?: Record<string, Json>; items?: Json; anyOf?: Json[]; oneOf?: Json[]; allOf?: Json[] };
    const walk = (schema: Json, at: string[]) => {
      for (const alt of [...(schema.anyOf ?? []), ...(schema.oneOf ?? []), ...(schema.allOf ?? [])]) walk(alt, at);
      if (schema.items) walk(schema.items, [...at, '0']);
      for (const [name, child] of Object.entries(schema.properties ?? {})) {
        if (internal.has(name)) continue;
        paths.add(['body', ...at, name].join('.'));
        walk(child, [...at, name]);
      }
    };
    for (const form of forms) walk(z.toJSONSchema(form, { io: 'input', unrepresentable: 'any' }) as Json, []);
    expect(paths.size).toBeGreaterThan(40);
    expect([...paths].filter((p) => fieldLabelKey(p) === null)).toEqual([]);
    expect(vi.t(fieldLabelKey('body.dateOfBirth')!)).toBe('Ngày sinh');
    expect(fieldLabelKey('body.identityDocuments.2.number')).toBe('person.documentNumber');
  });

  it('shows a validation problem by the form’s labels, with no English and no field codes', () => {
    const problem: Problem = {
      type: 'urn:lantern:problem:validation',
      title: 'Invalid request',
      status: 400,
      detail: 'Some fields are invalid: body.dateOfBirth, body.familyName.',
      errors: [
        { field: 'body.dateOfBirth', message: 'cannot be in the future' },
        { field: 'body.familyName', message: 'Too big' },
      ],
    };
    const shown = problemText(vi.t, new ApiError(400, problem));
    expect(shown.message).toBe(CATALOGUES.vi['problem.validation']);
    expect(shown.detail).toBeNull();
    expect(shown.fields).toEqual([
      { label: 'Ngày sinh', reason: 'không được là ngày trong tương lai' },
      { label: CATALOGUES.vi['person.familyName'], reason: 'chưa hợp lệ' },
    ]);
    expect(JSON.stringify(shown)).not.toMatch(/body\.|future|Too big|Invalid/);
  });

  it('says a taken e-mail is taken, by the e-mail field, not “cannot do this now”', () => {
    const problem: Problem = {
      type: 'urn:lantern:problem:conflict',
      title: 'Conflict',
      status: 409,
      detail: 'A user with email lan@ca.invalid already exists.',
      reason: 'email-taken',
      errors: [{ field: 'body.email', message: 'is taken', code: 'email-taken' }],
    };
    const shown = problemText(vi.t, new ApiError(409, problem));
    expect(shown.message).toBe('Email này đã được dùng cho một tài khoản khác. Hãy dùng email khác.');
    expect(shown.message).not.toBe(CATALOGUES.vi['problem.conflict']);
    expect(shown.fields).toEqual([{ label: 'Email', reason: 'đã được dùng cho một tài khoản khác' }]);
    expect(shown.detail).toBeNull();
    expect(problemText(makeI18n('fr').t, new ApiError(409, problem)).message).toContain('déjà utilisée');
  });

  it('shows the server’s English detail only for a problem it cannot translate', () => {
    const teapot = new ApiError(418, {
      type: 'urn:lantern:problem:teapot',
      title: 'Teapot',
      status: 418,
      detail: 'I am a teapot.',
    });
    const shown = problemText(vi.t, teapot);
    expect(shown.message).toBe(CATALOGUES.vi['problem.unexpected']);
    expect(shown.detail).toBe('I am a teapot.');
  });
});

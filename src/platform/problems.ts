// Errors as RFC 9457 problem details. Each kind has a stable `type` that clients
// may switch on; `title` is fixed per type, `detail` says what to do.

import { PROBLEM_TYPES, type ProblemType } from '../contract/problem-types.js';

export { PROBLEM_TYPES, PROBLEM_TYPE_PREFIX, type ProblemType } from '../contract/problem-types.js';

export interface FieldError {
  field: string;
  message: string;
  /** A stable reason clients may translate (e.g. 'password-too-guessable'); `message` is English. */
  code?: string;
}

export class Problem extends Error {
  readonly status: number;
  /** What the audit event of a refusal may add (ids, field names, reason codes — never personal data); not sent. */
  auditDetails: Record<string, unknown> | undefined;
  constructor(
    readonly type: ProblemType,
    readonly detail: string,
    readonly extra: { errors?: FieldError[]; retryAfterSeconds?: number; [key: string]: unknown } = {},
  ) {
    super(detail);
    this.status = PROBLEM_TYPES[type].status;
  }

  /** Attaches details for the audit event the access hook writes when this refusal reaches the caller. */
  withAuditDetails(details: Record<string, unknown>): this {
    this.auditDetails = details;
    return this;
  }

  toJSON(instance?: string) {
    const { retryAfterSeconds: _omit, ...rest } = this.extra;
    return {
      type: `urn:lantern:problem:${this.type}`,
      title: PROBLEM_TYPES[this.type].title,
      status: this.status,
      detail: this.detail,
      ...(instance ? { instance } : {}),
      ...rest,
    };
  }
}

export const notFound = (what = 'record') =>
  new Problem('not-found', `No ${what} with this id exists, or you may not see it.`);
export const forbidden = (detail: string) => new Problem('forbidden', detail);

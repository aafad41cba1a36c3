// Errors as RFC 9457 problem details. Each kind has a stable `type` that clients
// may switch on; `title` is fixed per type, `detail` says what to do.

export const PROBLEM_TYPES = {
  validation: { status: 400, title: 'Invalid request' },
  'malformed-json': { status: 400, title: 'Malformed JSON body' },
  unauthenticated: { status: 401, title: 'Authentication required' },
  'invalid-credentials': { status: 401, title: 'Wrong email or password' },
  'invalid-totp': { status: 401, title: 'Wrong or expired verification code' },
  forbidden: { status: 403, title: 'Not allowed' },
  'mfa-required': { status: 403, title: 'Second factor required' },
  'password-change-required': { status: 403, title: 'Choose a new password first' },
  'not-found': { status: 404, title: 'Not found' },
  conflict: { status: 409, title: 'Conflict' },
  'illegal-transition': { status: 409, title: 'Transition not allowed' },
  'privacy-budget-exceeded': { status: 409, title: 'Privacy budget exceeded' },
  'precondition-failed': { status: 412, title: 'The record was changed by someone else' },
  'payload-too-large': { status: 413, title: 'Request body too large' },
  'unsupported-media-type': { status: 415, title: 'Unsupported media type' },
  'precondition-required': { status: 428, title: 'If-Match header required' },
  'too-many-requests': { status: 429, title: 'Too many attempts' },
  internal: { status: 500, title: 'Internal error' },
  'statistics-not-ready': { status: 503, title: 'Statistics not computed yet' },
} as const;

export type ProblemType = keyof typeof PROBLEM_TYPES;

export const PROBLEM_TYPE_PREFIX = 'urn:lantern:problem:';

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
      type: PROBLEM_TYPE_PREFIX + this.type,
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

// The problem types of the API (RFC 9457 `type`, after the prefix): what clients may switch on and
// the web app translates. `title` is fixed per type; a problem's `detail` says what to do.
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

-- Accounts (issue 9): forced password change, known devices, and the index that
-- tells whether an account has signed in from an address before.

-- A password chosen by someone else (an administrator, the CLI) must be changed at
-- first sign-in: until then the session is limited to the 'password_change' stage.
ALTER TABLE app_user ADD COLUMN must_change_password boolean NOT NULL DEFAULT false;
ALTER TABLE app_user ADD COLUMN password_changed_at timestamptz;

ALTER TABLE user_session DROP CONSTRAINT user_session_stage_check;
ALTER TABLE user_session ADD CONSTRAINT user_session_stage_check
  CHECK (stage IN ('full', 'mfa_pending', 'mfa_enrolment', 'password_change'));

-- Browsers (or API clients) that have signed in to an account: the device cookie
-- holds a random token, the database only its SHA-256. Failed sign-ins from a known
-- device are counted for that (account, device) alone, so an attacker elsewhere who
-- exhausts the account's limit for unknown devices does not lock its owner out.
CREATE TABLE known_device (
  token_hash    text NOT NULL,
  user_id       uuid NOT NULL REFERENCES app_user(id),
  created_at    timestamptz NOT NULL DEFAULT now(),
  last_used_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (token_hash, user_id)
);
CREATE INDEX known_device_user_idx ON known_device (user_id);

-- "Has this account signed in from this address?" (per-address throttling counts
-- only failures for accounts that have not).
CREATE INDEX user_session_user_ip_idx ON user_session (user_id, client_ip);

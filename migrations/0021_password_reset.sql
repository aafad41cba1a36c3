-- Forgotten passwords (issue 12 §2): an administrator or the CLI issues a one-time reset
-- code. Only its SHA-256 is stored; one outstanding code per user (a new one replaces it);
-- redeeming it deletes it (single use) and opens a session that can only choose a new password.
CREATE TABLE password_reset (
  user_id     uuid PRIMARY KEY REFERENCES app_user(id) ON DELETE CASCADE,
  code_hash   text NOT NULL UNIQUE,
  issued_by   uuid REFERENCES app_user(id),   -- null: the CLI
  created_at  timestamptz NOT NULL DEFAULT now(),
  expires_at  timestamptz NOT NULL
);

-- A session opened with a reset code: its user chooses a new password without the current one.
ALTER TABLE user_session ADD COLUMN via_reset_code boolean NOT NULL DEFAULT false;

-- When the user last signed in (password or reset code accepted), for `lantern user list`.
ALTER TABLE app_user ADD COLUMN last_sign_in_at timestamptz;
UPDATE app_user u SET last_sign_in_at = (SELECT max(s.created_at) FROM user_session s WHERE s.user_id = u.id);

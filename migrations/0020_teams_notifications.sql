-- Teams and notifications (issue 12 §1). A notification is addressed to one user and says what
-- happened (a referral received, accepted or declined; a case assigned; a verification coming due)
-- with ids, the case reference and an agency code: never a name, a narrative or a fact about the person.
CREATE TABLE notification (
  id              uuid PRIMARY KEY,
  user_id         uuid NOT NULL REFERENCES app_user(id),
  kind            text NOT NULL CHECK (kind IN ('referral_received', 'referral_accepted', 'referral_declined',
                                                'case_assigned', 'verification_due')),
  case_id         uuid REFERENCES case_file(id),
  case_reference  text,
  referral_id     uuid REFERENCES referral(id),
  agency_code     text,                      -- the other agency of a referral
  actor_id        uuid REFERENCES app_user(id),  -- who caused it (the colleague who assigned the case)
  due_at          timestamptz,               -- the verification deadline, for verification_due
  created_at      timestamptz NOT NULL DEFAULT now(),
  read_at         timestamptz
);
CREATE INDEX notification_user_idx ON notification (user_id, created_at DESC, id DESC);
CREATE INDEX notification_unread_idx ON notification (user_id) WHERE read_at IS NULL;
-- A deadline is announced once to each user (notices of deadlines are made when the user's app asks).
CREATE UNIQUE INDEX notification_due_once_idx ON notification (user_id, case_id, due_at) WHERE kind = 'verification_due';

-- E-mails to send (when LANTERN_SMTP_URL is set): an outbox a background sender empties outside any
-- transaction, so a slow mail server never holds a request or the database. The address is encrypted
-- and forgotten once the mail is sent or given up.
CREATE TABLE notification_email (
  id               uuid PRIMARY KEY,
  notification_id  uuid NOT NULL REFERENCES notification(id),
  recipient        text,                     -- encrypted; NULL once sent or given up
  language         text NOT NULL,
  attempts         integer NOT NULL DEFAULT 0,
  claimed_until    timestamptz,
  sent_at          timestamptz,
  failed_at        timestamptz,
  created_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX notification_email_pending_idx ON notification_email (created_at)
  WHERE sent_at IS NULL AND failed_at IS NULL;

-- The hotline's desk (issue 14 §2): the triage queue's order for every status, who last read a report (for
-- the count of the reporter's unread messages), the report a duplicate repeats, each report's triage history,
-- and the notices an agency receives when a report is escalated to it or linked to one of its cases.
ALTER TABLE public_report ADD COLUMN duplicate_of uuid REFERENCES public_report(id);
ALTER TABLE public_report ADD COLUMN hotline_read_at timestamptz;   -- when an operator last opened it
ALTER TABLE public_report ADD COLUMN created_by uuid REFERENCES app_user(id); -- the operator who took a call

-- The queue: urgent and old first, with the id as the last key so that pages never overlap.
DROP INDEX public_report_queue_idx;
CREATE INDEX public_report_queue_idx ON public_report (immediate_danger DESC, minor_involved DESC, created_at, id)
  WHERE status IN ('received', 'under_review');
CREATE INDEX public_report_order_idx ON public_report (immediate_danger DESC, minor_involved DESC, created_at, id);
CREATE INDEX public_report_assigned_idx ON public_report (assigned_to, created_at) WHERE assigned_to IS NOT NULL;
CREATE INDEX public_report_message_sender_idx ON public_report_message (report_id, sender, created_at);

-- What happened to a report at the hotline, step by step: who did it and when, and the ids it concerned.
-- Reasons are on the report (encrypted); nothing here is personal.
CREATE TABLE public_report_event (
  id            uuid PRIMARY KEY,
  report_id     uuid NOT NULL REFERENCES public_report(id),
  action        text NOT NULL CHECK (action IN ('call_recorded', 'assigned', 'unassigned', 'asked', 'linked',
                  'duplicate', 'spam', 'not_trafficking', 'escalated')),
  actor_id      uuid NOT NULL REFERENCES app_user(id),
  assignee_id   uuid REFERENCES app_user(id),
  case_id       uuid REFERENCES case_file(id),
  agency_id     uuid REFERENCES agency(id),
  duplicate_of  uuid REFERENCES public_report(id),
  created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX public_report_event_report_idx ON public_report_event (report_id, created_at);

ALTER TABLE notification DROP CONSTRAINT notification_kind_check;
ALTER TABLE notification ADD CONSTRAINT notification_kind_check CHECK (kind IN (
  'referral_received', 'referral_accepted', 'referral_declined', 'case_assigned', 'verification_due',
  'identifier_hit', 'information_request_received', 'information_request_accepted',
  'information_request_declined', 'report_escalated', 'report_linked'));

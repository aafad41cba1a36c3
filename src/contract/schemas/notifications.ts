// Request and response schemas of the in-app notifications (issue 12 §1).
import { z } from 'zod';
import { NOTIFICATION_KINDS } from '../teams.js';

export const notificationSchema = z.object({
  id: z.uuid(),
  kind: z.enum(NOTIFICATION_KINDS),
  caseId: z.uuid().nullable(),
  caseReference: z.string().nullable(),
  referralId: z.uuid().nullable(),
  informationRequestId: z.uuid().nullable().describe('the information request a deconfliction notice is about'),
  agencyCode: z.string().nullable().describe('the other agency of a referral'),
  actorName: z.string().nullable().describe('the colleague who assigned the case'),
  dueAt: z.string().nullable().describe('the verification deadline, for verification_due'),
  createdAt: z.string(),
  readAt: z.string().nullable(),
});

export const notificationListQuerySchema = z.object({
  unread: z.enum(['true', 'false']).optional().describe('true: only those not yet read'),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
});

export const notificationPageSchema = z.object({
  items: z.array(notificationSchema),
  nextCursor: z.string().nullable(),
  unread: z.number().describe('how many of the caller’s notifications are unread'),
});

export const unreadCountSchema = z.object({ unread: z.number() });
export const markedReadSchema = z.object({ marked: z.number().describe('how many were marked read') });

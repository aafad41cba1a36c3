// HTTP routes of the in-app notifications (issue 12 §1): the caller's own, under /api/v1/notifications.
// They hold ids, case references and agency codes, never personal data, so reading them is not audited
// (the header polls the unread count); refusals are, as every denied access.
import { z } from 'zod';
import { actorOf } from '../access/route-access.js';
import { RULES } from '../access/rules.js';
import type { AppContext } from '../platform/context.js';
import { API_PREFIX, type App } from '../platform/http.js';
import {
  markedReadSchema,
  notificationListQuerySchema,
  notificationPageSchema,
  notificationSchema,
  unreadCountSchema,
} from '../contract/schemas/notifications.js';
import { countUnread, listNotifications, markAllRead, markRead } from './store.js';

export async function notificationRoutes(app: App, ctx: AppContext): Promise<void> {
  app.get(
    `${API_PREFIX}/notifications`,
    {
      config: { access: RULES.notificationList },
      schema: {
        tags: ['notifications'],
        description:
          'The caller’s notifications, newest first: referrals received by the agency, referrals the caller sent accepted or declined, cases assigned to the caller, verifications coming due.',
        querystring: notificationListQuerySchema,
        response: { 200: notificationPageSchema },
      },
    },
    async (request) => listNotifications(ctx, actorOf(request), request.query),
  );
  app.get(
    `${API_PREFIX}/notifications/unread-count`,
    {
      config: { access: RULES.notificationList },
      schema: { tags: ['notifications'], response: { 200: unreadCountSchema } },
    },
    async (request) => countUnread(ctx, actorOf(request)),
  );
  app.post(
    `${API_PREFIX}/notifications/:id/read`,
    {
      config: { access: RULES.notificationRead },
      schema: {
        tags: ['notifications'],
        params: z.object({ id: z.uuid('an id (UUID)') }),
        response: { 200: notificationSchema },
      },
    },
    async (request) => markRead(ctx, actorOf(request), request.params.id),
  );
  app.post(
    `${API_PREFIX}/notifications/read-all`,
    {
      config: { access: RULES.notificationList },
      schema: { tags: ['notifications'], response: { 200: markedReadSchema } },
    },
    async (request) => markAllRead(ctx, actorOf(request)),
  );
}

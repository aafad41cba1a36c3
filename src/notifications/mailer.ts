// Notification e-mails (issue 12 §1), when LANTERN_SMTP_URL is set: a background sender
// empties the outbox (notification_email). It claims a few e-mails in one short
// transaction, sends them outside any transaction, and records each outcome in another:
// a slow or unreachable mail server never holds a request, a job step or the embedded
// database's one connection. Any server may send (claims expire, so a crashed sender's
// e-mails are sent later); an e-mail is tried a few times, then given up. An e-mail says
// nothing about anyone: a generic line in the user's language and a link to the app.
import nodemailer, { type Transporter } from 'nodemailer';
import { sql } from 'kysely';
import type { AppContext } from '../platform/context.js';
import { LANGUAGES, type Language } from '../contract/codes.js';

const BATCH = 20;
const MAX_ATTEMPTS = 5;
/** A claimed e-mail not reported sent within this time is claimed again (its sender stopped). */
const CLAIM_SECONDS = 120;

const TEXT: Record<Language, { subject: string; body: (link: string) => string }> = {
  vi: {
    subject: 'Lantern: bạn có thông báo mới',
    body: (link) => `Bạn có thông báo mới trong Lantern. Đăng nhập để xem:\n\n${link}\n`,
  },
  en: {
    subject: 'Lantern: you have a new notification',
    body: (link) => `You have a new notification in Lantern. Sign in to see it:\n\n${link}\n`,
  },
  fr: {
    subject: 'Lantern : vous avez une nouvelle notification',
    body: (link) => `Vous avez une nouvelle notification dans Lantern. Connectez-vous pour la voir :\n\n${link}\n`,
  },
};

/** The e-mail of one notification in `language`: a generic line and the link, nothing personal. */
export function notificationEmail(language: string, publicUrl: string) {
  const text = TEXT[(LANGUAGES as readonly string[]).includes(language) ? (language as Language) : 'vi'];
  const link = `${publicUrl}/notifications`;
  return { subject: text.subject, text: text.body(link) };
}

export class NotificationMailer {
  #transport: Transporter | null = null;
  #timer: NodeJS.Timeout | null = null;
  #running: Promise<unknown> | null = null;
  #stopping = false;

  constructor(
    private readonly ctx: AppContext,
    private readonly intervalMs: number,
  ) {}

  get enabled(): boolean {
    return Boolean(this.ctx.config.smtpUrl);
  }

  #transporter(): Transporter {
    // The URL's settings, with timeouts: a mail server that does not answer is given up on, and tried again later.
    this.#transport ??= nodemailer.createTransport({
      url: this.ctx.config.smtpUrl!,
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 30_000,
    } as Parameters<typeof nodemailer.createTransport>[0]);
    return this.#transport;
  }

  /** Sends what is waiting, every `intervalMs`, until stopped. */
  start(): void {
    if (!this.enabled || this.#timer) return;
    this.#stopping = false;
    const tick = () => {
      this.#running = this.sendPending()
        .catch((error: unknown) =>
          this.ctx.logger.error({ err: { code: (error as { code?: unknown })?.code } }, 'notification e-mails failed'),
        )
        .finally(() => {
          if (!this.#stopping) this.#timer = setTimeout(tick, this.intervalMs);
        });
    };
    this.#timer = setTimeout(tick, this.intervalMs);
  }

  async stop(): Promise<void> {
    this.#stopping = true;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    await this.#running;
    this.#transport?.close();
    this.#transport = null;
  }

  /** Sends the e-mails waiting now, a batch at a time; returns how many were sent and how many given up. */
  async sendPending(): Promise<{ sent: number; failed: number }> {
    let sent = 0;
    let failed = 0;
    if (!this.enabled) return { sent, failed };
    for (;;) {
      const claimed = await sql<{ id: string; recipient: string; language: string; attempts: number }>`
        UPDATE notification_email SET claimed_until = now() + make_interval(secs => ${CLAIM_SECONDS}),
          attempts = attempts + 1
        WHERE id IN (SELECT id FROM notification_email
          WHERE sent_at IS NULL AND failed_at IS NULL AND recipient IS NOT NULL
            AND (claimed_until IS NULL OR claimed_until < now())
          ORDER BY created_at LIMIT ${BATCH} FOR UPDATE SKIP LOCKED)
        RETURNING id, recipient, language, attempts`.execute(this.ctx.db);
      if (claimed.rows.length === 0) break;
      let serverFailing = false;
      for (const [i, e] of claimed.rows.entries()) {
        const mail = notificationEmail(e.language, this.ctx.config.publicUrl);
        try {
          await this.#transporter().sendMail({
            from: this.ctx.config.smtpFrom,
            to: this.ctx.keys.decrypt(e.recipient),
            subject: mail.subject,
            text: mail.text,
            textEncoding: 'quoted-printable',
          });
          await this.ctx.db
            .updateTable('notification_email')
            .set({ sent_at: sql<Date>`now()` as never, recipient: null, claimed_until: null })
            .where('id', '=', e.id)
            .execute();
          sent += 1;
        } catch (error) {
          const giveUp = Number(e.attempts) >= MAX_ATTEMPTS;
          // The server's answer could echo the address: only its code is logged.
          this.ctx.logger.warn(
            { err: { code: (error as { code?: unknown })?.code }, attempts: e.attempts },
            giveUp ? 'notification e-mail given up' : 'notification e-mail failed; will retry',
          );
          await this.ctx.db
            .updateTable('notification_email')
            .set(
              giveUp
                ? { failed_at: sql<Date>`now()` as never, recipient: null, claimed_until: null }
                : { claimed_until: sql<Date>`now() + make_interval(secs => ${30 * Number(e.attempts)})` as never },
            )
            .where('id', '=', e.id)
            .execute();
          if (giveUp) failed += 1;
          else {
            // The server is failing: give the rest of this batch back for the next round.
            const rest = claimed.rows.slice(i + 1).map((r) => r.id);
            if (rest.length)
              await this.ctx.db
                .updateTable('notification_email')
                .set({ claimed_until: null, attempts: sql<number>`attempts - 1` as never })
                .where('id', 'in', rest)
                .execute();
            serverFailing = true;
            break;
          }
        }
      }
      if (this.#stopping || serverFailing) break;
    }
    return { sent, failed };
  }
}

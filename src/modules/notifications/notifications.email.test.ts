import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../shared/clock.js';
import { bookOk } from '../../../test/support/bookings.js';
import { makeShop } from '../../../test/support/factories.js';
import { startSmtpSink } from '../../../test/support/smtp-sink.js';
import type { ReceivedMail, SmtpSink } from '../../../test/support/smtp-sink.js';
import { createTestPlatform } from '../../../test/support/test-platform.js';
import type { TestPlatform } from '../../../test/support/test-platform.js';
import type { OutboxWorkerHandle } from './notifications.js';
import { listByAppointment } from './outbox.repository.js';

const BASE = 'https://book.example.test';

/** The calendar part of a parsed email (nodemailer sends it as an alternative and an attachment). */
function calendarOf(mail: ReceivedMail): string {
  const part = mail.parsed.attachments.find((a) => a.contentType.startsWith('text/calendar'));
  expect(part, 'an .ics part').toBeDefined();
  return part!.content.toString('utf8');
}

describe('confirmation emails through a real SMTP server', () => {
  let sink: SmtpSink;
  let tp: TestPlatform;
  let outbox: OutboxWorkerHandle;
  // Booked before the spring DST changes of New York (Mar 10), London (Mar 31) and Sydney's autumn one (Apr 7).
  const clock = fixedClock('2030-03-05T12:00:00Z');

  beforeAll(async () => {
    sink = await startSmtpSink();
    tp = await createTestPlatform({ clock, env: { SMTP_URL: sink.url, MAIL_FROM: 'Bookings <bookings@example.test>', PUBLIC_BASE_URL: BASE } });
    outbox = tp.platform.outboxWorker();
  });
  afterAll(async () => {
    await outbox?.close();
    await tp?.close();
    await sink?.close();
  });

  const mailTo = (email: string): ReceivedMail[] => sink.received.filter((m) => m.parsed.to && JSON.stringify(m.parsed.to).includes(email));

  it.each([
    { zone: 'America/New_York', start: '2030-03-12T10:00:00-04:00', utc: '20300312T140000Z', named: 'EDT' },
    { zone: 'Europe/London', start: '2030-04-01T10:00:00+01:00', utc: '20300401T090000Z', named: 'GMT+1' },
    { zone: 'Australia/Sydney', start: '2030-04-08T10:00:00+10:00', utc: '20300408T000000Z', named: 'GMT+10' },
  ])('$zone: subject, text and HTML parts, .ics in UTC after the DST change, a manage link that works', async ({ zone, start, utc, named }) => {
    const shop = await makeShop(tp, { timezone: zone, name: `Fade Shop ${zone}`, services: [{ name: 'Skin fade', durationMinutes: 45, priceCents: 4000, depositCents: 1000 }] });
    const email = `client-${zone.replace('/', '-').toLowerCase()}@example.test`;
    const booking = await bookOk(tp, shop, { start, email, barberId: shop.barberIds[0] });
    expect(await outbox.worker.drainOnce()).toBeGreaterThan(0);
    await sink.waitForMatching((m) => m.parsed.subject?.startsWith('Booked') === true && mailTo(email).includes(m));
    const [mail, ...others] = mailTo(email);
    expect(others).toEqual([]);
    const parsed = mail!.parsed;
    expect(parsed.subject).toContain(`Booked: Fade Shop ${zone}`);
    expect(parsed.from?.text).toContain(`Fade Shop ${zone}`);
    expect(parsed.text).toContain('Skin fade');
    expect(parsed.text).toContain('Barber 1');
    expect(parsed.text).toContain('$40.00');
    expect(parsed.text).toContain('Deposit: $10.00');
    expect(parsed.text).toContain(`(${zone})`);
    expect(parsed.text).toContain(named);
    expect(parsed.html).toContain('name="viewport"');
    expect(parsed.html).toContain('Fade Shop');
    // One-click unsubscribe for reminders (RFC 8058): the header and the link in the body.
    const head = (mail!.raw.split('\r\n\r\n')[0] ?? '').replace(/\r\n\s+/g, ' ');
    expect(head).toContain('List-Unsubscribe-Post: List-Unsubscribe=One-Click');
    expect(head).toMatch(new RegExp(`List-Unsubscribe: <${BASE}/api/v1/unsubscribe/[^>]+>`));
    expect(parsed.text).toMatch(new RegExp(`Stop reminder emails: ${BASE}/api/v1/unsubscribe/\\S+`));

    const ics = calendarOf(mail!);
    expect(ics).toContain(`DTSTART:${utc}`);
    expect(ics).toContain(`UID:${booking.id}@bookedbarber`);

    const link = new RegExp(`${BASE}/manage/([A-Za-z0-9_-]+)`).exec(parsed.text ?? '');
    expect(link).not.toBeNull();
    const res = await tp.app.inject({ method: 'GET', url: `/api/v1/bookings/${link![1]}` });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ id: booking.id });

    // The outbox row keeps what was sent, for staff.
    const { db } = await tp.platform.core.router.primaryFor(shop.franchiseId);
    const rows = await listByAppointment(db, shop.franchiseId, booking.id);
    const confirmation = rows.find((r) => r.kind === 'confirmation' && r.channel === 'email');
    expect(confirmation).toMatchObject({ status: 'sent', subject: parsed.subject, attempts: 1 });
    expect(confirmation?.providerMessageId).toBe(parsed.messageId);
    // Reminders wait for their time.
    expect(rows.filter((r) => r.kind === 'reminder').map((r) => r.status)).toEqual(['queued', 'queued']);
  });
});

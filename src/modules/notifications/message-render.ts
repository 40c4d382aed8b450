import { DateTime } from 'luxon';
import type { LocationAddress, OutboxChannel, OutboxKind } from '../../db/shard-schema.js';
import { calendarFile } from './ics.js';
import type { MessageFacts } from './message-facts.repository.js';

/** A message ready for a channel: what is stored on the outbox row and what is sent. */
export interface RenderedMessage {
  readonly subject: string;
  readonly text: string;
  /** Email only. */
  readonly html: string | null;
  readonly ics: string | null;
}

export interface MessageLinks {
  readonly manageUrl: string;
  /** Client emails: one click stops reminders. */
  readonly unsubscribeUrl: string | null;
}

export interface RenderRequest {
  readonly kind: OutboxKind;
  readonly channel: OutboxChannel;
  /** For a barber notice: what happened to the booking. */
  readonly change: string;
  readonly facts: MessageFacts;
  readonly links: MessageLinks;
  readonly now: Date;
}

export function formatAddress(address: LocationAddress | null): string {
  if (!address) return '';
  return [address.line1, address.line2, [address.postalCode, address.city].filter(Boolean).join(' '), address.region, address.country].filter(Boolean).join(', ');
}

/** "Tuesday, March 12, 2030, 9:00 AM EDT (America/New_York)": the zone is always named. */
export function formatLocalTime(at: Date, zone: string): string {
  const local = DateTime.fromJSDate(at, { zone }).setLocale('en-US');
  return `${local.toFormat('cccc, LLLL d, yyyy, h:mm a')} ${local.offsetNameShort ?? ''} (${zone})`.replace(/\s+\(/, ' (');
}

function money(cents: number, currency: string): string {
  return new Intl.NumberFormat('en-US', { style: 'currency', currency }).format(cents / 100);
}

function headline(kind: OutboxKind, change: string, shop: string, when: string): { subject: string; lead: string } {
  switch (kind) {
    case 'confirmation':
      return { subject: `Booked: ${shop}, ${when}`, lead: 'Your appointment is booked.' };
    case 'reschedule':
      return { subject: `Moved: ${shop}, now ${when}`, lead: 'Your appointment has moved to a new time.' };
    case 'cancellation':
      return { subject: `Cancelled: ${shop}, ${when}`, lead: 'Your appointment has been cancelled.' };
    case 'reminder':
      return { subject: `Reminder: ${shop}, ${when}`, lead: 'A reminder of your appointment.' };
    case 'barber_notice':
      return { subject: `Your column at ${shop}: booking ${change}, ${when}`, lead: `A booking in your column was ${change}.` };
    default:
      return { subject: `${shop}`, lead: '' };
  }
}

const html = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Renders from the booking as it is now (never from what it was when queued). */
export function renderMessage(request: RenderRequest): RenderedMessage {
  const { kind, channel, change, facts, links } = request;
  const a = facts.appointment;
  const when = formatLocalTime(a.startsAt, a.timezone);
  const address = formatAddress(facts.address);
  const { subject, lead } = headline(kind, change, a.locationName, when);
  const forBarber = kind === 'barber_notice';
  const rows: [string, string][] = [
    ['When', when],
    ['Where', [a.locationName, address].filter(Boolean).join(', ')],
    [forBarber ? 'Client' : 'Barber', forBarber ? a.clientName : a.barberName],
    ['Service', a.serviceName],
  ];
  if (!forBarber) {
    rows.push(['Price', money(a.priceCents, a.currency)]);
    if (a.depositCents > 0) rows.push(['Deposit', money(a.depositCents, a.currency)]);
  }

  if (channel === 'sms') {
    const text = `${a.locationName}: ${lead} ${when}, ${a.serviceName} with ${a.barberName}. Manage: ${links.manageUrl} Reply STOP to opt out.`;
    return { subject, text, html: null, ics: null };
  }

  const textLines = [a.locationName, '', lead, '', ...rows.map(([k, v]) => `${k}: ${v}`), ''];
  if (!forBarber) textLines.push(`Change or cancel: ${links.manageUrl}`);
  if (links.unsubscribeUrl) textLines.push('', `Stop reminder emails: ${links.unsubscribeUrl}`);
  const text = textLines.join('\n');

  const body = `<!doctype html><html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${html(subject)}</title></head>
<body style="margin:0;padding:16px;font-family:-apple-system,Segoe UI,Roboto,Helvetica,Arial,sans-serif;font-size:16px;line-height:1.5;color:#1a1a1a;background:#f5f5f4">
<div style="max-width:560px;margin:0 auto;background:#fff;border-radius:8px;padding:20px">
<h1 style="font-size:20px;margin:0 0 12px">${html(a.locationName)}</h1>
<p style="margin:0 0 16px">${html(lead)}</p>
<table role="presentation" style="width:100%;border-collapse:collapse">${rows
    .map(([k, v]) => `<tr><td style="padding:4px 8px 4px 0;color:#57534e;vertical-align:top">${html(k)}</td><td style="padding:4px 0">${html(v)}</td></tr>`)
    .join('')}</table>
${forBarber ? '' : `<p style="margin:20px 0"><a href="${html(links.manageUrl)}" style="display:inline-block;background:#1c1917;color:#fff;padding:12px 18px;border-radius:6px;text-decoration:none">Change or cancel</a></p>`}
${links.unsubscribeUrl ? `<p style="font-size:13px;color:#78716c">Don't want reminder emails? <a href="${html(links.unsubscribeUrl)}">Unsubscribe from reminders</a>.</p>` : ''}
</div></body></html>`;

  const withCalendar = kind === 'confirmation' || kind === 'reschedule' || kind === 'cancellation';
  const ics = withCalendar
    ? calendarFile({
        uid: `${a.id}@bookedbarber`,
        sequence: Math.max(0, Math.floor((facts.updatedAt.getTime() - a.createdAt.getTime()) / 1000)),
        start: a.startsAt,
        end: a.endsAt,
        summary: `${a.serviceName} at ${a.locationName}`,
        location: [a.locationName, address].filter(Boolean).join(', '),
        description: `With ${a.barberName}. Change or cancel: ${links.manageUrl}`,
        url: links.manageUrl,
        cancelled: kind === 'cancellation' || a.status === 'cancelled',
        stamp: request.now,
      })
    : null;
  return { subject, text, html: body, ics };
}

/**
 * The text of messages about an account (a staff invitation, a password
 * reset), rendered at send time from the row they name; `url` is the link
 * from link-tokens.ts with the public origin in front.
 */
export interface AccountMessage {
  readonly subject: string;
  readonly text: string;
  readonly html: string;
}

const escape = (value: string): string => value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function compose(subject: string, lines: readonly string[], action: string, url: string): AccountMessage {
  const text = [...lines, '', `${action}: ${url}`].join('\n');
  const html = `<div style="font-family:system-ui,sans-serif;max-width:520px">${lines.map((l) => `<p>${escape(l)}</p>`).join('')}<p><a href="${escape(url)}">${escape(action)}</a></p></div>`;
  return { subject, text, html };
}

export function renderPasswordReset(input: { readonly url: string; readonly validMinutes: number }): AccountMessage {
  return compose(
    'Reset your BookedBarber password',
    [`Someone asked to reset the password of this account. The link works once, for ${input.validMinutes} minutes.`, 'If it was not you, ignore this email: nothing changes.'],
    'Choose a new password',
    input.url,
  );
}

export function renderInvitation(input: { readonly url: string; readonly franchiseName: string; readonly role: string; readonly validDays: number }): AccountMessage {
  return compose(
    `You are invited to ${input.franchiseName} on BookedBarber`,
    [`You are invited to join ${input.franchiseName} as ${input.role}. Nothing is granted until you accept.`, `The link works for ${input.validDays} days.`],
    'Accept the invitation',
    input.url,
  );
}

import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.js';

describe('notification settings', () => {
  it('default to storing messages, an in-process worker on the embedded default, and links to this server', () => {
    const config = loadConfig({ PORT: '4123' });
    expect(config.notifications).toMatchObject({ smtpUrl: undefined, twilio: undefined, workerInProcess: true, publicBaseUrl: 'http://127.0.0.1:4123' });
    expect(loadConfig({ CATALOG_DATABASE_URL: 'postgres://db/catalog' }).notifications.workerInProcess).toBe(false);
  });

  it('read SMTP, Twilio and the public address', () => {
    const config = loadConfig({
      SMTP_URL: 'smtps://user:pass@smtp.example.test:465',
      PUBLIC_BASE_URL: 'https://book.example.test/',
      TWILIO_ACCOUNT_SID: 'AC1',
      TWILIO_AUTH_TOKEN: 'secret',
      TWILIO_FROM: '+15005550006',
      TWILIO_API_URL: 'http://127.0.0.1:9999',
    });
    expect(config.notifications).toMatchObject({
      smtpUrl: 'smtps://user:pass@smtp.example.test:465',
      publicBaseUrl: 'https://book.example.test',
      twilio: { accountSid: 'AC1', authToken: 'secret', from: '+15005550006', apiUrl: 'http://127.0.0.1:9999' },
    });
  });

  it('report a partial Twilio configuration and a wrong SMTP URL together', () => {
    expect(() => loadConfig({ TWILIO_ACCOUNT_SID: 'AC1', SMTP_URL: 'http://mail.example.test' })).toThrow(
      /TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN and TWILIO_FROM go together[\s\S]*SMTP_URL must use smtp: or smtps:/,
    );
  });
});

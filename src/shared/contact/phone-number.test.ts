import { describe, expect, it } from 'vitest';
import { phoneCountryOf, toE164 } from './phone-number.js';

describe('toE164', () => {
  it('keeps an international number, in E.164', () => {
    expect(toE164('+44 20 7946 0958', null)).toEqual({ ok: true, e164: '+442079460958' });
    expect(toE164('+1 (212) 555-0123', 'GB')).toEqual({ ok: true, e164: '+12125550123' });
  });

  it('reads a local number in the shop country', () => {
    expect(toE164('(212) 555-0123', 'US')).toEqual({ ok: true, e164: '+12125550123' });
    expect(toE164('020 7946 0958', 'GB')).toEqual({ ok: true, e164: '+442079460958' });
    expect(toE164('0412 345 678', 'AU')).toEqual({ ok: true, e164: '+61412345678' });
  });

  it('refuses numbers that cannot exist', () => {
    expect(toE164('+1 555 0000', null).ok).toBe(false);
    expect(toE164('12345', 'US').ok).toBe(false);
    expect(toE164('+99 1234567', null).ok).toBe(false);
  });

  it('asks for a + when the shop country is unknown', () => {
    const result = toE164('212 555 0123', null);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toMatch(/\+/);
  });
});

describe('phoneCountryOf', () => {
  it('prefers the address country, then the zone', () => {
    expect(phoneCountryOf({ timezone: 'America/New_York', address: { country: 'ca' } })).toBe('CA');
    expect(phoneCountryOf({ timezone: 'Europe/London', address: null })).toBe('GB');
    expect(phoneCountryOf({ timezone: 'Etc/UTC', address: { country: 'Narnia' } })).toBeNull();
  });
});

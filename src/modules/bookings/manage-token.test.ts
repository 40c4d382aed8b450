import { describe, expect, test } from 'vitest';
import { newId } from '../../db/ids.js';
import { manageLinkExpired, parseManageToken, signLegacyManageToken, signManageToken, verifyManageToken } from './manage-token.js';

const key = { id: 7, secret: 'a'.repeat(64) };
const claims = { franchiseId: newId(), appointmentId: newId() };
const check = (k: { secret: string }, token: string) => {
  const parsed = parseManageToken(token);
  return parsed ? verifyManageToken(k, parsed) : null;
};

describe('manage token', () => {
  test('round trip: names franchise, booking and key, 68 url-safe characters', () => {
    const token = signManageToken(key, claims);
    expect(token).toMatch(/^[A-Za-z0-9_-]{68}$/);
    expect(parseManageToken(token)?.keyId).toBe(7);
    expect(check(key, token)).toEqual(claims);
  });

  test('a link sent before key ids (version 1, 66 characters) reads as key 1', () => {
    const token = signLegacyManageToken(key.secret, claims);
    expect(token).toMatch(/^[A-Za-z0-9_-]{66}$/);
    expect(parseManageToken(token)?.keyId).toBe(1);
    expect(check(key, token)).toEqual(claims);
  });

  test('every single-character change is rejected (the key id is inside the MAC)', () => {
    for (const token of [signManageToken(key, claims), signLegacyManageToken(key.secret, claims)]) {
      const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
      for (let i = 0; i < token.length; i++) {
        for (const replacement of [alphabet[(alphabet.indexOf(token[i] as string) + 1) % 64], alphabet[(alphabet.indexOf(token[i] as string) + 17) % 64]]) {
          const tampered = token.slice(0, i) + replacement + token.slice(i + 1);
          expect(check(key, tampered), `position ${i}`).toBeNull();
        }
      }
    }
  });

  test('another secret, truncated, padded, garbage: null, never a throw', () => {
    const token = signManageToken(key, claims);
    expect(check({ secret: 'b'.repeat(64) }, token)).toBeNull();
    expect(check(key, token.slice(0, -1))).toBeNull();
    expect(check(key, `${token}A`)).toBeNull();
    expect(check(key, `${token}==`)).toBeNull();
    for (const junk of ['', 'x', '../../etc/passwd', '%00', 'é'.repeat(66), ' '.repeat(68), 'A'.repeat(66), 'A'.repeat(68), '+'.repeat(68)]) {
      expect(check(key, junk)).toBeNull();
    }
  });

  test('a token for one booking does not open another (ids are inside the MAC)', () => {
    const other = signManageToken(key, { ...claims, appointmentId: newId() });
    const spliced = signManageToken(key, claims).slice(0, 46) + other.slice(46);
    expect(check(key, spliced)).toBeNull();
  });

  test('a link expires 30 days after its appointment ends', () => {
    const endsAt = new Date('2027-03-11T15:00:00Z');
    expect(manageLinkExpired(endsAt, new Date('2027-04-10T15:00:00Z'))).toBe(false);
    expect(manageLinkExpired(endsAt, new Date('2027-04-10T15:00:01Z'))).toBe(true);
  });
});

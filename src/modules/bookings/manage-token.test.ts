import { describe, expect, test } from 'vitest';
import { newId } from '../../db/ids.js';
import { signManageToken, verifyManageToken } from './manage-token.js';

const secret = 'a'.repeat(64);
const claims = { franchiseId: newId(), appointmentId: newId() };

describe('manage token', () => {
  test('round trip: names franchise and booking, 66 url-safe characters', () => {
    const token = signManageToken(secret, claims);
    expect(token).toMatch(/^[A-Za-z0-9_-]{66}$/);
    expect(verifyManageToken(secret, token)).toEqual(claims);
  });

  test('every single-character change is rejected', () => {
    const token = signManageToken(secret, claims);
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    for (let i = 0; i < token.length; i++) {
      for (const replacement of [alphabet[(alphabet.indexOf(token[i] as string) + 1) % 64], alphabet[(alphabet.indexOf(token[i] as string) + 17) % 64]]) {
        const tampered = token.slice(0, i) + replacement + token.slice(i + 1);
        expect(verifyManageToken(secret, tampered), `position ${i}`).toBeNull();
      }
    }
  });

  test('another secret, truncated, padded, garbage: null, never a throw', () => {
    const token = signManageToken(secret, claims);
    expect(verifyManageToken('b'.repeat(64), token)).toBeNull();
    expect(verifyManageToken(secret, token.slice(0, -1))).toBeNull();
    expect(verifyManageToken(secret, `${token}A`)).toBeNull();
    expect(verifyManageToken(secret, `${token}==`)).toBeNull();
    for (const junk of ['', 'x', '../../etc/passwd', '%00', 'é'.repeat(66), ' '.repeat(66), 'A'.repeat(66), '+'.repeat(66)]) {
      expect(verifyManageToken(secret, junk)).toBeNull();
    }
  });

  test('a token for one booking does not open another (ids are inside the MAC)', () => {
    const other = signManageToken(secret, { ...claims, appointmentId: newId() });
    const spliced = signManageToken(secret, claims).slice(0, 44) + other.slice(44);
    expect(verifyManageToken(secret, spliced)).toBeNull();
  });
});

import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import type { CountryCode } from 'libphonenumber-js/max';
import { isSupportedCountry } from 'libphonenumber-js/max';

// The "max" metadata: the default ("min") set accepts numbers that cannot exist,
// and texts to them would fail at the provider long after the booking.

export type PhoneResult = { readonly ok: true; readonly e164: string } | { readonly ok: false; readonly message: string };

/**
 * A phone number as typed, to E.164. A number without a leading + is read in
 * `defaultCountry` (the shop's country); with none known, a + is required.
 */
export function toE164(raw: string, defaultCountry: CountryCode | null): PhoneResult {
  const typed = raw.trim();
  const international = typed.startsWith('+') || typed.startsWith('00');
  if (!international && defaultCountry === null) {
    return { ok: false, message: 'must start with + and the country code (the shop has no country set)' };
  }
  const parsed = parsePhoneNumberFromString(typed, international ? undefined : (defaultCountry ?? undefined));
  if (!parsed || !parsed.isValid()) {
    return { ok: false, message: international ? 'is not a valid phone number' : `is not a valid phone number (read as a ${defaultCountry} number; add + and the country code if it is not)` };
  }
  return { ok: true, e164: parsed.number };
}

// Most shops set a country in their address; when they have not, the zone is a good guess.
// Only zones that belong to one country are listed (America/* alone would be wrong for Toronto).
const ZONE_COUNTRY: Readonly<Record<string, CountryCode>> = {
  'America/New_York': 'US', 'America/Chicago': 'US', 'America/Denver': 'US', 'America/Phoenix': 'US',
  'America/Los_Angeles': 'US', 'America/Anchorage': 'US', 'America/Detroit': 'US', 'Pacific/Honolulu': 'US',
  'America/Toronto': 'CA', 'America/Vancouver': 'CA', 'America/Edmonton': 'CA', 'America/Winnipeg': 'CA', 'America/Halifax': 'CA',
  'America/Mexico_City': 'MX', 'America/Sao_Paulo': 'BR', 'America/Argentina/Buenos_Aires': 'AR', 'America/Bogota': 'CO',
  'Europe/London': 'GB', 'Europe/Dublin': 'IE', 'Europe/Paris': 'FR', 'Europe/Berlin': 'DE', 'Europe/Madrid': 'ES',
  'Europe/Rome': 'IT', 'Europe/Amsterdam': 'NL', 'Europe/Brussels': 'BE', 'Europe/Lisbon': 'PT', 'Europe/Stockholm': 'SE',
  'Europe/Oslo': 'NO', 'Europe/Copenhagen': 'DK', 'Europe/Warsaw': 'PL', 'Europe/Vienna': 'AT', 'Europe/Zurich': 'CH',
  'Europe/Helsinki': 'FI', 'Europe/Athens': 'GR', 'Europe/Prague': 'CZ',
  'Asia/Singapore': 'SG', 'Asia/Tokyo': 'JP', 'Asia/Hong_Kong': 'HK', 'Asia/Kolkata': 'IN', 'Asia/Dubai': 'AE', 'Asia/Seoul': 'KR',
  'Australia/Sydney': 'AU', 'Australia/Melbourne': 'AU', 'Australia/Brisbane': 'AU', 'Australia/Perth': 'AU', 'Australia/Adelaide': 'AU',
  'Pacific/Auckland': 'NZ', 'Africa/Johannesburg': 'ZA',
};

/** The country a shop's locally typed numbers belong to: its address's country, else its zone's. */
export function phoneCountryOf(location: { readonly timezone: string; readonly address: { readonly country?: string } | null }): CountryCode | null {
  const country = location.address?.country?.trim().toUpperCase();
  if (country && isSupportedCountry(country)) return country;
  return ZONE_COUNTRY[location.timezone] ?? null;
}

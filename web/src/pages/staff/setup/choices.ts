/** Lists for the setup forms. Regions match the server's default REGIONS; it checks and names the valid ones if they differ. */
export const REGIONS = [
  { id: 'us-east-1', label: 'North America (East)' },
  { id: 'us-west-2', label: 'North America (West)' },
  { id: 'eu-west-1', label: 'Europe' },
  { id: 'ap-southeast-1', label: 'Asia Pacific' },
] as const;

export const CURRENCIES = ['USD', 'CAD', 'EUR', 'GBP', 'AUD', 'NZD', 'CHF', 'SEK', 'NOK', 'DKK', 'JPY', 'SGD', 'ZAR', 'MXN', 'BRL', 'INR'] as const;

/** A region near the browser's zone: where the shop's data should live. */
export function guessRegion(timeZone: string): string {
  if (timeZone.startsWith('Europe/') || timeZone.startsWith('Africa/')) return 'eu-west-1';
  if (timeZone.startsWith('Asia/') || timeZone.startsWith('Australia/') || timeZone.startsWith('Pacific/')) return 'ap-southeast-1';
  if (/^America\/(Los_Angeles|Vancouver|Tijuana|Phoenix|Denver|Boise|Edmonton)/.test(timeZone)) return 'us-west-2';
  return 'us-east-1';
}

export function guessCurrency(timeZone: string): string {
  if (timeZone === 'Europe/London') return 'GBP';
  if (timeZone.startsWith('Europe/')) return 'EUR';
  if (timeZone.startsWith('Australia/')) return 'AUD';
  if (/^America\/(Toronto|Vancouver|Edmonton|Winnipeg|Halifax|Montreal)/.test(timeZone)) return 'CAD';
  return 'USD';
}

export function timeZones(): readonly string[] {
  const supported = (Intl as unknown as { supportedValuesOf?: (key: string) => string[] }).supportedValuesOf?.('timeZone');
  return supported && supported.length > 0 ? supported : ['America/New_York', 'America/Chicago', 'America/Denver', 'America/Los_Angeles', 'Europe/London', 'Europe/Berlin', 'Asia/Singapore', 'Australia/Sydney', 'UTC'];
}

/** "Fade & Co" → "fade-co": the shape the API accepts for slugs. */
export function slugify(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
}

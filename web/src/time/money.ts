/**
 * The one locale of every number on the page: the page's own language, so
 * money, counts and percentages share one thousands separator with each other
 * and with the English sentences around them (the visitor's browser locale
 * could differ from the text: "1.234" beside "$1,234").
 */
export function numberLocale(): string {
  return (typeof document !== 'undefined' && document.documentElement.lang) || 'en';
}

/** A count with the page's thousands separator: "12,340". */
export function formatCount(value: number): string {
  return new Intl.NumberFormat(numberLocale(), { maximumFractionDigits: 0 }).format(value);
}

/** Minor units (cents) in the shop's currency: "$35.00", "€28". */
export function formatMoney(cents: number, currency: string, options: { compact?: boolean } = {}): string {
  const format = new Intl.NumberFormat(numberLocale(), {
    style: 'currency',
    currency,
    ...(options.compact && { notation: 'compact', maximumFractionDigits: 1 }),
    ...(!options.compact && cents % 100 === 0 && { minimumFractionDigits: 0, maximumFractionDigits: 0 }),
  });
  return format.format(cents / 100);
}

export function formatDuration(minutes: number): string {
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return rest === 0 ? `${hours} h` : `${hours} h ${rest} min`;
}

export function formatPercent(value: number | null, digits = 0): string {
  if (value === null || !Number.isFinite(value)) return '—';
  return new Intl.NumberFormat(numberLocale(), { style: 'percent', maximumFractionDigits: digits, minimumFractionDigits: digits }).format(value);
}

/** "35.00" typed by a person → 3500 cents; null when it is not an amount. */
export function parseMoney(text: string): number | null {
  const cleaned = text.replace(/[^\d.,]/g, '').replace(',', '.');
  if (!/^\d+(\.\d{0,2})?$/.test(cleaned)) return null;
  return Math.round(Number(cleaned) * 100);
}

export const centsToInput = (cents: number): string => (cents / 100).toFixed(2);

import type { MoneyAmount, Ratio } from '../../../api/types.js';
import { formatCount, formatMoney, formatPercent } from '../../../time/money.js';

/** Money per currency, never added across currencies: "$12,340 + €2,100". */
export function moneyList(amounts: readonly MoneyAmount[], fallbackCurrency: string): string {
  if (amounts.length === 0) return formatMoney(0, fallbackCurrency);
  return amounts.map((amount) => formatMoney(amount.cents, amount.currency)).join(' + ');
}

export const ratioText = (ratio: Ratio, digits = 0): string => formatPercent(ratio.value, digits);

export function workings(ratio: Ratio): string {
  return ratio.denominator > 0 ? `${formatCount(ratio.numerator)} ÷ ${formatCount(ratio.denominator)} = ${formatPercent(ratio.value, 1)}` : 'Nothing to divide yet in this period.';
}

export function minutesText(minutes: number): string {
  return `${formatCount(Math.round(minutes / 60))} h`;
}

import { useState } from 'react';
import type { LocationPage, OpeningHours } from '../../api/types.js';
import { WEEKDAYS, isoWeekday, todayIn, weekdayName } from '../../time/local-date.js';
import { formatClock, zoneCity } from '../../time/zone-time.js';
import { CurrentWait } from './current-wait.js';

export function addressLines(address: LocationPage['address']): string[] {
  if (!address) return [];
  const cityLine = [address.city, address.region, address.postalCode].filter(Boolean).join(', ');
  return [address.line1, address.line2, cityLine, address.country].filter((line): line is string => Boolean(line));
}

/** Opening hours per weekday, today highlighted; several intervals of a day on one line. */
export function HoursTable({ hours, timezone }: { readonly hours: readonly OpeningHours[]; readonly timezone: string }) {
  const today = isoWeekday(todayIn(timezone));
  const byDay = (weekday: number): OpeningHours[] => hours.filter((h) => h.weekday === weekday);
  return (
    <table className="hours-table">
      <caption className="visually-hidden">Opening hours ({zoneCity(timezone)} time)</caption>
      <tbody>
        {WEEKDAYS.map((weekday) => {
          const open = byDay(weekday);
          return (
            <tr key={weekday} aria-current={weekday === today ? 'date' : undefined}>
              <th scope="row">{weekdayName(weekday)}</th>
              <td className="tabular">{open.length === 0 ? <span className="muted">Closed</span> : open.map((h) => `${formatClock(h.start)} – ${formatClock(h.end === '24:00' ? '00:00' : h.end)}`).join(', ')}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

/** Name, address and hours of the shop. */
export function ShopInfo({ location }: { readonly location: LocationPage }) {
  const lines = addressLines(location.address);
  // Open on a desktop, folded on a phone (where the booking steps matter more); the visitor can toggle either.
  const [openAtFirst] = useState(() => window.matchMedia('(min-width: 960px)').matches);
  const today = isoWeekday(todayIn(location.timezone));
  const todayHours = location.hours.filter((h) => h.weekday === today);
  const mapQuery = encodeURIComponent([location.name, ...lines].join(', '));
  return (
    <aside className="shop-info card" aria-label="About the shop">
      {lines.length > 0 && (
        <address className="shop-info__address">
          {lines.map((line) => (
            <span key={line}>{line}</span>
          ))}
          <a href={`https://www.openstreetmap.org/search?query=${mapQuery}`} rel="noopener noreferrer" target="_blank" className="small">
            Open in a map<span className="visually-hidden"> (new tab)</span>
          </a>
        </address>
      )}
      <CurrentWait location={location} />
      <details className="shop-info__hours" open={openAtFirst}>
        <summary>
          <h2 className="shop-info__heading">Opening hours</h2>
          <span className="shop-info__today small muted">
            {' · Today '}
            {todayHours.length === 0 ? 'closed' : todayHours.map((h) => `${formatClock(h.start)} – ${formatClock(h.end === '24:00' ? '00:00' : h.end)}`).join(', ')}
          </span>
        </summary>
        <HoursTable hours={location.hours} timezone={location.timezone} />
      </details>
    </aside>
  );
}

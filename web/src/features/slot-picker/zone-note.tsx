import { clockInVisitorZone, formatClock, offsetMinutes, visitorZone, wallTime, zoneCity } from '../../time/zone-time.js';

/**
 * Times are the shop's wall clock. When the visitor's device runs on another
 * offset, say so once, with an example, instead of converting every button.
 */
export function ZoneNote({ timeZone, example }: { readonly timeZone: string; readonly example?: string | undefined }) {
  const mine = visitorZone();
  const now = new Date();
  if (mine === timeZone || offsetMinutes(mine, now) === offsetMinutes(timeZone, now)) {
    return <p className="zone-note small muted">Times are in the shop's time zone ({zoneCity(timeZone)}).</p>;
  }
  return (
    <p className="zone-note zone-note--differs small" role="note">
      <strong>Times are shown in the shop's local time ({zoneCity(timeZone)})</strong>, which differs from your device's ({zoneCity(mine)}).
      {example && ` For example, ${formatClock(wallTime(example))} at the shop is ${clockInVisitorZone(example)} for you.`}
    </p>
  );
}

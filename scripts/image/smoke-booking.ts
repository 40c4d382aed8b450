import { randomBytes } from 'node:crypto';

interface Answer {
  readonly status: number;
  readonly body: Record<string, unknown>;
}

/**
 * A whole booking through the public API, as a shop and a client would make it:
 * sign up, create a franchise, a shop, a service, a barber and his hours, then
 * book the first free slot and read the booking back by its manage token.
 */
export async function bookThroughApi(base: string): Promise<{ id: string; status: string }> {
  let cookie = '';
  const call = async (method: string, url: string, body?: unknown, headers: Record<string, string> = {}): Promise<Answer> => {
    const response = await fetch(`${base}${url}`, {
      method,
      headers: { ...(body !== undefined && { 'content-type': 'application/json' }), ...(cookie && { cookie }), ...headers },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
  };
  const expectStatus = (answer: Answer, expected: number, what: string): Record<string, unknown> => {
    if (answer.status !== expected) throw new Error(`smoke test failed: ${what} answered ${answer.status}, expected ${expected}: ${JSON.stringify(answer.body)}`);
    return answer.body;
  };

  const suffix = randomBytes(4).toString('hex');
  const signup = await fetch(`${base}/api/v1/auth/signup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: `owner-${suffix}@example.com`, password: 'correct horse battery staple', name: 'Smoke Owner' }),
  });
  if (signup.status !== 201) throw new Error(`smoke test failed: signup answered ${signup.status}: ${await signup.text()}`);
  cookie = (signup.headers.get('set-cookie') ?? '').split(';')[0] ?? '';

  const franchise = expectStatus(await call('POST', '/api/v1/franchises', { name: 'Smoke Cuts', slug: `smoke-${suffix}`, region: 'us-east-1' }), 201, 'create franchise');
  const fid = String(franchise.id);
  const slug = `smoke-main-${suffix}`;
  const location = expectStatus(await call('POST', `/api/v1/franchises/${fid}/locations`, { name: 'Main Street', slug, timezone: 'America/New_York', currency: 'USD' }), 201, 'create location');
  const service = expectStatus(
    await call('POST', `/api/v1/franchises/${fid}/services`, { locationId: location.id, name: 'Haircut', durationMinutes: 30, priceCents: 3500 }),
    201,
    'create service',
  );
  const barber = expectStatus(await call('POST', `/api/v1/franchises/${fid}/barbers`, { name: 'Sam', locationId: location.id }), 201, 'create barber');
  const weekly = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start: '09:00', end: '17:00' }));
  expectStatus(await call('PUT', `/api/v1/franchises/${fid}/barbers/${String(barber.id)}/schedule`, { weekly, serviceIds: [service.id] }), 200, 'set schedule');

  const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
  const availability = expectStatus(await call('GET', `/api/v1/locations/${slug}/availability?serviceId=${String(service.id)}&date=${tomorrow}&days=3`), 200, 'availability');
  const slot = (availability.slots as { start: string }[] | undefined)?.[0];
  if (!slot) throw new Error('smoke test failed: no free slot in the next three days');

  cookie = '';
  const booking = expectStatus(
    await call('POST', `/api/v1/locations/${slug}/bookings`, { serviceId: service.id, start: slot.start, client: { name: 'Smoke Client', email: `client-${suffix}@example.com` } }, { 'idempotency-key': `smoke-${suffix}` }),
    201,
    'book',
  );
  const readBack = expectStatus(await call('GET', `/api/v1/bookings/${String(booking.manageToken)}`), 200, 'read the booking back');
  if (readBack.id !== booking.id) throw new Error(`smoke test failed: manage token gave booking ${String(readBack.id)}, expected ${String(booking.id)}`);
  return { id: String(booking.id), status: String(booking.status) };
}

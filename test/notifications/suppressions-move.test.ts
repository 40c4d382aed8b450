import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeShop, makeUser } from '../support/factories.js';
import { startShardServers } from '../support/shard-servers.js';
import type { ShardServer } from '../support/shard-servers.js';
import { createTestPlatform } from '../support/test-platform.js';
import type { TestPlatform } from '../support/test-platform.js';
import { UnsubscribeTokens } from '../../src/modules/notifications/unsubscribe-token.js';

describe('message settings and the suppression list move with their franchise', () => {
  let tp: TestPlatform;
  let a: ShardServer;
  let b: ShardServer;

  beforeAll(async () => {
    tp = await createTestPlatform({ withDefaultShard: false });
    [a, b] = (await startShardServers(tp, [
      { shardId: 'shard-a', region: 'us-east-1' },
      { shardId: 'shard-b', region: 'us-east-1' },
    ])) as [ShardServer, ShardServer];
  }, 120_000);
  afterAll(async () => {
    await tp?.platform.moves.close();
    await tp?.close();
    await Promise.all([a, b].filter(Boolean).map((s) => s.stop()));
  });

  it('after the move the settings and the unsubscribe are read from the new shard, and the old copy is gone', { timeout: 120_000 }, async () => {
    const shop = await makeShop(tp, { shardId: 'shard-a' });
    const owner = await makeUser(tp, { franchiseId: shop.franchiseId, role: 'owner' });
    const settingsUrl = `/api/v1/franchises/${shop.franchiseId}/locations/${shop.locationId}/message-settings`;
    const put = await tp.app.inject({
      method: 'PUT',
      url: settingsUrl,
      headers: { cookie: owner.cookie },
      payload: { reminderOffsetsMinutes: [180], smsEnabled: false, quietStart: '20:00', quietEnd: '09:00' },
    });
    expect(put.statusCode, put.body).toBe(200);
    const token = await new UnsubscribeTokens(tp.platform.core.signingKeys).issue({ franchiseId: shop.franchiseId, channel: 'email', recipient: 'mover@example.test' });
    expect((await tp.app.inject({ method: 'POST', url: `/api/v1/unsubscribe/${token}` })).statusCode).toBe(200);

    const count = async (shard: ShardServer, table: string): Promise<number> =>
      Number((await shard.query<{ n: string }>(`SELECT count(*) AS n FROM ${table} WHERE franchise_id = $1`, [shop.franchiseId]))[0]?.n);
    expect([await count(a, 'location_message_settings'), await count(a, 'message_suppressions')]).toEqual([1, 1]);

    const result = await tp.platform.moves.move(shop.franchiseId, 'shard-b');
    expect(result.status).toBe('completed');
    expect([await count(b, 'location_message_settings'), await count(b, 'message_suppressions')]).toEqual([1, 1]);
    expect([await count(a, 'location_message_settings'), await count(a, 'message_suppressions')]).toEqual([0, 0]);

    const read = await tp.app.inject({ method: 'GET', url: settingsUrl, headers: { cookie: owner.cookie } });
    expect(read.json()).toMatchObject({ reminderOffsetsMinutes: [180], smsEnabled: false, quietStart: '20:00', quietEnd: '09:00', isDefault: false });
    const state = await tp.app.inject({ method: 'GET', url: `/api/v1/unsubscribe/${token}` });
    expect(state.json()).toMatchObject({ unsubscribed: true });
  });
});

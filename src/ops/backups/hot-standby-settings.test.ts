import { describe, expect, it } from 'vitest';
import { recordedSettings } from './hot-standby-settings.js';

describe('recordedSettings', () => {
  it('reads the settings a restored copy needs from pg_controldata output', () => {
    const output = ['wal_level setting:                    logical', 'max_connections setting:              300', 'max_worker_processes setting:         16', 'max_wal_senders setting:              20', 'max_prepared_xacts setting:           0', 'max_locks_per_xact setting:           64'].join('\n');
    expect(recordedSettings(output)).toEqual({ max_connections: '300', max_worker_processes: '16', max_wal_senders: '20', max_prepared_transactions: '0', max_locks_per_transaction: '64' });
  });
});

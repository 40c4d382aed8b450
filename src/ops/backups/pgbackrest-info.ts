/** One backup as `pgbackrest info --output=json` reports it. */
export interface BackupRecord {
  readonly label: string;
  readonly type: 'full' | 'diff' | 'incr';
  readonly startedAt: Date;
  readonly stoppedAt: Date;
  /** Size of the database at backup time. */
  readonly sizeBytes: number;
  /** What the backup occupies in the repository (compressed; for incremental, only the changed files). */
  readonly repoBytes: number;
}

interface RawBackup {
  readonly label?: unknown;
  readonly type?: unknown;
  readonly timestamp?: { readonly start?: unknown; readonly stop?: unknown };
  readonly info?: { readonly size?: unknown; readonly repository?: { readonly delta?: unknown } };
}

const isType = (value: unknown): value is BackupRecord['type'] => value === 'full' || value === 'diff' || value === 'incr';

/** The stanza's backups, oldest first; throws on output that is not what pgBackRest 2.x prints. */
export function parseBackupList(json: string, stanza: string): BackupRecord[] {
  const stanzas = JSON.parse(json) as readonly { readonly name?: unknown; readonly backup?: readonly RawBackup[] }[];
  const entry = stanzas.find((s) => s.name === stanza);
  if (!entry) throw new Error(`pgbackrest info does not list stanza ${stanza}`);
  return (entry.backup ?? []).map((raw) => {
    const start = raw.timestamp?.start;
    const stop = raw.timestamp?.stop;
    if (typeof raw.label !== 'string' || !isType(raw.type) || typeof start !== 'number' || typeof stop !== 'number') {
      throw new Error(`unexpected backup entry in pgbackrest info: ${JSON.stringify(raw).slice(0, 200)}`);
    }
    return {
      label: raw.label,
      type: raw.type,
      startedAt: new Date(start * 1000),
      stoppedAt: new Date(stop * 1000),
      sizeBytes: Number(raw.info?.size ?? 0),
      repoBytes: Number(raw.info?.repository?.delta ?? 0),
    };
  });
}

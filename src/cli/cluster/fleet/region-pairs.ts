/**
 * Disaster-recovery pairs: a shard's cross-region standby lives in the paired region
 * of the same jurisdiction, so a promoted standby keeps its franchises' data where
 * they must stay. eu-central-1 and ap-northeast-1 are standby locations only: no
 * franchise is ever placed there (they are not in the catalog's placement regions).
 */
export const PAIRED_REGION: Readonly<Record<string, string>> = {
  'us-east-1': 'us-west-2',
  'us-west-2': 'us-east-1',
  'eu-west-1': 'eu-central-1',
  'ap-southeast-1': 'ap-northeast-1',
};

/** Regions that hold standbys but take no placements. */
export const STANDBY_ONLY_REGIONS = ['eu-central-1', 'ap-northeast-1'] as const;

export function pairedRegion(region: string): string {
  const paired = PAIRED_REGION[region];
  if (paired === undefined) throw new Error(`no disaster-recovery pair is defined for region ${region}`);
  return paired;
}

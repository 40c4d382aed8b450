import { Type } from 'typebox';
import { Uuid } from './common-schemas.js';

/** Path parameters shared by every franchise-scoped route module. */
export const FranchiseParams = Type.Object({ franchiseId: Uuid });
export const LocationParams = Type.Object({ franchiseId: Uuid, locationId: Uuid });

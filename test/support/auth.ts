import type { PasswordCost } from '../../src/modules/auth/password-hasher.js';

/** argon2id at the library's minimum (about 1 ms a hash), so sign-up-heavy tests stay fast. */
export const TEST_PASSWORD_COST: PasswordCost = { memoryCost: 1024, timeCost: 1, parallelism: 1 };

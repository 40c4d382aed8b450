type Env = Readonly<Record<string, string | undefined>>;

/**
 * Reads integer variables for the config parser: unset or empty gives the
 * default; anything else must be an integer within [min, max], or a problem
 * naming the variable is recorded (all problems are reported together at boot).
 */
export function integerReader(env: Env, problems: string[]): (name: string, fallback: number, min: number, max: number) => number {
  return (name, fallback, min, max) => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min || value > max) {
      problems.push(`${name} must be an integer from ${min} to ${max}, got "${raw}"`);
      return fallback;
    }
    return value;
  };
}

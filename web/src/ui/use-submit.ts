import { useState } from 'react';

export interface Submit {
  /** True while the request runs: the submit button shows a spinner and ignores clicks. */
  readonly busy: boolean;
  /** The last failure (an ApiProblem for field errors and alerts), cleared by the next attempt. */
  readonly problem: unknown;
  /** Runs one attempt: busy meanwhile, its failure kept as `problem`. Never rejects. */
  run(action: () => Promise<void>): Promise<void>;
  /** Hides the problem once the user has acted on it (picked another time, say). */
  clearProblem(): void;
}

/**
 * The busy flag and problem of a form that sends one request. With `leavesOnSuccess`
 * a success takes the user elsewhere, so the button stays busy rather than
 * flashing enabled while the next page mounts.
 */
export function useSubmit(options: { readonly leavesOnSuccess?: boolean } = {}): Submit {
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<unknown>();
  const run = async (action: () => Promise<void>): Promise<void> => {
    setBusy(true);
    setProblem(undefined);
    try {
      await action();
      if (!options.leavesOnSuccess) setBusy(false);
    } catch (error) {
      setProblem(error);
      setBusy(false);
    }
  };
  return { busy, problem, run, clearProblem: () => setProblem(undefined) };
}

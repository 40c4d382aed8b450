export interface ReadinessReport {
  readonly ready: boolean;
  readonly draining: boolean;
  readonly checks: Readonly<Record<string, { readonly ok: boolean; readonly detail?: string }>>;
}

/** What /ready asks: can this node serve traffic right now? */
export interface ReadinessCheck {
  check(): Promise<ReadinessReport>;
  /** True once a graceful stop has begun. */
  isDraining(): boolean;
}

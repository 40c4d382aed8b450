import type { CoreDependencies } from '../composition-root.js';
import type { RouteModule } from '../http/app-types.js';

export interface DemoSummary {
  readonly created: boolean;
  readonly ownerEmail: string;
  readonly ownerPassword: string;
  readonly locationSlugs: readonly string[];
}

export interface ManagementModules {
  readonly routes: readonly RouteModule[];
  /** Seeds the demo franchise once; later calls find it and return the same summary. */
  seedDemoData(): Promise<DemoSummary>;
}

/** Accounts and shop management: auth, franchises, locations, barbers, services, hours, members. */
export function createManagementModules(_core: CoreDependencies): ManagementModules {
  return {
    routes: [],
    seedDemoData: async () => ({ created: false, ownerEmail: '', ownerPassword: '', locationSlugs: [] }),
  };
}

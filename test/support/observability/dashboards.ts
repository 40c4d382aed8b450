import { readFileSync } from 'node:fs';
import path from 'node:path';
import { dashboardFiles } from './observability-files.js';

export interface DashboardQuery {
  readonly dashboard: string;
  readonly panel: string;
  readonly expr: string;
}

interface Panel {
  readonly title?: string;
  readonly datasource?: { readonly uid?: string };
  readonly targets?: readonly { readonly expr?: string; readonly datasource?: { readonly uid?: string } }[];
  readonly panels?: readonly Panel[];
}

export interface Dashboard {
  readonly file: string;
  readonly uid?: string;
  readonly title?: string;
  readonly templating?: { readonly list?: readonly { readonly name: string; readonly type: string; readonly query?: unknown; readonly datasource?: { readonly uid?: string } }[] };
  readonly panels?: readonly Panel[];
}

/** Every dashboard file parsed; a file that is not JSON throws with its name. */
export function loadDashboards(): Dashboard[] {
  return dashboardFiles().map((file) => {
    try {
      return { ...(JSON.parse(readFileSync(file, 'utf8')) as Omit<Dashboard, 'file'>), file: path.basename(file) };
    } catch (error) {
      throw new Error(`${path.basename(file)} is not valid JSON: ${String(error)}`);
    }
  });
}

export function panelsOf(dashboard: Dashboard): Panel[] {
  const all: Panel[] = [];
  const visit = (panels: readonly Panel[] | undefined): void => {
    for (const panel of panels ?? []) {
      all.push(panel);
      visit(panel.panels);
    }
  };
  visit(dashboard.panels);
  return all;
}

// Grafana fills these in before the query reaches Prometheus; any valid value shows whether the rest parses.
const VARIABLES: Readonly<Record<string, string>> = { $__rate_interval: '5m', $__interval: '1m', $__range: '1h', $region: '.*' };

export function substituteVariables(expr: string): string {
  return expr.replace(/\$\{?(__rate_interval|__interval|__range|region)\}?/g, (_all, name: string) => VARIABLES[`$${name}`] ?? '');
}

/** Every PromQL query: panel targets and query variables (label_values(metric, label) reads `metric`). */
export function dashboardQueries(dashboards: readonly Dashboard[]): DashboardQuery[] {
  const queries: DashboardQuery[] = [];
  for (const dashboard of dashboards) {
    for (const panel of panelsOf(dashboard)) {
      for (const target of panel.targets ?? []) {
        if (target.expr) queries.push({ dashboard: dashboard.file, panel: panel.title ?? '?', expr: substituteVariables(target.expr) });
      }
    }
    for (const variable of dashboard.templating?.list ?? []) {
      if (variable.type !== 'query') continue;
      const text = typeof variable.query === 'string' ? variable.query : String((variable.query as { query?: string }).query ?? '');
      const inner = /^label_values\(\s*(.+?)\s*,\s*\w+\s*\)$/.exec(text)?.[1];
      queries.push({ dashboard: dashboard.file, panel: `variable ${variable.name}`, expr: substituteVariables(inner ?? text) });
    }
  }
  return queries;
}

import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

/** The project's observability sources: the one copy every test, the deploy component and the local view read. */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const OBSERVABILITY_DIR = path.join(REPO_ROOT, 'observability');
export const RULES_DIR = path.join(OBSERVABILITY_DIR, 'prometheus', 'rules');
export const RULE_TESTS_DIR = path.join(OBSERVABILITY_DIR, 'prometheus', 'tests');
export const ALERTMANAGER_CONFIG = path.join(OBSERVABILITY_DIR, 'alertmanager', 'alertmanager.yml');
export const DASHBOARDS_DIR = path.join(OBSERVABILITY_DIR, 'grafana', 'dashboards');
export const RUNBOOKS = path.join(REPO_ROOT, 'docs', 'RUNBOOKS.md');

export interface AlertRule {
  readonly file: string;
  readonly alert: string;
  readonly expr: string;
  readonly for?: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
}

export interface RecordingRule {
  readonly file: string;
  readonly record: string;
  readonly expr: string;
}

interface RuleFile {
  readonly groups: readonly { readonly name: string; readonly rules: readonly Record<string, unknown>[] }[];
}

const filesIn = (dir: string, suffix: string): string[] =>
  readdirSync(dir)
    .filter((name) => name.endsWith(suffix))
    .sort()
    .map((name) => path.join(dir, name));

export const ruleFiles = (): string[] => filesIn(RULES_DIR, '.yml');
export const ruleTestFiles = (): string[] => filesIn(RULE_TESTS_DIR, '.test.yml');
export const dashboardFiles = (): string[] => filesIn(DASHBOARDS_DIR, '.json');

export function loadRules(): { alerts: AlertRule[]; records: RecordingRule[] } {
  const alerts: AlertRule[] = [];
  const records: RecordingRule[] = [];
  for (const file of ruleFiles()) {
    const parsed = parse(readFileSync(file, 'utf8')) as RuleFile;
    for (const group of parsed.groups) {
      for (const rule of group.rules) {
        const expr = String(rule.expr);
        if (typeof rule.alert === 'string') {
          alerts.push({
            file,
            alert: rule.alert,
            expr,
            ...(typeof rule.for === 'string' && { for: rule.for }),
            labels: (rule.labels ?? {}) as Record<string, string>,
            annotations: (rule.annotations ?? {}) as Record<string, string>,
          });
        } else {
          records.push({ file, record: String(rule.record), expr });
        }
      }
    }
  }
  return { alerts, records };
}

/** The YAML of a file, for tests that read rule tests or the Alertmanager config. */
export function readYaml<T>(file: string): T {
  return parse(readFileSync(file, 'utf8')) as T;
}

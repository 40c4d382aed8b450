import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { RULE_TESTS_DIR, RUNBOOKS, loadRules, readYaml, ruleFiles, ruleTestFiles } from '../support/observability/observability-files.js';
import { promtool, run } from '../support/observability/programs.js';
import { seriesNames } from '../support/observability/promql-names.js';

interface RuleTestFile {
  readonly rule_files: readonly string[];
  readonly tests: readonly { readonly alert_rule_test?: readonly { readonly alertname: string; readonly exp_alerts?: readonly unknown[] }[] }[];
}

const SEVERITIES = ['P0', 'P1', 'P2', 'P3'];
const { alerts, records } = loadRules();

/** GitHub's anchor of a Markdown heading: lower case, punctuation dropped, spaces to dashes. */
function anchors(markdown: string): Set<string> {
  const found = new Set<string>();
  for (const [, heading] of markdown.matchAll(/^#{1,6}\s+(.+)$/gm)) {
    if (heading === undefined) continue;
    found.add(heading.trim().toLowerCase().replace(/[^\w\- ]/g, '').replace(/ /g, '-'));
  }
  return found;
}

describe('alert and recording rules', () => {
  it('pass promtool check rules (syntax, templates, duplicate rules)', () => {
    const result = run(promtool(), ['check', 'rules', '--lint=all', ...ruleFiles()]);
    expect(result.output).not.toMatch(/FAILED|error/i);
    expect(result.status, result.output).toBe(0);
  });

  it('pass every promtool unit test', { timeout: 300_000 }, () => {
    const result = run(promtool(), ['test', 'rules', ...ruleTestFiles().map((file) => path.basename(file))], RULE_TESTS_DIR);
    expect(result.status, result.output).toBe(0);
    expect(result.output.match(/SUCCESS/g)?.length).toBe(ruleTestFiles().length);
  });

  it('every rule file is loaded by a unit test file', () => {
    const tested = new Set(ruleTestFiles().flatMap((file) => readYaml<RuleTestFile>(file).rule_files.map((ruleFile) => path.resolve(RULE_TESTS_DIR, ruleFile))));
    expect(ruleFiles().filter((file) => !tested.has(file))).toEqual([]);
  });

  it('every alert has a unit test where it fires and one where it stays quiet', () => {
    const fires = new Set<string>();
    const quiet = new Set<string>();
    for (const file of ruleTestFiles()) {
      for (const test of readYaml<RuleTestFile>(file).tests) {
        for (const case_ of test.alert_rule_test ?? []) (case_.exp_alerts?.length ? fires : quiet).add(case_.alertname);
      }
    }
    expect(alerts.length).toBeGreaterThan(15);
    expect(alerts.filter((a) => !fires.has(a.alert)).map((a) => a.alert), 'never seen firing').toEqual([]);
    expect(alerts.filter((a) => !quiet.has(a.alert)).map((a) => a.alert), 'never seen quiet').toEqual([]);
  });

  it('every alert has a P0-P3 severity, a summary, a description with values and a runbook section', () => {
    const sections = anchors(readFileSync(RUNBOOKS, 'utf8'));
    const problems: string[] = [];
    for (const { alert, labels, annotations } of alerts) {
      if (!SEVERITIES.includes(labels.severity ?? '')) problems.push(`${alert}: severity "${labels.severity}" is not one of ${SEVERITIES.join(', ')}`);
      if (!annotations.summary) problems.push(`${alert}: no summary`);
      if (!/\{\{\s*(\$value|\$labels)/.test(annotations.description ?? '')) problems.push(`${alert}: the description shows no value or label`);
      const anchor = alert.toLowerCase();
      if (annotations.runbook_url !== `docs/RUNBOOKS.md#${anchor}`) problems.push(`${alert}: runbook_url "${annotations.runbook_url}" is not docs/RUNBOOKS.md#${anchor}`);
      if (!sections.has(anchor)) problems.push(`${alert}: docs/RUNBOOKS.md has no section "${alert}"`);
    }
    expect(problems).toEqual([]);
  });

  it('alert names are unique and every recording rule an expression reads is defined', () => {
    const names = alerts.map((a) => a.alert);
    expect(names.length).toBe(new Set(names).size);
    const defined = new Set(records.map((r) => r.record));
    const used = [...alerts, ...records].flatMap((rule) => seriesNames(rule.expr)).filter((name) => name.includes(':'));
    expect(used.length).toBeGreaterThan(0);
    expect(used.filter((name) => !defined.has(name))).toEqual([]);
  });
});

import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { isPortFree, stopProcess } from './processes.js';

// The project's own rule files and Alertmanager config: the same ones the deploy component embeds.
const SOURCE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../observability');
export const PROMETHEUS_PORT = 9090;
export const ALERTMANAGER_PORT = 9093;
/** Where `shards move|rebalance|evacuate --metrics-port` should listen for this Prometheus to see the move. */
export const CLI_METRICS_PORT = 9464;

export interface ObservabilityBinaries {
  readonly prometheus: string;
  readonly alertmanager: string;
}

export interface ObservabilityView {
  readonly prometheusUrl: string;
  readonly alertmanagerUrl: string;
  stop(): Promise<void>;
}

function which(names: readonly string[]): string | undefined {
  for (const name of names) {
    const found = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' });
    if (found.status === 0 && found.stdout.trim() !== '') return found.stdout.trim();
  }
  return undefined;
}

/** Checked before anything starts, so a missing program never leaves half a cluster. */
export function findObservabilityBinaries(): ObservabilityBinaries {
  const prometheus = which(['prometheus']);
  // Debian names the server prometheus-alertmanager.
  const alertmanager = which(['alertmanager', 'prometheus-alertmanager']);
  if (!prometheus || !alertmanager) {
    throw new Error('--observability needs Prometheus and Alertmanager: apt-get install -y --no-install-recommends prometheus prometheus-alertmanager');
  }
  return { prometheus, alertmanager };
}

async function portNear(preferred: number): Promise<number> {
  for (let port = preferred; port < preferred + 50; port++) if (await isPortFree(port)) return port;
  throw new Error(`no free port in ${preferred}-${preferred + 49}`);
}

async function spawnLogged(binary: string, args: readonly string[], logFile: string): Promise<ChildProcess> {
  const log = await fs.open(logFile, 'a');
  try {
    return spawn(binary, args, { stdio: ['ignore', log.fd, log.fd] });
  } finally {
    await log.close();
  }
}

async function waitReady(url: string, child: ChildProcess, logFile: string): Promise<void> {
  for (let waited = 0; waited < 60_000; waited += 250) {
    if (child.exitCode !== null) throw new Error(`${url} exited during startup; see ${logFile}`);
    const ok = await fetch(`${url}/-/ready`, { signal: AbortSignal.timeout(2_000) }).then((r) => r.ok, () => false);
    if (ok) return;
    await sleep(250);
  }
  throw new Error(`${url} was not ready after 60 s; see ${logFile}`);
}

/**
 * Prometheus and Alertmanager beside the local cluster, children of the
 * supervisor, loopback only: Prometheus scrapes the API (and a CLI move's
 * metrics port) every 5 s with the project's rules and sends alerts to the
 * Alertmanager, which routes them with the project's configuration (sending
 * fails without the receivers' secrets; the alerts still show in its UI).
 */
export async function startObservability(options: {
  readonly dir: string;
  readonly logDir: string;
  readonly apiPort: number;
  readonly binaries: ObservabilityBinaries;
  readonly progress: (line: string) => void;
}): Promise<ObservabilityView> {
  const { dir, logDir, binaries, progress } = options;
  await fs.mkdir(dir, { recursive: true });
  const amPort = await portNear(ALERTMANAGER_PORT);
  const promPort = await portNear(PROMETHEUS_PORT);
  const prometheusUrl = `http://127.0.0.1:${promPort}`;
  const alertmanagerUrl = `http://127.0.0.1:${amPort}`;
  const config = {
    global: { scrape_interval: '5s', evaluation_interval: '5s' },
    rule_files: [path.join(SOURCE, 'prometheus', 'rules', '*.yml')],
    alerting: { alertmanagers: [{ static_configs: [{ targets: [`127.0.0.1:${amPort}`] }] }] },
    scrape_configs: [
      { job_name: 'bookedbarber', static_configs: [{ targets: [`127.0.0.1:${options.apiPort}`] }] },
      { job_name: 'bookedbarber-cli', static_configs: [{ targets: [`127.0.0.1:${CLI_METRICS_PORT}`] }] },
    ],
  };
  // JSON is YAML: no serializer needed.
  await fs.writeFile(path.join(dir, 'prometheus.yml'), `${JSON.stringify(config, null, 2)}\n`);
  const started: ChildProcess[] = [];
  const stop = async (): Promise<void> => {
    for (const child of started.reverse()) if (child.pid !== undefined && child.exitCode === null) await stopProcess(child.pid, 15_000);
  };
  try {
    progress(`starting Alertmanager on ${alertmanagerUrl} and Prometheus on ${prometheusUrl}…`);
    const amLog = path.join(logDir, 'alertmanager.log');
    const am = await spawnLogged(
      binaries.alertmanager,
      [`--config.file=${path.join(SOURCE, 'alertmanager', 'alertmanager.yml')}`, `--storage.path=${path.join(dir, 'alertmanager')}`, `--web.listen-address=127.0.0.1:${amPort}`, '--cluster.listen-address='],
      amLog,
    );
    started.push(am);
    const promLog = path.join(logDir, 'prometheus.log');
    const prom = await spawnLogged(
      binaries.prometheus,
      [`--config.file=${path.join(dir, 'prometheus.yml')}`, `--storage.tsdb.path=${path.join(dir, 'prometheus')}`, `--web.listen-address=127.0.0.1:${promPort}`],
      promLog,
    );
    started.push(prom);
    await waitReady(alertmanagerUrl, am, amLog);
    await waitReady(prometheusUrl, prom, promLog);
  } catch (error) {
    await stop();
    throw error;
  }
  return { prometheusUrl, alertmanagerUrl, stop };
}

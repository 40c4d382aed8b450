import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Metrics } from '../observability/metrics.js';

export interface MetricsEndpoint {
  readonly port: number;
  close(): Promise<void>;
}

/**
 * GET /metrics for a long CLI run (a move, rebalance or evacuation), so
 * Prometheus can scrape migration_progress_percent and the move metrics while
 * it runs. Loopback only unless a host is given; port 0 picks a free one.
 */
export async function serveMetrics(metrics: Metrics, port: number, host = '127.0.0.1'): Promise<MetricsEndpoint> {
  const server = http.createServer((request, response) => {
    if (request.method !== 'GET' || request.url?.split('?')[0] !== '/metrics') {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
      return;
    }
    metrics
      .render()
      .then((body) => response.writeHead(200, { 'content-type': metrics.registry.contentType }).end(body))
      .catch((error: unknown) => response.writeHead(500, { 'content-type': 'text/plain' }).end(`${String(error)}\n`));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

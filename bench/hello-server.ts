import Fastify from 'fastify';

// The reference for request throughput: the bare Fastify route the availability figure is divided by.
const app = Fastify({ logger: false });
app.get('/health', async () => ({ status: 'ok' }));
app.get('/hello', async () => ({ hello: 'world' }));
await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
process.once('SIGTERM', () => void app.close().then(() => process.exit(0)));

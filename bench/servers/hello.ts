import Fastify from 'fastify';

/** Baseline: a bare Fastify hello-world on the same machine, in its own process. */
const app = Fastify({ logger: false });
app.get('/hello', async () => ({ hello: 'world' }));
await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
console.log('ready');

import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createProduct, printDemoLogins } from './server.ts';

/*
 * Entry point. `npm start` runs `main.ts --all`: API + worker + web + demo region in one
 * process. Without flags it is the API alone (production: workers run services/worker).
 */
const { values } = parseArgs({
  options: {
    all: { type: 'boolean', default: false },
    worker: { type: 'boolean', default: false },
    web: { type: 'boolean', default: false },
    demo: { type: 'boolean', default: false },
  },
});

const webBuildDir = fileURLToPath(new URL('../../../web/build', import.meta.url));
const product = await createProduct({
  withWorker: values.all || values.worker,
  webBuildDir: values.all || values.web ? webBuildDir : undefined,
  demo: values.all || values.demo,
  logger: { level: process.env.LOG_LEVEL ?? 'info' },
});

const { config, app } = product;
await app.listen({ port: config.port, host: config.host });
if (values.all || values.demo) printDemoLogins(config);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    app.log.info(`${signal}: shutting down`);
    product.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  });
}

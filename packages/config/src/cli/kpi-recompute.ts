import { parseArgs } from 'node:util';
import { recomputeAllRegions, recomputeRegion, type FullRecompute } from '@nastavnik/db';
import { loadConfig } from '../config.ts';
import { openDatabase } from '../open-database.ts';

/*
 * `npm run kpi:recompute [-- --region <id>] [--concurrency N]`: the full KPI recompute of
 * every region (or one), as the nightly job does it — every organisation's facts, then each
 * region's rollup — with a progress bar. Runs as the confined app role, like the workers.
 * Safe beside running workers: recomputes of one organisation or region take turns.
 */
const USAGE = `Использование: npm run kpi:recompute -- [--region <id>] [--concurrency N]
  --region       пересчитать один регион (по умолчанию все)
  --concurrency  сколько организаций считать одновременно (по умолчанию 2)`;

const { values } = parseArgs({
  options: {
    region: { type: 'string' },
    concurrency: { type: 'string', default: '2' },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
const concurrency = Number(values.concurrency);
if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 32) {
  console.error(`--concurrency: целое число от 1 до 32, получено «${values.concurrency}».\n${USAGE}`);
  process.exit(2);
}

const tty = process.stdout.isTTY;
let lastLine = -1;
/** A bar redrawn in place on a terminal; a line every tenth of the way in a log. */
function progress(done: number, total: number): void {
  const width = 30;
  const filled = total === 0 ? width : Math.round((done / total) * width);
  const line = `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${done} / ${total} организаций`;
  if (tty) process.stdout.write(`\r${line}${done === total ? '\n' : ''}`);
  else if (done === total || Math.floor((done * 10) / Math.max(total, 1)) > lastLine) {
    lastLine = Math.floor((done * 10) / Math.max(total, 1));
    console.log(line);
  }
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1).replace('.', ',')} с`;

const config = loadConfig();
const db = await openDatabase(config, {
  migrate: true,
  poolSize: concurrency + 1,
  applicationName: 'nastavnik-kpi',
});
const started = Date.now();
try {
  const results: FullRecompute[] = values.region
    ? [await recomputeRegion(db, values.region, { concurrency, onProgress: progress })]
    : await recomputeAllRegions(db, { concurrency, onProgress: progress });
  const organisations = results.reduce((n, r) => n + r.organisations, 0);
  const changed = results.reduce((n, r) => n + r.changed, 0);
  const facts = results.reduce((n, r) => n + r.factsMs, 0);
  const rollup = results.reduce((n, r) => n + r.rollupMs, 0);
  console.log(
    `Пересчитано: регионов ${results.length}, организаций ${organisations} (изменились факты у ${changed}) ` +
      `за ${seconds(Date.now() - started)}: факты ${seconds(facts)}, свод ${seconds(rollup)}.`,
  );
} finally {
  await db.destroy();
}

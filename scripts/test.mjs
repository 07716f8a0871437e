#!/usr/bin/env node
// `npm test`: every test stage in order, each timed, with one summary line at the end.
// Stages: lint + typecheck, unit, integration (real PostgreSQL + Redis), web build, e2e.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, existsSync } from 'node:fs';

const only = process.argv.slice(2);
mkdirSync('test-output', { recursive: true });

const vitest = (project) => [
  'npx',
  [
    'vitest',
    'run',
    '--project',
    project,
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=test-output/${project}.json`,
  ],
];
const stages = [
  { name: 'lint', cmd: ['npm', ['run', 'lint']] },
  { name: 'unit', cmd: vitest('unit'), report: 'unit' },
  { name: 'integration', cmd: vitest('integration'), report: 'integration' },
  {
    name: 'build',
    cmd: ['npx', ['turbo', 'run', 'build', '--filter=@nastavnik/web', '--output-logs=errors-only']],
  },
  { name: 'e2e', cmd: vitest('e2e'), report: 'e2e' },
].filter((s) => only.length === 0 || only.includes(s.name));

const results = [];
let failed = false;
for (const stage of stages) {
  const started = Date.now();
  console.log(`\n=== ${stage.name} ===`);
  const run = spawnSync(stage.cmd[0], stage.cmd[1], {
    stdio: 'inherit',
    env: { ...process.env, FORCE_COLOR: '1' },
  });
  const seconds = (Date.now() - started) / 1000;
  const ok = run.status === 0;
  let counts = { passed: 0, failed: 0, skipped: 0 };
  if (stage.report && existsSync(`test-output/${stage.report}.json`)) {
    const r = JSON.parse(readFileSync(`test-output/${stage.report}.json`, 'utf8'));
    counts = {
      passed: r.numPassedTests,
      failed: r.numFailedTests,
      skipped: r.numPendingTests + r.numTodoTests,
    };
  }
  results.push({ name: stage.name, ok, seconds, counts });
  if (!ok) {
    failed = true;
    break;
  }
}

console.log('\nStage timings:');
for (const r of results) {
  const c =
    r.counts.passed + r.counts.failed > 0 ? ` (${r.counts.passed} passed, ${r.counts.failed} failed)` : '';
  console.log(`  ${r.ok ? 'ok  ' : 'FAIL'} ${r.name.padEnd(12)} ${r.seconds.toFixed(1).padStart(7)} s${c}`);
}
const total = results.reduce(
  (a, r) => ({ p: a.p + r.counts.passed, f: a.f + r.counts.failed, s: a.s + r.counts.skipped }),
  { p: 0, f: 0, s: 0 },
);
console.log(`\nTests: ${total.p} passed, ${total.f} failed, ${total.s} skipped`);
process.exit(failed ? 1 : 0);

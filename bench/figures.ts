import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';

/** One figure of bench/results.json: an absolute value with its baseline measured in the same run. */
export interface Figure {
  name: string;
  value: number;
  unit: string;
  baseline: string | null;
  baselineValue: number | null;
  ratio: number | null;
}

const RESULTS = 'bench/results.json';

/**
 * Writes the figures into bench/results.json, replacing figures of the same name and
 * keeping the others, so one figure can be re-measured alone (`npm run bench -- person-import`).
 */
export function saveFigures(figures: Figure[]): void {
  mkdirSync('bench', { recursive: true });
  const previous: Figure[] = existsSync(RESULTS)
    ? ((JSON.parse(readFileSync(RESULTS, 'utf8')) as { figures?: Figure[] }).figures ?? [])
    : [];
  const names = new Set(figures.map((f) => f.name));
  const merged = [...previous.filter((f) => !names.has(f.name)), ...figures];
  writeFileSync(
    RESULTS,
    JSON.stringify({ measuredAt: new Date().toISOString(), figures: merged }, null, 2) + '\n',
  );
}

export function printFigures(figures: Figure[]): void {
  console.log('\nFigure'.padEnd(58) + 'value'.padStart(12) + '  ratio');
  for (const f of figures) {
    console.log(
      `${f.name.padEnd(57)} ${f.value.toFixed(1).padStart(10)} ${f.unit.padEnd(6)} ${f.ratio === null ? '' : f.ratio.toFixed(3)}`,
    );
  }
}

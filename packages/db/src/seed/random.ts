/*
 * Deterministic randomness for the demo generator: the same seed gives the same region,
 * UUIDs included. Each part of the region (the directory, every organisation, the users...)
 * draws from its own stream, derived from the seed and a label, so generating organisation
 * 2,999 does not require replaying the 2,998 before it, and changing one part leaves the
 * others as they were.
 *
 * The generator is sfc32 (128-bit state) seeded through mulberry32-style mixing: a 32-bit
 * state (mulberry32 alone) would let the streams of thousands of organisations overlap
 * within the ~10^9 draws of the large scale, and overlapping streams repeat UUIDs.
 */

/** FNV-1a over the label, so streams can be named by strings. */
function hashLabel(label: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < label.length; i++) {
    h ^= label.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** One step of mulberry32 as a seed expander: four of these fill sfc32's state. */
function mulberryStep(state: number): [next: number, output: number] {
  const next = (state + 0x6d2b79f5) >>> 0;
  let t = next;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return [next, (t ^ (t >>> 14)) >>> 0];
}

function hex8(x: number): string {
  return x.toString(16).padStart(8, '0');
}

export class Random {
  #a: number;
  #b: number;
  #c: number;
  #d: number;

  /** A stream named `label` of the generator seeded with `seed`. */
  constructor(seed: number, label = '') {
    let state = (seed ^ hashLabel(label)) >>> 0;
    const words: number[] = [];
    for (let i = 0; i < 4; i++) {
      const [next, out] = mulberryStep(state);
      state = next;
      words.push(out);
    }
    [this.#a, this.#b, this.#c, this.#d] = words as [number, number, number, number];
    for (let i = 0; i < 12; i++) this.uint32(); // let the seed's bits spread through the state
  }

  uint32(): number {
    const t = (((this.#a + this.#b) >>> 0) + this.#d) >>> 0;
    this.#d = (this.#d + 1) >>> 0;
    this.#a = this.#b ^ (this.#b >>> 9);
    this.#b = (this.#c + (this.#c << 3)) >>> 0;
    this.#c = ((this.#c << 21) | (this.#c >>> 11)) >>> 0;
    this.#c = (this.#c + t) >>> 0;
    return t;
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.uint32() / 4_294_967_296;
  }

  /** Uniform integer in [min, max], both inclusive. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from an empty list');
    return items[Math.floor(this.next() * items.length)]!;
  }

  /** Picks by weight: `[[value, weight], ...]`. */
  weighted<T>(choices: readonly (readonly [T, number])[]): T {
    const total = choices.reduce((s, [, w]) => s + w, 0);
    let r = this.next() * total;
    for (const [value, w] of choices) {
      r -= w;
      if (r < 0) return value;
    }
    return choices[choices.length - 1]![0];
  }

  /** Fisher–Yates, in place; returns the same array. */
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [items[i], items[j]] = [items[j]!, items[i]!];
    }
    return items;
  }

  /** Roughly normal (sum of three uniforms), clipped to [min, max]. */
  around(mean: number, spread: number, min = -Infinity, max = Infinity): number {
    const z = (this.next() + this.next() + this.next() - 1.5) / 0.5;
    return Math.min(max, Math.max(min, mean + z * spread));
  }

  /** A version-4-shaped UUID whose bits come from this stream. */
  uuid(): string {
    const a = hex8(this.uint32());
    const b = hex8(this.uint32());
    const c = this.uint32();
    const d = hex8(this.uint32());
    const variant = (((c >>> 28) & 0x3) | 0x8).toString(16);
    const cx = hex8(c);
    return `${a}-${b.slice(0, 4)}-4${b.slice(5)}-${variant}${cx.slice(1, 4)}-${cx.slice(4)}${d}`;
  }

  /** A calendar date ('YYYY-MM-DD') uniformly in [from, to]. */
  date(from: string, to: string): string {
    return addDays(from, this.int(0, daysBetween(from, to)));
  }
}

const DAY = 86_400_000;
/*
 * Dates are ISO strings throughout the generator; the conversions are cached because a
 * million people need millions of them and only some twenty thousand distinct days occur.
 */
const dayOf = new Map<string, number>();
const isoOf = new Map<number, string>();

function dayNumber(iso: string): number {
  let day = dayOf.get(iso);
  if (day === undefined) {
    day = Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10))) / DAY;
    dayOf.set(iso, day);
  }
  return day;
}

function isoDate(day: number): string {
  let iso = isoOf.get(day);
  if (iso === undefined) {
    iso = new Date(day * DAY).toISOString().slice(0, 10);
    isoOf.set(day, iso);
  }
  return iso;
}

export function addDays(iso: string, days: number): string {
  return isoDate(dayNumber(iso) + days);
}

/** Whole days from `from` to `to` (negative if `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return dayNumber(to) - dayNumber(from);
}

export function minDate(a: string, b: string): string {
  return a < b ? a : b;
}

export function maxDate(a: string, b: string): string {
  return a > b ? a : b;
}

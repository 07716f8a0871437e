/*
 * One list page's state: search text, page, extra filters, the loaded page, loading flag
 * and error. Late answers of superseded requests are dropped, so fast typing never shows
 * an older result over a newer one.
 */
import type { Page } from './api/types.ts';
import { messageOf } from './api/errors.ts';

export interface ListParams<F> {
  q?: string;
  page: number;
  pageSize: number;
  filters: F;
}

export class PagedList<T, F extends object = Record<string, never>> {
  q = $state('');
  page = $state(1);
  filters: F;
  data = $state.raw<Page<T> | null>(null);
  loading = $state(false);
  error = $state<string | null>(null);
  private seq = 0;

  constructor(
    private readonly fetchPage: (params: ListParams<F>) => Promise<Page<T>>,
    initialFilters: F,
    readonly pageSize = 25,
  ) {
    this.filters = $state(initialFilters);
  }

  get items(): T[] {
    return this.data?.items ?? [];
  }
  get total(): number {
    return this.data?.total ?? 0;
  }
  /** Placeholder rows: a first load, or a reload after a failure. */
  get showSkeleton(): boolean {
    return this.loading || (this.data === null && this.error === null);
  }
  /** The list could not be loaded and there is nothing older to show. */
  get failed(): boolean {
    return this.data === null && this.error !== null && !this.loading;
  }
  /** Nothing at all exists (not merely nothing matches the search or filters). */
  get isEmptyUnfiltered(): boolean {
    const filtered = this.q !== '' || Object.values(this.filters).some((v) => v !== '' && v != null);
    return !filtered && this.data !== null && this.data.total === 0;
  }

  async load(): Promise<void> {
    const mine = ++this.seq;
    this.loading = true;
    this.error = null;
    try {
      const result = await this.fetchPage({
        q: this.q || undefined,
        page: this.page,
        pageSize: this.pageSize,
        filters: $state.snapshot(this.filters) as F,
      });
      if (mine === this.seq) this.data = result;
    } catch (err) {
      if (mine === this.seq) this.error = messageOf(err);
    } finally {
      if (mine === this.seq) this.loading = false;
    }
  }

  search(q: string): Promise<void> {
    this.q = q;
    this.page = 1;
    return this.load();
  }

  goTo(page: number): Promise<void> {
    this.page = page;
    return this.load();
  }

  setFilter<K extends keyof F>(key: K, value: F[K]): Promise<void> {
    this.filters[key] = value;
    this.page = 1;
    return this.load();
  }
}

/** Drops empty strings so optional query parameters are left out. */
export function orUndefined<V extends string>(value: V | ''): V | undefined {
  return value === '' ? undefined : value;
}

/** A filter value read from the URL, kept only when it is one of the options ('' otherwise). */
export function pickOption<V extends string>(value: string | null, options: readonly { value: V }[]): V | '' {
  return options.find((o) => o.value === value)?.value ?? '';
}

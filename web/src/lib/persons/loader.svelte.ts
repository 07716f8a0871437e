/*
 * One thing a page reads (a card, a catalogue): the data, the loading flag and the error
 * for a banner with «Повторить». Late answers of superseded loads are dropped.
 */
import { messageOf } from '../api/errors.ts';

export class Loader<T> {
  data = $state.raw<T | null>(null);
  loading = $state(false);
  error = $state<string | null>(null);
  private seq = 0;

  constructor(private readonly fetch: () => Promise<T>) {}

  /** Nothing to show yet and still waiting (placeholders). */
  get pending(): boolean {
    return this.data === null && this.error === null;
  }

  load = async (): Promise<void> => {
    const mine = ++this.seq;
    this.loading = true;
    this.error = null;
    try {
      const result = await this.fetch();
      if (mine === this.seq) this.data = result;
    } catch (err) {
      if (mine === this.seq) this.error = messageOf(err);
    } finally {
      if (mine === this.seq) this.loading = false;
    }
  };
}

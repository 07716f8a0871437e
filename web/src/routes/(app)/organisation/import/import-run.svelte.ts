/*
 * One import as the page walks through it: upload → check (a job: progress polled every
 * 500 ms) → report → apply (another job) → result. The jobs run on the server, so leaving
 * the page does not stop them; the history below lists them.
 */
import { api, authorizedFetch, call, errorOf } from '$lib/api/client.ts';
import { ApiError, messageOf } from '$lib/api/errors.ts';
import type { Base } from '$lib/persons/labels.ts';
import type { PersonImport } from '$lib/persons/types.ts';

export type Step = 'idle' | 'uploading' | 'checking' | 'checked' | 'applying' | 'done';

const POLL_MS = 500;

export class ImportRun {
  step = $state<Step>('idle');
  file = $state<File | null>(null);
  /** The job being watched (the check, then the apply). */
  job = $state.raw<PersonImport | null>(null);
  /** The finished check, kept while the apply runs. */
  checked = $state.raw<PersonImport | null>(null);
  error = $state<string | null>(null);
  private timer: ReturnType<typeof setTimeout> | undefined;
  private alive = true;

  constructor(private readonly onfinished: () => void) {}

  destroy(): void {
    this.alive = false;
    clearTimeout(this.timer);
  }

  reset(): void {
    clearTimeout(this.timer);
    this.step = 'idle';
    this.file = null;
    this.job = null;
    this.checked = null;
    this.error = null;
  }

  async upload(base: Base, file: File): Promise<void> {
    this.reset();
    this.file = file;
    this.step = 'uploading';
    try {
      const form = new FormData();
      form.append('file', file, file.name);
      const res = await authorizedFetch(`/api/person-imports?base=${base}`, { method: 'POST', body: form });
      if (res.status === 413)
        throw new ApiError(413, 'import_too_large', 'Файл больше 20 МБ: разделите его на части');
      if (!res.ok) throw await errorOf(res);
      const { id } = (await res.json()) as { id: string };
      this.step = 'checking';
      this.watch(id);
    } catch (err) {
      this.fail(err, 'idle');
    }
  }

  async apply(onDuplicate: 'merge' | 'skip'): Promise<void> {
    const checked = this.checked;
    if (!checked) return;
    this.step = 'applying';
    this.error = null;
    this.job = null;
    try {
      const { id } = await call(
        api.POST('/api/person-imports/{id}/apply', {
          params: { path: { id: checked.id } },
          body: { onDuplicate },
        }),
      );
      this.watch(id);
    } catch (err) {
      this.fail(err, 'checked');
    }
  }

  private fail(err: unknown, back: Step): void {
    this.error = messageOf(err);
    this.step = back;
  }

  private watch(id: string): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.poll(id), POLL_MS);
  }

  private async poll(id: string): Promise<void> {
    if (!this.alive) return;
    let job: PersonImport;
    try {
      job = await call(api.GET('/api/person-imports/{id}', { params: { path: { id } } }));
    } catch (err) {
      // A blip in the connection: keep watching, the job goes on on the server.
      if (err instanceof ApiError && err.status !== 0 && err.status < 500) return this.fail(err, 'idle');
      this.watch(id);
      return;
    }
    if (!this.alive) return;
    this.job = job;
    if (job.status === 'queued' || job.status === 'running') return this.watch(id);
    const applying = job.mode === 'apply';
    if (job.status === 'failed') {
      this.error = job.error ?? 'Файл не удалось обработать';
      this.step = applying ? 'checked' : 'idle';
    } else if (applying) {
      // An apply that found new problems (the base changed since the check) reports them instead.
      if (job.report?.applied) this.step = 'done';
      else {
        this.checked = job;
        this.error = 'Импорт не выполнен: с момента проверки данные изменились. Посмотрите отчёт ниже.';
        this.step = 'checked';
      }
    } else {
      this.checked = job;
      this.step = 'checked';
    }
    this.onfinished();
  }
}

/*
 * The state every create/edit form has: field errors (client checks first, then the
 * server's), one message for the whole form, and a busy flag while saving.
 */
import { ApiError, messageOf } from '../api/errors.ts';

export class FormState {
  errors = $state<Record<string, string>>({});
  message = $state<string | null>(null);
  busy = $state(false);

  reset(): void {
    this.errors = {};
    this.message = null;
    this.busy = false;
  }

  /** Runs client checks (field → message or null); returns true when all pass. */
  check(checks: Record<string, string | null | undefined | false>): boolean {
    const errors: Record<string, string> = {};
    for (const [field, problem] of Object.entries(checks)) if (problem) errors[field] = problem;
    this.errors = errors;
    this.message = null;
    return Object.keys(errors).length === 0;
  }

  /**
   * Saves through fn, mapping a failure onto the fields and the form message. A conflict that
   * names no field (the API cannot always tell which unique key failed) goes to `conflict`.
   */
  async submit<T>(
    fn: () => Promise<T>,
    conflict?: { field: string; message: string },
  ): Promise<T | undefined> {
    this.busy = true;
    this.message = null;
    try {
      return await fn();
    } catch (err) {
      this.message = messageOf(err);
      if (err instanceof ApiError) {
        this.errors = err.fieldMap();
        if (err.status === 409 && err.fields.length === 0 && conflict) {
          this.errors = { [conflict.field]: conflict.message };
        }
      }
      return undefined;
    } finally {
      this.busy = false;
    }
  }
}

/** Empty text means "not given": the API takes null for optional fields. */
export const blankToNull = (s: string): string | null => (s.trim() === '' ? null : s.trim());

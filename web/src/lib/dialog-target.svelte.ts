/*
 * Which record a create/edit dialog works on: null while creating a new one. Pages bind the
 * dialog's `open` to `target.open` and pass `target.item` as the record.
 */
export class DialogTarget<T> {
  open = $state(false);
  item = $state.raw<T | null>(null);

  create = (): void => {
    this.item = null;
    this.open = true;
  };

  edit = (item: T): void => {
    this.item = item;
    this.open = true;
  };
}

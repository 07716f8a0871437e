/*
 * The region's municipalities for a page's filters and pickers. A failed read leaves the
 * list empty: the pickers still work for "all municipalities", and the page's own list
 * shows the connection problem.
 */
import { allMunicipalities } from './directory.ts';
import type { Municipality } from './types.ts';

export class MunicipalityChoices {
  items = $state.raw<Municipality[]>([]);

  load(): void {
    allMunicipalities().then(
      (all) => (this.items = all),
      () => (this.items = []),
    );
  }
}

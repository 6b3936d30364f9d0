import type { ListResponse } from '@clinic/shared';
import { type Observable, EMPTY, expand, map, reduce } from 'rxjs';

/** The API's largest page (API.md, "Lists": limit max 200). */
export const MAX_PAGE_SIZE = 200;

/**
 * Every item of a paged list: fetches pages of `MAX_PAGE_SIZE` one after another until `total`
 * is reached (one request for nearly every patient; a long course never loses its oldest records).
 */
export function listAll<T>(
  fetchPage: (limit: number, offset: number) => Observable<ListResponse<T>>,
): Observable<T[]> {
  return fetchPage(MAX_PAGE_SIZE, 0).pipe(
    map((page) => ({ page, offset: 0 })),
    expand(({ page, offset }) => {
      const next = offset + page.items.length;
      return page.items.length === 0 || next >= page.total
        ? EMPTY
        : fetchPage(MAX_PAGE_SIZE, next).pipe(
            map((nextPage) => ({ page: nextPage, offset: next })),
          );
    }),
    reduce<{ page: ListResponse<T> }, T[]>((items, { page }) => [...items, ...page.items], []),
  );
}

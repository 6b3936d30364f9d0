import type { ListResponse } from '@clinic/shared';
import { type Observable, firstValueFrom, of, throwError } from 'rxjs';

import { MAX_PAGE_SIZE, listAll } from './list-all';

function pages(total: number): {
  fetch: (limit: number, offset: number) => Observable<ListResponse<number>>;
  calls: [number, number][];
} {
  const items = Array.from({ length: total }, (_, index) => index);
  const calls: [number, number][] = [];
  return {
    calls,
    fetch: (limit, offset) => {
      calls.push([limit, offset]);
      return of({ items: items.slice(offset, offset + limit), total });
    },
  };
}

describe('listAll', () => {
  it.each([
    [0, [[MAX_PAGE_SIZE, 0]]],
    [5, [[MAX_PAGE_SIZE, 0]]],
    [200, [[MAX_PAGE_SIZE, 0]]],
    [
      201,
      [
        [MAX_PAGE_SIZE, 0],
        [MAX_PAGE_SIZE, 200],
      ],
    ],
    [
      450,
      [
        [MAX_PAGE_SIZE, 0],
        [MAX_PAGE_SIZE, 200],
        [MAX_PAGE_SIZE, 400],
      ],
    ],
  ])('fetches %i items in pages %p', async (total, expectedCalls) => {
    const { fetch, calls } = pages(total);

    const items = await firstValueFrom(listAll(fetch));

    expect(items).toEqual(Array.from({ length: total }, (_, index) => index));
    expect(calls).toEqual(expectedCalls);
  });

  it('stops when the server returns an empty page before the total (records removed meanwhile)', async () => {
    const calls: number[] = [];
    const items = await firstValueFrom(
      listAll<number>((_limit, offset) => {
        calls.push(offset);
        return of(offset === 0 ? { items: [1, 2], total: 500 } : { items: [], total: 500 });
      }),
    );

    expect(items).toEqual([1, 2]);
    expect(calls).toEqual([0, 2]);
  });

  it('fails when a page fails', async () => {
    await expect(
      firstValueFrom(listAll(() => throwError(() => new Error('offline')))),
    ).rejects.toThrow('offline');
  });
});

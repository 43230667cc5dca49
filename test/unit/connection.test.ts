import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor } from '../../server/src/shared/connection/cursor';
import { keyset, sqlOrder } from '../../server/src/shared/connection/keyset';
import { compareValues, paginateLoaded } from '../../server/src/shared/connection/memory-page';
import { planPage } from '../../server/src/shared/connection/page-plan';
import { OrderDirection, type ConnectionResult, type OrderKey } from '../../server/src/shared/connection/types';

// The pure parts of paging, without a server or a database: a paging bug shows here in milliseconds.

const { ASC, DESC } = OrderDirection;
const BY_NAME: OrderKey[] = [{ field: 'name', direction: ASC }];

interface Row { id: string; name: string | null; on: Date | null }
const ROWS: Row[] = [
  { id: 'a', name: 'Japan', on: new Date('2021-06-08T00:00:00Z') },
  { id: 'b', name: 'Fiji', on: null },
  { id: 'c', name: null, on: new Date('2020-01-01T00:00:00Z') },
  { id: 'd', name: 'Fiji', on: new Date('2022-02-02T00:00:00Z') },
  { id: 'e', name: 'Aruba', on: new Date('2021-06-08T00:00:00Z') },
];
const names = (rows: readonly Row[]) => rows.map((r) => r.id).join('');

describe('planPage', () => {
  it('pages forward by 20 in the default order, with id as the last tie-break', () => {
    const plan = planPage({}, null, BY_NAME);
    expect(plan).toMatchObject({ size: 20, backward: false, after: null, before: null, signature: 'name:ASC,id:ASC' });
    expect(plan.keys).toEqual([...BY_NAME, { field: 'id', direction: ASC }]);
  });

  it("takes the client's order over the default, drops repeated fields, and keeps an explicit id key", () => {
    const plan = planPage({ first: 5 }, [{ field: 'on', direction: DESC }, { field: 'on', direction: ASC }, { field: 'id', direction: DESC }], BY_NAME);
    expect(plan.signature).toBe('on:DESC,id:DESC');
    expect(plan.size).toBe(5);
  });

  it('pages backward with `last`', () => {
    expect(planPage({ last: 3 }, null, BY_NAME)).toMatchObject({ size: 3, backward: true });
  });

  it.each([
    [{ first: 101 }, /`first` must be between 0 and 100; got 101/],
    [{ first: -1 }, /`first` must be between 0 and 100/],
    [{ last: 1000 }, /`last` must be between 0 and 100/],
    [{ first: 1, last: 1 }, /either `first` or `last`, not both/],
  ])('refuses %o with BAD_USER_INPUT', (page, message) => {
    expect(() => planPage(page, null, BY_NAME)).toThrow(message);
    try {
      planPage(page, null, BY_NAME);
    } catch (err) {
      expect((err as { extensions: { code: string } }).extensions.code).toBe('BAD_USER_INPUT');
    }
  });
});

describe('cursors', () => {
  const keys = planPage({}, [{ field: 'on', direction: DESC }], BY_NAME).keys;
  const signature = 'on:DESC,id:ASC';

  it('round-trip the sort-key values of a row, dates and nulls included', () => {
    expect(decodeCursor(encodeCursor(keys, ROWS[0], signature), signature, 'after')).toEqual([new Date('2021-06-08T00:00:00Z'), 'a']);
    expect(decodeCursor(encodeCursor(keys, ROWS[1], signature), signature, 'after')).toEqual([null, 'b']);
  });

  it('are opaque base64url text', () => {
    expect(encodeCursor(keys, ROWS[0], signature)).toMatch(/^[A-Za-z0-9_-]+$/);
  });

  it('of another order are refused, saying to start again', () => {
    const other = encodeCursor(planPage({}, null, BY_NAME).keys, ROWS[0], 'name:ASC,id:ASC');
    expect(() => decodeCursor(other, signature, 'after')).toThrow(/another sort order/);
  });

  it.each([
    ['not base64 JSON', 'garbage!!'],
    ['JSON without values', Buffer.from('{"o":"on:DESC,id:ASC"}').toString('base64url')],
    ['a forged object value', Buffer.from(JSON.stringify({ o: signature, v: [{ $gt: 1 }, 'a'] })).toString('base64url')],
    ['a forged date', Buffer.from(JSON.stringify({ o: signature, v: [{ d: 'yesterday' }, 'a'] })).toString('base64url')],
  ])('that are %s are refused as invalid', (_what, cursor) => {
    expect(() => decodeCursor(cursor, signature, 'before')).toThrow('`before` is not a valid cursor.');
  });
});

describe('keyset conditions (SQL)', () => {
  const keys: OrderKey[] = [{ field: 'name', direction: ASC }, { field: 'id', direction: ASC }];

  it('after a row: a greater first key (nulls count as greatest), or an equal first key and a greater id', () => {
    expect(keyset(keys, ['Fiji', 'b'], 'after')).toEqual({
      $or: [
        { $and: [{ $or: [{ name: { $gt: 'Fiji' } }, { name: null }] }] },
        { $and: [{ name: 'Fiji' }, { $or: [{ id: { $gt: 'b' } }, { id: null }] }] },
      ],
    });
  });

  it('before a row whose first key is null: any non-null first key, or a null one with a smaller id', () => {
    expect(keyset(keys, [null, 'c'], 'before')).toEqual({
      $or: [{ $and: [{ name: { $ne: null } }] }, { $and: [{ name: null }, { id: { $lt: 'c' } }] }],
    });
  });

  it('sorts nulls last ascending and first descending', () => {
    expect([sqlOrder(ASC), sqlOrder(DESC)]).toEqual(['ASC NULLS LAST', 'DESC NULLS FIRST']);
  });
});

describe('paging rows already loaded (paginateLoaded)', () => {
  it('orders like SQL: nulls last ascending, ties by id', () => {
    expect(names(paginateLoaded(ROWS, { first: 10 }, null, BY_NAME).nodes)).toBe('ebdac');
    expect(names(paginateLoaded(ROWS, { first: 10 }, [{ field: 'name', direction: DESC }], BY_NAME).nodes)).toBe('cabde');
    expect(names(paginateLoaded(ROWS, { first: 10 }, [{ field: 'on', direction: ASC }], BY_NAME).nodes)).toBe('caedb');
  });

  it('walks forward with endCursor and back with startCursor, page by page', () => {
    const forward: string[] = [];
    let after: string | null = null;
    for (let i = 0; i < 5; i++) {
      const page: ConnectionResult<Row> = paginateLoaded(ROWS, { first: 2, after }, null, BY_NAME);
      forward.push(names(page.nodes));
      expect(page.pageInfo.hasPreviousPage).toBe(after != null);
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(forward).toEqual(['eb', 'da', 'c']);
    const last = paginateLoaded(ROWS, { last: 2 }, null, BY_NAME);
    expect(names(last.nodes)).toBe('ac');
    expect(last.pageInfo).toMatchObject({ hasPreviousPage: true, hasNextPage: false });
    const before = paginateLoaded(ROWS, { last: 2, before: last.pageInfo.startCursor }, null, BY_NAME);
    expect(names(before.nodes)).toBe('bd');
    expect(before.pageInfo).toMatchObject({ hasPreviousPage: true, hasNextPage: true });
  });

  it('an empty page (first: 0) still says whether rows follow', () => {
    const page = paginateLoaded(ROWS, { first: 0 }, null, BY_NAME);
    expect(page.nodes).toEqual([]);
    expect(page.pageInfo).toMatchObject({ hasNextPage: true, startCursor: null, endCursor: null });
  });

  it('counts every row for totalCount', async () => {
    expect(await paginateLoaded(ROWS, { first: 1 }, null, BY_NAME).count()).toBe(5);
  });
});

describe('compareValues', () => {
  it('puts null after everything and compares the rest by value', () => {
    expect([3, null, 1, 2].sort(compareValues)).toEqual([1, 2, 3, null]);
    expect(['b', null, 'B', 'a'].sort(compareValues)).toEqual(['B', 'a', 'b', null]);
  });
});

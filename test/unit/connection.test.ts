import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor } from '../../server/src/shared/connection/cursor';
import { keyset, sqlOrder } from '../../server/src/shared/connection/keyset';
import { compareValues } from '../../server/src/shared/connection/compare';
import { planPage } from '../../server/src/shared/connection/page-plan';
import { OrderDirection, type OrderKey } from '../../server/src/shared/connection/types';

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
  const columns = (nullable: Record<string, boolean>) => (field: string) => ({ sql: field, nullable: nullable[field] ?? false });

  it('after a row, one way: a row-value comparison, or a null first key (nulls count as greatest)', () => {
    expect(keyset(keys, ['Fiji', 'b'], 'after', columns({ name: true }))).toEqual({ sql: '((name, id) > (?, ?) or name is null)', params: ['Fiji', 'b'] });
    expect(keyset(keys, ['Fiji', 'b'], 'after', columns({}))).toEqual({ sql: '(name, id) > (?, ?)', params: ['Fiji', 'b'] });
  });

  it('towards smaller values, nulls are left behind: the comparison alone', () => {
    const desc: OrderKey[] = [{ field: 'on', direction: DESC }, { field: 'id', direction: DESC }];
    expect(keyset(desc, ['2021-06-08', 'e'], 'after', columns({ on: true }))).toEqual({ sql: '(on, id) < (?, ?)', params: ['2021-06-08', 'e'] });
  });

  it('before a row whose first key is null: any non-null first key, or a null one with a smaller id', () => {
    expect(keyset(keys, [null, 'c'], 'before', columns({ name: true }))).toEqual({ sql: '(name is not null or (name is null and id < ?))', params: ['c'] });
  });

  it('mixed directions expand key by key', () => {
    const mixed: OrderKey[] = [{ field: 'name', direction: DESC }, { field: 'id', direction: ASC }];
    expect(keyset(mixed, ['Fiji', 'b'], 'after', columns({ name: true }))).toEqual({ sql: '(name < ? or (name = ? and id > ?))', params: ['Fiji', 'Fiji', 'b'] });
  });

  it('sorts nulls last ascending and first descending; a column without nulls plainly', () => {
    expect([sqlOrder(ASC), sqlOrder(DESC)]).toEqual(['ASC NULLS LAST', 'DESC NULLS FIRST']);
    expect([sqlOrder(ASC, false), sqlOrder(DESC, false)]).toEqual(['ASC', 'DESC']);
  });
});

describe('compareValues', () => {
  it('puts null after everything and compares the rest by value', () => {
    expect([3, null, 1, 2].sort(compareValues)).toEqual([1, 2, 3, null]);
    expect(['b', null, 'B', 'a'].sort(compareValues)).toEqual(['B', 'a', 'b', null]);
  });
});

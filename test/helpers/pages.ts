import { expect } from 'vitest';

export interface PageInfo { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null }
export interface Page<T> { totalCount: number; edges: Array<{ cursor: string; node: T }>; nodes: T[]; pageInfo: PageInfo }

/** Follows `endCursor` from the first page until `hasNextPage` is false; returns every page. */
export const walkForward = <T>(fetchPage: (after: string | null) => Promise<Page<T>>) => walk(fetchPage, 'endCursor', 'hasNextPage');

/** Follows `startCursor` from the last page until `hasPreviousPage` is false; returns pages last first. */
export const walkBackward = <T>(fetchPage: (before: string | null) => Promise<Page<T>>) => walk(fetchPage, 'startCursor', 'hasPreviousPage');

async function walk<T>(fetchPage: (cursor: string | null) => Promise<Page<T>>, cursorKey: 'endCursor' | 'startCursor', moreKey: 'hasNextPage' | 'hasPreviousPage'): Promise<Page<T>[]> {
  const pages: Page<T>[] = [];
  let cursor: string | null = null;
  for (let i = 0; i < 50; i++) {
    const page = await fetchPage(cursor);
    pages.push(page);
    if (!page.pageInfo[moreKey]) return pages;
    cursor = page.pageInfo[cursorKey];
    expect(cursor).toBeTruthy();
  }
  throw new Error('pagination did not end after 50 pages');
}

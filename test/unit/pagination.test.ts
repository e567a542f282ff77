import { describe, expect, it } from 'vitest';
import { type Page, pageParam, pageWindow, shownRange } from '~/domain/pagination';

/* Every list read a page at a time asks, reads and counts its page with these three (ADR 018). */

const at = (search: string) => new Request(`https://linssi.example/decisions/all${search}`);

describe('pageParam', () => {
  it('is the page the address asks for', () => {
    expect(pageParam(at('?page=3'))).toBe(3);
    expect(pageParam(at('?q=koulu&page=12'))).toBe(12);
    expect(pageParam(at('?page=007'))).toBe(7);
  });

  it('is 1 when the address asks for none', () => {
    expect(pageParam(at(''))).toBe(1);
    expect(pageParam(at('?page='))).toBe(1);
  });

  it('is 1 for what is not a page number: 0, negative, words, exponents, fractions, spaces', () => {
    for (const raw of ['0', '000', '-1', 'abc', '1e3', '1.5', '0x10', ' 3', '3 ', '+3', 'Infinity']) {
      expect(pageParam(at(`?page=${encodeURIComponent(raw)}`)), raw).toBe(1);
    }
  });

  it('takes at most six digits: 999999 is a page, 9999999 is not', () => {
    expect(pageParam(at('?page=999999'))).toBe(999_999);
    expect(pageParam(at('?page=9999999'))).toBe(1);
  });

  it('takes the first of repeated page parameters', () => {
    expect(pageParam(at('?page=2&page=5'))).toBe(2);
  });
});

describe('pageWindow', () => {
  it('gives an empty list one page', () => {
    expect(pageWindow(0, 1, 20)).toEqual({ page: 1, pages: 1, total: 0, pageSize: 20, offset: 0 });
    expect(pageWindow(0, 5, 20)).toEqual({ page: 1, pages: 1, total: 0, pageSize: 20, offset: 0 });
  });

  it('fills exact multiples of the page size without an empty last page', () => {
    expect(pageWindow(20, 1, 20)).toEqual({ page: 1, pages: 1, total: 20, pageSize: 20, offset: 0 });
    expect(pageWindow(40, 2, 20)).toEqual({ page: 2, pages: 2, total: 40, pageSize: 20, offset: 20 });
  });

  it('starts a new page for one row more', () => {
    expect(pageWindow(21, 2, 20)).toEqual({ page: 2, pages: 2, total: 21, pageSize: 20, offset: 20 });
    expect(pageWindow(41, 3, 20)).toEqual({ page: 3, pages: 3, total: 41, pageSize: 20, offset: 40 });
  });

  it('reads a page past the end as the last page', () => {
    expect(pageWindow(45, 4, 20)).toEqual({ page: 3, pages: 3, total: 45, pageSize: 20, offset: 40 });
    expect(pageWindow(45, 999_999, 20)).toEqual({ page: 3, pages: 3, total: 45, pageSize: 20, offset: 40 });
  });

  it('reads a page before the first as the first', () => {
    expect(pageWindow(45, 0, 20)).toMatchObject({ page: 1, offset: 0 });
    expect(pageWindow(45, -3, 20)).toMatchObject({ page: 1, offset: 0 });
  });

  it('offsets each page by the rows of the pages before it', () => {
    expect(pageWindow(100, 1, 7).offset).toBe(0);
    expect(pageWindow(100, 2, 7).offset).toBe(7);
    expect(pageWindow(100, 10, 7).offset).toBe(63);
    // 100 rows of 7 are 15 pages (14 full, then 2 rows); the last starts at row 98.
    expect(pageWindow(100, 15, 7)).toEqual({ page: 15, pages: 15, total: 100, pageSize: 7, offset: 98 });
  });
});

describe('shownRange', () => {
  const page = (n: number, items: number, total: number, pageSize = 20): Page<number> => ({
    items: Array.from({ length: items }, (_, i) => i),
    page: n,
    pages: Math.max(1, Math.ceil(total / pageSize)),
    total,
    pageSize,
  });

  it('counts a full first page from 1', () => {
    expect(shownRange(page(1, 20, 45))).toEqual({ from: 1, to: 20, total: 45 });
  });

  it('counts a middle page from the row after the pages before it', () => {
    expect(shownRange(page(2, 20, 45))).toEqual({ from: 21, to: 40, total: 45 });
  });

  it('ends a short last page at its last row, the total', () => {
    expect(shownRange(page(3, 5, 45))).toEqual({ from: 41, to: 45, total: 45 });
  });

  it('counts a list of one page that is not full', () => {
    expect(shownRange(page(1, 3, 3))).toEqual({ from: 1, to: 3, total: 3 });
  });

  it('counts the rows the page holds, not the page size (a page whose rows were filtered)', () => {
    expect(shownRange(page(2, 4, 45, 10))).toEqual({ from: 11, to: 14, total: 45 });
  });
});

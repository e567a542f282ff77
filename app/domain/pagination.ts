/**
 * Every list that is read a page at a time (the decision lists, the review queue, the history, the
 * audit log, the people list) asks for the page with `pageParam`, reads it with `pageWindow`, returns
 * a `Page` and shows its count line with `shownRange`.
 */

/** One page of a list. */
export interface Page<T> {
  items: T[];
  /** 1-based; never past the last page. */
  page: number;
  pages: number;
  total: number;
  pageSize: number;
}

/** The page asked for in the address (?page=N): 1 when there is none or it is not a number. */
export function pageParam(request: Request): number {
  const raw = new URL(request.url).searchParams.get('page');
  const page = raw && /^\d{1,6}$/.test(raw) ? Number(raw) : 1;
  return Math.max(1, page);
}

/** Which rows the page asked for holds, of `total`: a page past the end is the last one. */
export function pageWindow(total: number, requested: number, pageSize: number) {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const page = Math.min(Math.max(1, requested), pages);
  return { page, pages, total, pageSize, offset: (page - 1) * pageSize };
}

/** The page's count line: rows from–to of total. */
export function shownRange(page: Page<unknown>) {
  const first = (page.page - 1) * page.pageSize;
  return { from: first + 1, to: first + page.items.length, total: page.total };
}

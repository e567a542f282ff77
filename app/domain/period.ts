import { parseDateInput } from './dates';

/**
 * The evaluation period of the yearly cycle: 1 September – 31 August, named by
 * the year in which it ends. The group presents its evaluation to the council at the end of August.
 */
export interface Period {
  from: string;
  to: string;
  /** The year the period ends, when it is a standard period. */
  year: number | null;
}

export function evaluationPeriodOf(date: string): Period {
  const year = Number(date.slice(0, 4));
  const month = Number(date.slice(5, 7));
  const endYear = month >= 9 ? year + 1 : year;
  return { from: `${endYear - 1}-09-01`, to: `${endYear}-08-31`, year: endYear };
}

/** A period chosen with from/to dates in a query string; the current evaluation period by default. */
export function periodFromQuery(params: URLSearchParams, today: string): Period {
  const standard = evaluationPeriodOf(today);
  const rawFrom = params.get('from')?.trim() ?? '';
  const rawTo = params.get('to')?.trim() ?? '';
  const from = rawFrom ? parseDateInput(rawFrom) : standard.from;
  const to = rawTo ? parseDateInput(rawTo) : standard.to;
  // A date that is not a date, or a period that ends before it starts, gives the standard period.
  if (!from || !to || from > to) return standard;
  const isStandard = from.endsWith('-09-01') && to.endsWith('-08-31') && Number(to.slice(0, 4)) === Number(from.slice(0, 4)) + 1;
  return { from, to, year: isStandard ? Number(to.slice(0, 4)) : null };
}

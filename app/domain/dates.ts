/** Dates are shown as d.m.yyyy and reckoned in Europe/Helsinki time. */
export const TIME_ZONE = 'Europe/Helsinki';

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const FINNISH_DATE = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/;

function validDate(y: number, m: number, d: number): string | null {
  if (y < 1900 || y > 2200 || m < 1 || m > 12 || d < 1) return null;
  const daysInMonth = new Date(Date.UTC(y, m, 0)).getUTCDate();
  if (d > daysInMonth) return null;
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/**
 * Reads a date typed by a user: the browser's date field sends yyyy-mm-dd, a text field
 * (or a browser without a date picker) may send d.m.yyyy. Returns yyyy-mm-dd or null.
 */
export function parseDateInput(input: string): string | null {
  const text = input.trim();
  let match = ISO_DATE.exec(text);
  if (match) return validDate(Number(match[1]), Number(match[2]), Number(match[3]));
  match = FINNISH_DATE.exec(text);
  if (match) return validDate(Number(match[3]), Number(match[2]), Number(match[1]));
  return null;
}

/** yyyy-mm-dd → d.m.yyyy (the Finnish way, used in both languages). */
export function formatDate(isoDate: string | null | undefined): string {
  if (!isoDate) return '';
  const match = ISO_DATE.exec(isoDate.slice(0, 10));
  if (!match) return isoDate;
  return `${Number(match[3])}.${Number(match[2])}.${match[1]}`;
}

// Made once: a new Intl.DateTimeFormat per call was a visible part of every page's time.
let dateTimeFormatter: Intl.DateTimeFormat | null = null;
let dayFormatter: Intl.DateTimeFormat | null = null;
const dateTimeFormat = () =>
  (dateTimeFormatter ??= new Intl.DateTimeFormat('en-GB', {
    timeZone: TIME_ZONE,
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }));
const dayFormat = () => (dayFormatter ??= new Intl.DateTimeFormat('en-GB', { timeZone: TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' }));

/** An instant → d.m.yyyy HH.mm in Helsinki time. */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const parts = Object.fromEntries(
    dateTimeFormat()
      .formatToParts(date)
      .map((p) => [p.type, p.value]),
  );
  return `${Number(parts.day)}.${Number(parts.month)}.${parts.year} ${parts.hour}.${parts.minute}`;
}

/** Today's date in Helsinki as yyyy-mm-dd. */
export function todayInHelsinki(now: Date = new Date()): string {
  const parts = Object.fromEntries(
    dayFormat()
      .formatToParts(now)
      .map((p) => [p.type, p.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day}`;
}

/** Whole days from one yyyy-mm-dd to another (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

export function addDays(isoDate: string, days: number): string {
  const date = new Date(Date.parse(`${isoDate}T00:00:00Z`) + days * 86_400_000);
  return date.toISOString().slice(0, 10);
}

import { Link } from '@remix-run/react';
import type { ReactNode } from 'react';
import { formatDate } from '~/domain/dates';
import type { AssessmentStatus } from '~/domain/permissions';
import { useT } from '~/utils/i18n';

export function StatusBadge({ status }: { status: AssessmentStatus }) {
  const t = useT();
  return <span className={`badge badge--${status}`}>{t(`status.${status}`)}</span>;
}

/** A message after an action; announced by screen readers. */
export function Notice({ children, tone = 'success' }: { children: ReactNode; tone?: 'success' | 'info' | 'warning' }) {
  return (
    <div className={`notice notice--${tone}`} role="status">
      {children}
    </div>
  );
}

export function Pagination({ page, pages, hrefFor }: { page: number; pages: number; hrefFor: (page: number) => string }) {
  const t = useT();
  if (pages <= 1) return null;
  return (
    <nav className="pagination" aria-label={t('decisions.pagination')}>
      {page > 1 ? (
        <Link to={hrefFor(page - 1)} rel="prev">
          ← {t('decisions.previous')}
        </Link>
      ) : (
        <span />
      )}
      <span aria-current="page">{t('decisions.pageOf', { page, pages })}</span>
      {page < pages ? (
        <Link to={hrefFor(page + 1)} rel="next">
          {t('decisions.next')} →
        </Link>
      ) : (
        <span />
      )}
    </nav>
  );
}

/**
 * A wide table that scrolls sideways on a narrow screen. The region takes focus, so that it can
 * be scrolled with the keyboard (WCAG 2.1.1), and is named after its table.
 */
export function ScrollRegion({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="table-scroll" tabIndex={0} role="region" aria-label={label}>
      {children}
    </div>
  );
}

/** The two dates of a period (d.m.yyyy), as fields of a filter form. */
export function PeriodFields({ from, to }: { from: string; to: string }) {
  const t = useT();
  return (
    <>
      <div className="field">
        <label htmlFor="from" className="field__label">
          {t('overview.from')}
        </label>
        <input id="from" name="from" className="input input--short" defaultValue={formatDate(from)} />
      </div>
      <div className="field">
        <label htmlFor="to" className="field__label">
          {t('overview.to')}
        </label>
        <input id="to" name="to" className="input input--short" defaultValue={formatDate(to)} />
      </div>
    </>
  );
}

/** A select of a filter form: a label, an "all" choice with the empty value, and the options. */
export function FilterSelect({
  id,
  label,
  anyLabel,
  value,
  options,
}: {
  id: string;
  label: string;
  anyLabel: string;
  value: string | number | null;
  options: Array<{ value: string | number; label: string }>;
}) {
  return (
    <div className="field">
      <label htmlFor={id} className="field__label">
        {label}
      </label>
      <select id={id} name={id} className="select" defaultValue={value ?? ''}>
        <option value="">{anyLabel}</option>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

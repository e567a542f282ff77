import { type ReactNode, useEffect, useRef } from 'react';
import { Form, Link, useNavigation } from '@remix-run/react';
import { ErrorSummary } from '~/components/forms';
import { Notice } from '~/components/ui';
import type { FieldErrors } from '~/domain/validation';
import type { FrameworkProblem } from '~/domain/framework';
import type { MessageKey } from '~/i18n';
import { useT } from '~/utils/i18n';

/** "Ulottuvuus 2 (”Toimintatapa”), periaate 4 (”Avoin”), otsikko: puuttuu tai on tyhjä". */
export function useProblemText() {
  const t = useT();
  return (p: FrameworkProblem) => {
    const place: string[] = [];
    if (p.line) place.push(t('strategyAdmin.place.line', { line: p.line, column: p.column ?? 1 }));
    if (p.dimension) {
      place.push(
        p.dimension.label
          ? t('strategyAdmin.place.dimensionNamed', { n: p.dimension.n, label: p.dimension.label })
          : t('strategyAdmin.place.dimension', { n: p.dimension.n }),
      );
    }
    if (p.principle) {
      place.push(
        p.principle.label
          ? t('strategyAdmin.place.principleNamed', { n: p.principle.n, label: p.principle.label })
          : t('strategyAdmin.place.principle', { n: p.principle.n }),
      );
    }
    if (!p.dimension && !p.line)
      place.push(t(['jsonSyntax', 'notObject', 'tooLarge', 'noFile'].includes(p.code) ? 'strategyAdmin.place.file' : 'strategyAdmin.place.version'));
    const fieldKey = `strategyAdmin.fields.${p.field ?? ''}` as MessageKey;
    const field = p.field && p.field !== 'dimensions' && p.field !== 'principles' ? safe(t, fieldKey) : null;
    const problemKey = `strategyAdmin.problems.${p.code}` as MessageKey;
    const problem = safe(t, problemKey) ?? t('strategyAdmin.problems.invalid');
    const item = p.item ? `, ${t('strategyAdmin.place.item', { n: p.item })}` : '';
    return `${place.join(', ')}${field ? `, ${field}` : ''}${item}: ${problem}`;
  };
}

function safe(t: ReturnType<typeof useT>, key: MessageKey): string | null {
  const text = t(key);
  return text === key ? null : text;
}

/** The problems of an import or an activation, as a list that takes the focus when it appears. */
export function FrameworkProblems({ title, problems }: { title: string; problems: FrameworkProblem[] }) {
  const t = useT();
  const text = useProblemText();
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => ref.current?.focus(), [problems]);
  return (
    <div className="error-summary" role="alert" tabIndex={-1} ref={ref} aria-labelledby="strategy-problems-title">
      <h2 id="strategy-problems-title" className="error-summary__title">
        {title}
      </h2>
      <p>{t('strategyAdmin.problemsTitle', { count: problems.length })}</p>
      <ul id="strategy-problems">
        {problems.map((p, i) => (
          <li key={i}>{text(p)}</li>
        ))}
      </ul>
    </div>
  );
}

/**
 * The frame of a dimension's or a principle's form on a draft version: the way back, the title,
 * the error summary (each line linking to its field), the fields, Save and Cancel.
 */
export function FrameworkItemForm({
  version,
  title,
  errors,
  labels,
  focusKey,
  stale,
  children,
}: {
  version: { id: number; name: string; updatedAt: string };
  stale?: boolean;
  title: string;
  errors: FieldErrors;
  labels: Record<string, string>;
  focusKey: unknown;
  children: ReactNode;
}) {
  const t = useT();
  const busy = useNavigation().state === 'submitting';
  return (
    <div className="page page--form">
      <p className="breadcrumb">
        <Link to={`/admin/strategy/${version.id}`}>← {t('strategyAdmin.backToVersion', { name: version.name })}</Link>
      </p>
      <h1>{title}</h1>
      {stale ? <Notice tone="warning">{t('strategyAdmin.stale')}</Notice> : null}
      <Form method="post" className="form" noValidate>
        <input type="hidden" name="updatedAt" value={version.updatedAt} />
        <ErrorSummary items={Object.entries(errors).map(([name, error]) => ({ target: name, label: labels[name] ?? name, error }))} focusKey={focusKey} />
        {children}
        <div className="form__actions">
          <button type="submit" className="button" disabled={busy}>
            {t('strategyAdmin.save')}
          </button>
          <Link to={`/admin/strategy/${version.id}`} className="button button--secondary">
            {t('strategyAdmin.cancel')}
          </Link>
        </div>
      </Form>
    </div>
  );
}

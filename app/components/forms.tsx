import { type ReactNode, useEffect, useRef } from 'react';
import type { FieldError } from '~/domain/validation';
import { useT } from '~/utils/i18n';

/** The field's error message, in the user's language. */
export function useErrorText() {
  const t = useT();
  return (error: FieldError | undefined) => (error ? t(`errors.${error.code}`, error.params) : undefined);
}

const describedBy = (...ids: Array<string | false | undefined>) => ids.filter(Boolean).join(' ') || undefined;

interface FieldFrameProps {
  id: string;
  label: ReactNode;
  hint?: ReactNode;
  error?: FieldError;
  optional?: boolean;
  children: (aria: { 'aria-describedby'?: string; 'aria-invalid'?: true }) => ReactNode;
}

/** Label, hint and error around one control, wired together for screen readers. */
export function FieldFrame({ id, label, hint, error, optional, children }: FieldFrameProps) {
  const t = useT();
  const errorText = useErrorText()(error);
  return (
    <div className={`field${error ? ' field--error' : ''}`}>
      <label htmlFor={id} className="field__label">
        {label}
        {optional ? <span className="field__optional"> {t('decisionForm.optional')}</span> : null}
      </label>
      {hint ? (
        <p id={`${id}-hint`} className="field__hint">
          {hint}
        </p>
      ) : null}
      {errorText ? (
        <p id={`${id}-error`} className="field__error">
          {errorText}
        </p>
      ) : null}
      {children({
        'aria-describedby': describedBy(hint ? `${id}-hint` : false, errorText ? `${id}-error` : false),
        'aria-invalid': errorText ? true : undefined,
      })}
    </div>
  );
}

type InputProps = React.InputHTMLAttributes<HTMLInputElement> & {
  id: string;
  label: ReactNode;
  hint?: ReactNode;
  error?: FieldError;
  optional?: boolean;
};

export function TextField({ id, label, hint, error, optional, ...input }: InputProps) {
  return (
    <FieldFrame id={id} label={label} hint={hint} error={error} optional={optional}>
      {(aria) => <input id={id} className="input" required={!optional} {...aria} {...input} />}
    </FieldFrame>
  );
}

type TextAreaProps = React.TextareaHTMLAttributes<HTMLTextAreaElement> & {
  id: string;
  label: ReactNode;
  hint?: ReactNode;
  error?: FieldError;
  optional?: boolean;
};

export function TextArea({ id, label, hint, error, optional, ...textarea }: TextAreaProps) {
  return (
    <FieldFrame id={id} label={label} hint={hint} error={error} optional={optional}>
      {(aria) => <textarea id={id} className="textarea" rows={4} {...aria} {...textarea} />}
    </FieldFrame>
  );
}

type SelectProps = React.SelectHTMLAttributes<HTMLSelectElement> & {
  id: string;
  label: ReactNode;
  hint?: ReactNode;
  error?: FieldError;
  options: Array<{ id: number | string; name: string }>;
  placeholder: string;
};

export function SelectField({ id, label, hint, error, options, placeholder, ...select }: SelectProps) {
  return (
    <FieldFrame id={id} label={label} hint={hint} error={error}>
      {(aria) => (
        <select id={id} className="select" required {...aria} {...select}>
          <option value="">{placeholder}</option>
          {options.map((o) => (
            <option key={o.id} value={String(o.id)}>
              {o.name}
            </option>
          ))}
        </select>
      )}
    </FieldFrame>
  );
}

export interface SummaryItem {
  /** The id of the control the link moves focus to. */
  target: string;
  label: string;
  error: FieldError;
}

/**
 * The error summary at the top of a form (the GOV.UK and Suomi.fi pattern): it takes focus
 * after a failed submit, and each line links to its field.
 */
export function ErrorSummary({ items, focusKey }: { items: SummaryItem[]; focusKey?: unknown }) {
  const t = useT();
  const errorText = useErrorText();
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (items.length > 0) ref.current?.focus();
  }, [focusKey, items.length]);
  if (items.length === 0) return null;
  return (
    <div className="error-summary" role="alert" tabIndex={-1} ref={ref} aria-labelledby="error-summary-title">
      <h2 id="error-summary-title" className="error-summary__title">
        {t('errors.summaryTitle')}
      </h2>
      <p>{t('errors.summaryIntro')}</p>
      <ul>
        {items.map((item) => (
          <li key={item.target}>
            <a href={`#${item.target}`}>
              {item.label}: {errorText(item.error)}
            </a>
          </li>
        ))}
      </ul>
    </div>
  );
}

import { useEffect, useRef, useState } from 'react';
import { useT } from '~/utils/i18n';

/**
 * A read-only text to paste elsewhere. Without JavaScript it is selectable in its box;
 * with JavaScript a button copies it in one click.
 */
export function CopyText({ id, label, hint, value }: { id: string; label: string; hint: string; value: string }) {
  const t = useT();
  const [hydrated, setHydrated] = useState(false);
  const [status, setStatus] = useState<'idle' | 'copied' | 'failed'>('idle');
  const ref = useRef<HTMLTextAreaElement>(null);
  useEffect(() => setHydrated(true), []);
  async function copy() {
    try {
      await navigator.clipboard.writeText(value);
      setStatus('copied');
    } catch {
      ref.current?.select();
      setStatus('failed');
    }
  }
  return (
    <div className="copy-text">
      <label htmlFor={id} className="field__label">
        {label}
      </label>
      <p id={`${id}-hint`} className="field__hint">
        {hint}
      </p>
      <textarea
        id={id}
        ref={ref}
        className="textarea copy-text__box"
        readOnly
        rows={Math.min(14, Math.max(4, Math.ceil(value.length / 80)))}
        value={value}
        aria-describedby={`${id}-hint`}
        lang="fi"
        onFocus={(e) => e.currentTarget.select()}
      />
      {hydrated ? (
        <p className="copy-text__actions">
          <button type="button" className="button button--secondary" onClick={copy}>
            {t('summary.copy')}
          </button>
          <span role="status" className="copy-text__status">
            {status === 'copied' ? t('summary.copied') : status === 'failed' ? t('summary.copyFailed') : ''}
          </span>
        </p>
      ) : null}
    </div>
  );
}

import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data } from '@remix-run/node';
import { Form, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { useEffect, useRef } from 'react';
import { Notice, ScrollRegion } from '~/components/ui';
import { formatDate, todayInHelsinki } from '~/domain/dates';
import type { ImportError } from '~/domain/import';
import { linkedPrinciples, scoredPrinciples } from '~/domain/framework';
import type { MessageKey } from '~/i18n';
import { getFrameworkVersion, versionIdInForce } from '~/models/framework.server';
import {
  type AppMadeMatch,
  CONFIRMABLE_CODES,
  IMPORT_CAPS,
  OPTIONAL_COLUMNS,
  PendingGone,
  REQUIRED_COLUMNS,
  findPendingImport,
  importCsvFile,
  importDecisions,
  keepPendingImport,
  parseReplaceChoices,
} from '~/models/import.server';
import { listBodies, listDepartments } from '~/models/organisation.server';
import { requireRole } from '~/models/auth.server';
import { isMultipart, readForm, readUpload } from '~/utils/form.server';
import { useT } from '~/utils/i18n';
import { serverTranslator } from '~/utils/language.server';

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title ?? ''} – Linssi` }];

/** The largest file accepted, in megabytes. */
const MAX_MB = 5;

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, 'admin');
  const [bodies, departments, versionId] = await Promise.all([listBodies(), listDepartments(), versionIdInForce(todayInHelsinki())]);
  const strategy = versionId === null ? null : await getFrameworkVersion(versionId);
  return {
    title: serverTranslator(request, user)('dataImport.title'),
    bodies: bodies.map((b) => b.name),
    departments: departments.map((d) => d.name),
    // Read here (server only): the CSV parser must stay out of the browser's bundle.
    columns: [...REQUIRED_COLUMNS.map((name) => ({ name, required: true })), ...OPTIONAL_COLUMNS.map((name) => ({ name, required: false }))],
    strategy: strategy
      ? {
          name: strategy.name,
          scored: scoredPrinciples(strategy).map((p) => ({ key: p.key, title: p.title })),
          projects: linkedPrinciples(strategy).map((p) => ({ key: p.key, title: p.title })),
        }
      : null,
  };
}

type ActionResult =
  | { ok: true; created: number; updated: number; replaced: number }
  | { ok: false; problem: 'noFile' | 'fileTooLarge' | 'expired' | 'tooManyRows' | 'tooManyColumns' }
  | { ok: false; errors: ImportError[]; more: number; matches: AppMadeMatch[]; token: string | null };

/**
 * A refused import. When the only refusals are rows naming decisions made in the app, the file
 * is kept on the server for this admin (or stays kept, on a confirmation) and the page offers to
 * replace the ones that may be replaced: the token comes back, never the file.
 */
async function refused(
  errors: ImportError[],
  more: number,
  matches: AppMadeMatch[],
  userId: number,
  kept: { token: string } | { text: string; fileName: string },
) {
  // A file over the caps (ADR 017): said at the file field, as a file over the size limit.
  const capped = errors.find((e) => e.code === 'tooManyRows' || e.code === 'tooManyColumns');
  if (capped) return data<ActionResult>({ ok: false, problem: capped.code as 'tooManyRows' | 'tooManyColumns' }, { status: 400 });
  const confirmable = more === 0 && matches.length > 0 && errors.every((e) => CONFIRMABLE_CODES.includes(e.code));
  const token = !confirmable ? null : 'token' in kept ? kept.token : await keepPendingImport(userId, kept.text, kept.fileName);
  return data<ActionResult>({ ok: false, errors, more, matches: confirmable ? matches : [], token }, { status: 400 });
}

/** The confirmation page's post: the kept file, imported again with the decisions the admin ticked. */
async function confirmReplace(request: Request, userId: number) {
  const form = await readForm(request);
  const token = form.get('token');
  const pending = await findPendingImport(token, userId);
  if (!pending) return data<ActionResult>({ ok: false, problem: 'expired' }, { status: 410 });
  const replace = parseReplaceChoices(form.getAll('replace').filter((v): v is string => typeof v === 'string'));
  try {
    const result = await importDecisions(pending.content, { id: userId }, 'web', undefined, { replace, pendingId: pending.id });
    if (!result.ok) return refused(result.errors, result.more ?? 0, result.matches, userId, { token: String(token) });
    return data<ActionResult>({ ok: true, created: result.created, updated: result.updated, replaced: result.replaced });
  } catch (error) {
    if (error instanceof PendingGone) return data<ActionResult>({ ok: false, problem: 'expired' }, { status: 410 });
    throw error;
  }
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireRole(request, 'admin');
  // The confirmation page posts a plain form (the token and the ticked boxes); the upload is multipart.
  if (!isMultipart(request)) return confirmReplace(request, user.id);
  const upload = await readUpload(request, { file: 'file', maxBytes: MAX_MB * 1024 * 1024 });
  if (!upload.ok) {
    if (upload.problem === 'tooLarge') return data<ActionResult>({ ok: false, problem: 'fileTooLarge' }, { status: 413 });
    // Not a multipart form at all.
    return data<ActionResult>({ ok: false, problem: 'noFile' }, { status: 400 });
  }
  const file = upload.file;
  if (!file) return data<ActionResult>({ ok: false, problem: 'noFile' }, { status: 400 });
  const result = await importCsvFile(new Uint8Array(await file.arrayBuffer()), user, 'web');
  if (!result.ok) return refused(result.errors, result.more ?? 0, result.matches, user.id, { text: result.text ?? '', fileName: file.name });
  return data<ActionResult>({ ok: true, created: result.created, updated: result.updated, replaced: result.replaced });
}

function ExampleFile({ scored, projects }: { scored: string[]; projects: string[] }) {
  const t = useT();
  const { bodies, departments } = useLoaderData<typeof loader>();
  const header = ['case_number', 'title', 'body', 'department', 'meeting_date', 'preparer', 'outcome', 'confidential', 'projects'];
  const first = [
    'VES/45/2018',
    t('dataImport.exampleTitleValue'),
    bodies[bodies.length > 2 ? 2 : 0] ?? '',
    departments[1] ?? departments[0] ?? '',
    '2.10.2018',
    t('dataImport.examplePreparer'),
    'hyväksytty',
    'ei',
    projects.slice(0, 2).join(' '),
  ];
  const second = ['VES/61/2018', t('dataImport.exampleTitleValue2'), bodies[0] ?? '', departments[0] ?? '', '2018-12-17', '', 'hyväksytty', '0', ''];
  const scores = ['2', '1', '0', 'ei liity', '−1', '?', '+2'];
  for (const [i, key] of scored.entries()) {
    header.push(`score:${key}`);
    first.push(scores[i % scores.length]!);
    second.push('ei liity');
  }
  if (scored[0]) {
    header.push(`reason:${scored[0]}`);
    first.push(`"${t('dataImport.exampleReason')}"`);
    second.push('');
  }
  return (
    <ScrollRegion label={t('dataImport.exampleTitle')}>
      <pre className="copy-text__box">{[header, first, second].map((row) => row.join(';')).join('\n')}</pre>
    </ScrollRegion>
  );
}

function ImportErrors({ errors, more }: { errors: ImportError[]; more: number }) {
  const t = useT();
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => ref.current?.focus(), [errors]);
  return (
    <div className="error-summary" role="alert" tabIndex={-1} ref={ref} aria-labelledby="import-errors-title">
      <h2 id="import-errors-title" className="error-summary__title">
        {t('dataImport.errorsTitle')}
      </h2>
      <p>{t('dataImport.errorsIntro', { count: errors.length + more })}</p>
      <ScrollRegion label={t('dataImport.errorsTable')}>
        <table className="table" id="import-errors">
          <caption className="visually-hidden">{t('dataImport.errorsTable')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('dataImport.colLine')}</th>
              <th scope="col">{t('dataImport.colColumn')}</th>
              <th scope="col">{t('dataImport.colReason')}</th>
            </tr>
          </thead>
          <tbody>
            {errors.map((e, i) => (
              <tr key={i}>
                <td>{e.line}</td>
                <td>{e.column === null ? t('dataImport.wholeRow') : <code>{e.column}</code>}</td>
                <td>{t(`dataImport.errors.${e.code}` as MessageKey, e.params)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollRegion>
      {more > 0 ? <p id="import-errors-more">{t('dataImport.errorsMore', { count: more })}</p> : null}
    </div>
  );
}

function ReplaceForm({ matches, token }: { matches: AppMadeMatch[]; token: string }) {
  const t = useT();
  const navigation = useNavigation();
  const yesNo = (value: boolean) => (value ? t('dataImport.yes') : t('dataImport.no'));
  const replaceable = (m: AppMadeMatch) =>
    m.rule === 'replaceable'
      ? t('dataImport.replaceableYes')
      : m.rule === 'frozen'
        ? t('dataImport.replaceableFrozen')
        : t('dataImport.replaceableUnderReview');
  return (
    <section aria-labelledby="import-replace-title">
      <h2 id="import-replace-title">{t('dataImport.replaceTitle')}</h2>
      <p>{t('dataImport.replaceIntro')}</p>
      {matches.some((m) => m.rule !== 'replaceable') ? <Notice tone="warning">{t('dataImport.replaceNever')}</Notice> : null}
      <Form method="post" className="form">
        <input type="hidden" name="token" value={token} />
        <ScrollRegion label={t('dataImport.replaceTable')}>
          <table className="table" id="import-replace">
            <caption className="visually-hidden">{t('dataImport.replaceTable')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('dataImport.colReplace')}</th>
                <th scope="col">{t('dataImport.colLine')}</th>
                <th scope="col">{t('dataImport.colCaseNumber')}</th>
                <th scope="col">{t('dataImport.colTitle')}</th>
                <th scope="col">{t('dataImport.colStatus')}</th>
                <th scope="col">{t('dataImport.colFrozen')}</th>
                <th scope="col">{t('dataImport.colConfidential')}</th>
                <th scope="col">{t('dataImport.colBody')}</th>
                <th scope="col">{t('dataImport.colMeetingDate')}</th>
                <th scope="col">{t('dataImport.colAuthor')}</th>
                <th scope="col">{t('dataImport.colReplaceable')}</th>
              </tr>
            </thead>
            <tbody>
              {matches.map((m) => (
                <tr key={m.decisionId}>
                  <td>
                    {m.rule === 'replaceable' ? (
                      <input
                        type="checkbox"
                        name="replace"
                        value={`${m.decisionId}:${m.version}`}
                        id={`replace-${m.decisionId}`}
                        aria-label={t('dataImport.replaceLabel', { caseNumber: m.caseNumber })}
                      />
                    ) : null}
                  </td>
                  <td>{m.line}</td>
                  <td>{m.caseNumber}</td>
                  <td>{m.title ?? <em>{t('dataImport.confidentialTitle')}</em>}</td>
                  <td>{t(`status.${m.status}`)}</td>
                  <td>{yesNo(m.frozen)}</td>
                  <td>{yesNo(m.confidential)}</td>
                  <td>{m.body}</td>
                  <td>{formatDate(m.meetingDate)}</td>
                  <td>{m.author}</td>
                  <td>{replaceable(m)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
        <p className="field__hint">{t('dataImport.replaceKept')}</p>
        <div className="form__actions">
          <button type="submit" className="button" disabled={navigation.state === 'submitting'}>
            {t('dataImport.replaceSubmit')}
          </button>
        </div>
      </Form>
    </section>
  );
}

export default function ImportPage() {
  const { bodies, departments, columns, strategy } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const t = useT();
  const scored = strategy?.scored.map((p) => p.key) ?? [];
  const projects = strategy?.projects.map((p) => p.key) ?? [];
  const meaning = (column: string): string => {
    const key = `dataImport.columns.${column}` as MessageKey;
    if (column === 'body') return t(key, { names: bodies.join(', ') });
    if (column === 'department') return t(key, { names: departments.join(', ') });
    if (column === 'projects') return t(key, { keys: projects.join(', ') });
    return t(key);
  };
  return (
    <div className="page">
      <h1>{t('dataImport.title')}</h1>
      <p className="lead">{t('dataImport.intro')}</p>
      <p>{t('dataImport.allOrNothing')}</p>

      {result?.ok ? (
        <Notice>
          <strong>{t('dataImport.successTitle')}.</strong>{' '}
          <span id="import-result">{t('dataImport.result', { created: result.created, updated: result.updated })}</span>
          {result.replaced > 0 ? <> {t('dataImport.replacedResult', { replaced: result.replaced })}</> : null}
        </Notice>
      ) : null}
      {result && !result.ok && 'errors' in result ? <ImportErrors errors={result.errors} more={result.more} /> : null}
      {result && !result.ok && 'errors' in result && result.token && result.matches.length > 0 ? (
        <ReplaceForm matches={result.matches} token={result.token} />
      ) : null}

      <Form method="post" encType="multipart/form-data" className="form">
        <div className={`field${result && !result.ok && 'problem' in result ? ' field--error' : ''}`}>
          <label htmlFor="file" className="field__label">
            {t('dataImport.fileLabel')}
          </label>
          <p id="file-hint" className="field__hint">
            {t('dataImport.fileHint', { size: MAX_MB, rows: IMPORT_CAPS.rows })}
          </p>
          {result && !result.ok && 'problem' in result ? (
            <p id="file-error" className="field__error">
              {t(`dataImport.errors.${result.problem}`, { size: MAX_MB, max: result.problem === 'tooManyColumns' ? IMPORT_CAPS.columns : IMPORT_CAPS.rows })}
            </p>
          ) : null}
          <input
            id="file"
            name="file"
            type="file"
            accept=".csv,text/csv"
            required
            className="input"
            aria-describedby={result && !result.ok && 'problem' in result ? 'file-hint file-error' : 'file-hint'}
            aria-invalid={result && !result.ok && 'problem' in result ? true : undefined}
          />
        </div>
        <div className="form__actions">
          <button type="submit" className="button" disabled={navigation.state === 'submitting'}>
            {t('dataImport.submit')}
          </button>
        </div>
      </Form>

      <h2>{t('dataImport.columnsTitle')}</h2>
      <p>{t('dataImport.columnsIntro')}</p>
      <ScrollRegion label={t('dataImport.columnsTitle')}>
        <table className="table">
          <caption className="visually-hidden">{t('dataImport.columnsTitle')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('dataImport.colName')}</th>
              <th scope="col">{t('dataImport.colRequired')}</th>
              <th scope="col">{t('dataImport.colMeaning')}</th>
            </tr>
          </thead>
          <tbody>
            {columns.map((column) => (
              <tr key={column.name}>
                <th scope="row">
                  <code>{column.name}</code>
                </th>
                <td>{column.required ? t('dataImport.yes') : t('dataImport.no')}</td>
                <td>{meaning(column.name)}</td>
              </tr>
            ))}
            <tr>
              <th scope="row">
                <code>score:&lt;key&gt;</code>
              </th>
              <td>{t('dataImport.yes')}</td>
              <td>{meaning('score')}</td>
            </tr>
            <tr>
              <th scope="row">
                <code>reason:&lt;key&gt;</code>
              </th>
              <td>{t('dataImport.no')}</td>
              <td>{meaning('reason')}</td>
            </tr>
          </tbody>
        </table>
      </ScrollRegion>

      {strategy ? (
        <>
          <h2>{t('dataImport.principlesTitle')}</h2>
          <p>{t('dataImport.principlesIntro', { name: strategy.name })}</p>
          <ScrollRegion label={t('dataImport.principlesTitle')}>
            <table className="table">
              <caption className="visually-hidden">{t('dataImport.principlesTitle')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('dataImport.colKey')}</th>
                  <th scope="col">{t('dataImport.colPrinciple')}</th>
                </tr>
              </thead>
              <tbody>
                {strategy.scored.map((p) => (
                  <tr key={p.key}>
                    <td>
                      <code>{p.key}</code>
                    </td>
                    <td>{p.title}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollRegion>
          <h2>{t('dataImport.exampleTitle')}</h2>
          <p>{t('dataImport.exampleIntro')}</p>
          <ExampleFile scored={scored} projects={projects} />
        </>
      ) : (
        <Notice tone="warning">{t('dataImport.noStrategy')}</Notice>
      )}
    </div>
  );
}

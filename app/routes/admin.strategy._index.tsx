import type { LinksFunction, ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data, redirect } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { ScrollRegion } from '~/components/ui';
import { FrameworkProblems } from '~/components/framework-problems';
import { formatDate, todayInHelsinki } from '~/domain/dates';
import { type FrameworkProblem, parseFrameworkText } from '~/domain/framework';
import { copyVersion, importVersion, listVersions } from '~/models/framework-admin.server';
import { requireRole } from '~/models/auth.server';
import { refusal, requireId } from '~/utils/http.server';
import { useT } from '~/utils/i18n';
import { serverTranslator } from '~/utils/language.server';
import { withNotice } from '~/utils/notice';
import styles from '~/styles/strategy-admin.css';
import { intentOf, isMultipart, readForm, readUpload } from '~/utils/form.server';

const MAX_KB = 1024;

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: styles }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title ?? ''} – Linssi` }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, 'admin');
  return {
    title: serverTranslator(request, user)('strategyAdmin.title'),
    versions: await listVersions(todayInHelsinki()),
  };
}

type ActionResult = { problems: FrameworkProblem[] };

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireRole(request, 'admin');
  if (!isMultipart(request)) {
    // The copy buttons: a plain form.
    const form = await readForm(request);
    intentOf(form, ['copy']);
    const result = await copyVersion(requireId(String(form.get('versionId') ?? '')), user, todayInHelsinki());
    if (!result.ok) {
      if (result.reason === 'invalid') return data<ActionResult>({ problems: result.problems }, { status: 400 });
      throw refusal(result.reason === 'stale' ? 'conflict' : result.reason);
    }
    return redirect(withNotice(`/admin/strategy/${result.value}`, 'strategyCopied'));
  }
  const upload = await readUpload(request, { file: 'file', maxBytes: MAX_KB * 1024 });
  if (!upload.ok) {
    if (upload.problem === 'tooLarge') return data<ActionResult>({ problems: [{ code: 'tooLarge' }] }, { status: 413 });
    return data<ActionResult>({ problems: [{ code: 'jsonSyntax' }] }, { status: 400 });
  }
  const file = upload.file;
  if (!file) return data<ActionResult>({ problems: [{ code: 'noFile' }] }, { status: 400 });
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(await file.arrayBuffer());
  } catch {
    return data<ActionResult>({ problems: [{ code: 'jsonSyntax' }] }, { status: 400 });
  }
  const parsed = parseFrameworkText(text);
  if (!parsed.ok) return data<ActionResult>({ problems: parsed.problems }, { status: 400 });
  const imported = await importVersion(parsed.file, user);
  return redirect(withNotice(`/admin/strategy/${imported.id}`, imported.renamedFrom ? 'strategyImportedRenamed' : 'strategyImported'));
}

export default function FrameworkVersions() {
  const { versions } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === 'submitting';
  const t = useT();
  return (
    <div className="page">
      <h1>{t('strategyAdmin.title')}</h1>
      <p className="lead">{t('strategyAdmin.intro')}</p>
      {result?.problems ? <FrameworkProblems title={t('strategyAdmin.importFailed')} problems={result.problems} /> : null}
      <h2>{t('strategyAdmin.versionsTitle')}</h2>
      <ScrollRegion label={t('strategyAdmin.versionsTitle')}>
        <table className="table" id="strategy-versions">
          <thead>
            <tr>
              <th scope="col">{t('strategyAdmin.colVersion')}</th>
              <th scope="col">{t('strategyAdmin.colStatus')}</th>
              <th scope="col">{t('strategyAdmin.colValidity')}</th>
              <th scope="col" className="num">
                {t('strategyAdmin.colPrinciples')}
              </th>
              <th scope="col" className="num">
                {t('strategyAdmin.colAssessments')}
              </th>
              <th scope="col">{t('strategyAdmin.colActions')}</th>
            </tr>
          </thead>
          <tbody>
            {versions.map((v) => (
              <tr key={v.id}>
                <td>
                  <Link to={`/admin/strategy/${v.id}`} aria-label={t('strategyAdmin.openVersion', { name: v.name })}>
                    {v.name}
                  </Link>
                  <br />
                  <code>{v.key}</code>
                </td>
                <td>
                  {v.status === 'draft' ? t('strategyAdmin.statusDraft') : t('strategyAdmin.statusActive')}
                  {v.inForceToday ? (
                    <>
                      <br />
                      <strong>{t('strategyAdmin.inForceToday')}</strong>
                    </>
                  ) : null}
                </td>
                <td>
                  {v.inForceUntil
                    ? t('strategyAdmin.validRange', { from: formatDate(v.validFrom), to: formatDate(v.inForceUntil) })
                    : t('strategyAdmin.validFromOnly', { from: formatDate(v.validFrom) })}
                  {v.validTo && !v.inForceUntil ? (
                    <>
                      <br />
                      <span className="muted">{t('strategyAdmin.plannedUntil', { date: formatDate(v.validTo) })}</span>
                    </>
                  ) : null}
                </td>
                <td className="num">{v.principles}</td>
                <td className="num">{v.assessments}</td>
                <td>
                  <Form method="post" className="inline-form">
                    <input type="hidden" name="versionId" value={v.id} />
                    <button
                      type="submit"
                      name="intent"
                      value="copy"
                      className="button button--secondary button--small"
                      disabled={busy}
                      aria-label={t('strategyAdmin.copyNamed', { name: v.name })}
                    >
                      {t('strategyAdmin.copy')}
                    </button>
                  </Form>
                  <a href={`/admin/strategy/${v.id}/export`} download aria-label={t('strategyAdmin.exportNamed', { name: v.name })}>
                    {t('strategyAdmin.export')}
                  </a>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollRegion>

      <section aria-labelledby="import-title" className="section">
        <h2 id="import-title">{t('strategyAdmin.importTitle')}</h2>
        <p>{t('strategyAdmin.importIntro')}</p>
        <Form method="post" encType="multipart/form-data" className="form" id="strategy-import">
          <div className="field">
            <label htmlFor="file" className="field__label">
              {t('strategyAdmin.importFile')}
            </label>
            <p id="file-hint" className="field__hint">
              {t('strategyAdmin.importHint', { size: MAX_KB })}
            </p>
            <input id="file" name="file" type="file" accept="application/json,.json" required aria-describedby="file-hint" />
          </div>
          <button type="submit" className="button" disabled={busy}>
            {t('strategyAdmin.importSubmit')}
          </button>
        </Form>
      </section>
    </div>
  );
}

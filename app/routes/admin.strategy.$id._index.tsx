import type { LinksFunction, ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data, redirect } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { ErrorSummary, TextField } from '~/components/forms';
import { FrameworkProblems, useProblemText } from '~/components/framework-problems';
import { Notice } from '~/components/ui';
import { formatDate, formatDateTime } from '~/domain/dates';
import type { FrameworkProblem } from '~/domain/framework';
import { VERSION_FIELDS, formValues, versionMetaSchema } from '~/domain/framework-form';
import { type FieldErrors, fieldErrorsOf, text } from '~/domain/validation';
import {
  type Change,
  activateVersion,
  activationProblems,
  deleteDraft,
  getEditableVersion,
  move,
  removeDimension,
  removePrinciple,
  updateVersionMeta,
} from '~/models/framework-admin.server';
import { requireRole } from '~/models/auth.server';
import { notFound, refusal, requireId } from '~/utils/http.server';
import { useT } from '~/utils/i18n';
import { type NoticeName, withNotice } from '~/utils/notice';
import styles from '~/styles/strategy-admin.css';
import { intentOf, readForm } from '~/utils/form.server';

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: styles }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.version.name ?? ''} – Linssi` }];

/** A question asked before a change that cannot be undone: ?confirm=activate, delete, dimension-<id>, principle-<id>. */
function confirmOf(request: Request) {
  const value = new URL(request.url).searchParams.get('confirm') ?? '';
  if (value === 'activate' || value === 'delete') return { kind: value } as const;
  const match = /^(dimension|principle)-(\d{1,9})$/.exec(value);
  return match ? ({ kind: match[1] as 'dimension' | 'principle', id: Number(match[2]) } as const) : null;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireRole(request, 'admin');
  const version = await getEditableVersion(requireId(params.id));
  if (!version) throw notFound();
  const problems = version.status === 'draft' ? await activationProblems(version) : [];
  return { version, problems, confirm: version.status === 'draft' ? confirmOf(request) : null };
}

type ActionResult =
  { form: 'details'; errors: FieldErrors; values: Record<string, string>; stale?: boolean } | { form: 'activate'; problems: FrameworkProblem[] };

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireRole(request, 'admin');
  const versionId = requireId(params.id);
  const form = await readForm(request);
  const intent = intentOf(form, ['details', 'activate', 'delete', 'remove-dimension', 'remove-principle', 'move']);
  const back = (notice: NoticeName) => redirect(withNotice(`/admin/strategy/${versionId}`, notice));
  const refused = (result: Change<unknown>) => {
    if (result.ok) return null;
    if (result.reason === 'invalid') return result.problems;
    // Moves and removals start from what the page showed; if it changed, the page shows it anew.
    if (result.reason === 'stale') throw redirect(`/admin/strategy/${versionId}`);
    throw refusal(result.reason);
  };
  switch (intent) {
    case 'details': {
      const values = formValues(form, VERSION_FIELDS);
      const parsed = versionMetaSchema.safeParse(values);
      if (!parsed.success) return data<ActionResult>({ form: 'details', errors: fieldErrorsOf(parsed.error), values }, { status: 400 });
      const change = await updateVersionMeta(versionId, parsed.data, user, form.has('updatedAt') ? text(form, 'updatedAt') : undefined);
      // Changed by someone else since the form was drawn: the typed values stay, with the newer version beside them.
      if (!change.ok && change.reason === 'stale') return data<ActionResult>({ form: 'details', errors: {}, values, stale: true }, { status: 409 });
      const problems = refused(change);
      if (problems) {
        const errors: FieldErrors = Object.fromEntries(problems.map((p) => [p.field ?? 'key', { code: p.code === 'keyTaken' ? 'keyTaken' : 'invalidChoice' }]));
        return data<ActionResult>({ form: 'details', errors, values }, { status: 400 });
      }
      return back('strategySaved');
    }
    case 'activate': {
      const problems = refused(await activateVersion(versionId, user));
      if (problems) return data<ActionResult>({ form: 'activate', problems }, { status: 400 });
      return back('strategyActivated');
    }
    case 'delete': {
      refused(await deleteDraft(versionId, user));
      return redirect(withNotice('/admin/strategy', 'strategyDeleted'));
    }
    case 'remove-dimension':
      refused(await removeDimension(versionId, requireId(text(form, 'id')), user));
      return back('strategyRemoved');
    case 'remove-principle':
      refused(await removePrinciple(versionId, requireId(text(form, 'id')), user));
      return back('strategyRemoved');
    case 'move': {
      const what = text(form, 'what') === 'dimension' ? 'dimension' : 'principle';
      const direction = text(form, 'direction') === 'up' ? 'up' : 'down';
      refused(await move(versionId, what, requireId(text(form, 'id')), direction, user));
      // Back to the moved item, so that keyboard users keep their place.
      return redirect(`/admin/strategy/${versionId}#${what}-${text(form, 'id').replace(/\D/g, '')}`);
    }
  }
}

function MoveButtons({ what, id, name, first, last }: { what: 'dimension' | 'principle'; id: number; name: string; first: boolean; last: boolean }) {
  const t = useT();
  return (
    <Form method="post" className="inline-form">
      <input type="hidden" name="intent" value="move" />
      <input type="hidden" name="what" value={what} />
      <input type="hidden" name="id" value={id} />
      {!first ? (
        <button
          type="submit"
          name="direction"
          value="up"
          className="button button--secondary button--small"
          aria-label={t('strategyAdmin.moveUpNamed', { name })}
        >
          ↑ {t('strategyAdmin.moveUp')}
        </button>
      ) : null}
      {!last ? (
        <button
          type="submit"
          name="direction"
          value="down"
          className="button button--secondary button--small"
          aria-label={t('strategyAdmin.moveDownNamed', { name })}
        >
          ↓ {t('strategyAdmin.moveDown')}
        </button>
      ) : null}
    </Form>
  );
}

function Confirm() {
  const { version, confirm } = useLoaderData<typeof loader>();
  const t = useT();
  if (!confirm) return null;
  let question = '';
  let intent = '';
  let id: number | null = null;
  if (confirm.kind === 'activate') {
    question = t('strategyAdmin.confirmActivate', { name: version.name, date: formatDate(version.validFrom) });
    intent = 'activate';
  } else if (confirm.kind === 'delete') {
    question = t('strategyAdmin.confirmDelete', { name: version.name });
    intent = 'delete';
  } else if (confirm.kind === 'dimension') {
    const d = version.dimensions.find((x) => x.id === confirm.id);
    if (!d) return null;
    question = t('strategyAdmin.confirmRemoveDimension', { name: d.name, count: d.principles.length });
    intent = 'remove-dimension';
    id = d.id;
  } else {
    const p = version.dimensions.flatMap((d) => d.principles).find((x) => x.id === confirm.id);
    if (!p) return null;
    question = t('strategyAdmin.confirmRemovePrinciple', { name: p.title });
    intent = 'remove-principle';
    id = p.id;
  }
  return (
    <section className="notice notice--warning confirm" aria-labelledby="confirm-title" role="alertdialog" aria-describedby="confirm-question">
      <h2 id="confirm-title">{t('strategyAdmin.confirmTitle')}</h2>
      <p id="confirm-question">{question}</p>
      <Form method="post" className="inline-form">
        <input type="hidden" name="intent" value={intent} />
        {id !== null ? <input type="hidden" name="id" value={id} /> : null}
        {/* The confirmation is the page's one question, shown after the user asked for it: focus goes to its answer. */}
        {/* eslint-disable-next-line jsx-a11y/no-autofocus */}
        <button type="submit" className="button" autoFocus>
          {t('strategyAdmin.confirmYes')}
        </button>{' '}
        <Link to={`/admin/strategy/${version.id}`} className="button button--secondary">
          {t('strategyAdmin.cancel')}
        </Link>
      </Form>
    </section>
  );
}

export default function FrameworkVersionPage() {
  const { version, problems } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === 'submitting';
  const t = useT();
  const draft = version.status === 'draft';
  const details = result?.form === 'details' ? result : null;
  const value = (name: (typeof VERSION_FIELDS)[number], saved: string | null | undefined) => (details ? details.values[name] : (saved ?? ''));
  const errors = details?.errors ?? {};
  const base = `/admin/strategy/${version.id}`;
  return (
    <div className="page">
      <p className="breadcrumb">
        <Link to="/admin/strategy">← {t('strategyAdmin.title')}</Link>
      </p>
      <h1>
        {version.name}
        <span className="h1-sub">
          {draft ? t('strategyAdmin.statusDraft') : t('strategyAdmin.statusActive')} · <code>{version.key}</code>
        </span>
      </h1>
      {version.basedOn ? <p>{t('strategyAdmin.basedOn', { name: version.basedOn.name })}</p> : null}
      {version.activatedAt ? <p>{t('strategyAdmin.activatedAt', { date: formatDateTime(version.activatedAt) })}</p> : null}
      <p className="actions-row">
        <Link to={`${base}/preview`} className="button button--secondary">
          {t('strategyAdmin.preview')}
        </Link>{' '}
        <a href={`${base}/export`} download className="button button--secondary">
          {t('strategyAdmin.export')}
        </a>
      </p>
      <Confirm />
      {result?.form === 'activate' ? <FrameworkProblems title={t('strategyAdmin.activateBlocked')} problems={result.problems} /> : null}
      {!draft ? <Notice tone="info">{t('strategyAdmin.readOnly')}</Notice> : null}

      <section aria-labelledby="details-title" className="section">
        <h2 id="details-title">{t('strategyAdmin.detailsTitle')}</h2>
        {draft ? (
          <Form method="post" className="form" noValidate key={version.updatedAt ?? ''}>
            <input type="hidden" name="intent" value="details" />
            <input type="hidden" name="updatedAt" value={version.updatedAt ?? ''} />
            {details?.stale ? <Notice tone="warning">{t('strategyAdmin.stale')}</Notice> : null}
            <ErrorSummary
              items={Object.entries(errors).map(([name, error]) => ({
                target: name,
                label: t(`strategyAdmin.${name === 'key' ? 'versionKey' : name === 'name' ? 'versionName' : (name as 'validFrom')}`),
                error,
              }))}
              focusKey={details}
            />
            <TextField
              id="name"
              name="name"
              label={t('strategyAdmin.versionName')}
              defaultValue={value('name', version.name)}
              error={errors.name}
              maxLength={300}
              required
            />
            <TextField
              id="key"
              name="key"
              label={t('strategyAdmin.versionKey')}
              hint={t('strategyAdmin.keyHint')}
              defaultValue={value('key', version.key)}
              error={errors.key}
              maxLength={64}
              required
            />
            <TextField
              id="approvedBy"
              name="approvedBy"
              label={t('strategyAdmin.approvedBy')}
              hint={t('strategyAdmin.approvedByHint')}
              defaultValue={value('approvedBy', version.approvedBy)}
              error={errors.approvedBy}
              maxLength={200}
              optional
            />
            <TextField
              id="approvedOn"
              name="approvedOn"
              label={t('strategyAdmin.approvedOn')}
              hint={t('strategyAdmin.dateHint')}
              defaultValue={value('approvedOn', formatDate(version.approvedOn))}
              error={errors.approvedOn}
              className="input input--short"
              optional
            />
            <TextField
              id="validFrom"
              name="validFrom"
              label={t('strategyAdmin.validFrom')}
              hint={`${t('strategyAdmin.validFromHint')} ${t('strategyAdmin.dateHint')}`}
              defaultValue={value('validFrom', formatDate(version.validFrom))}
              error={errors.validFrom}
              className="input input--short"
              required
            />
            <TextField
              id="validTo"
              name="validTo"
              label={t('strategyAdmin.validTo')}
              hint={`${t('strategyAdmin.validToHint')} ${t('strategyAdmin.dateHint')}`}
              defaultValue={value('validTo', formatDate(version.validTo))}
              error={errors.validTo}
              className="input input--short"
              optional
            />
            <TextField
              id="visionName"
              name="visionName"
              label={t('strategyAdmin.visionName')}
              defaultValue={value('visionName', version.metadata.visionName)}
              error={errors.visionName}
              maxLength={200}
              optional
            />
            <button type="submit" className="button" disabled={busy}>
              {t('strategyAdmin.saveDetails')}
            </button>
          </Form>
        ) : (
          <dl className="meta-list">
            <dt>{t('strategyAdmin.approvedBy')}</dt>
            <dd>{version.approvedBy ?? '–'}</dd>
            <dt>{t('strategyAdmin.approvedOn')}</dt>
            <dd>{formatDate(version.approvedOn) || '–'}</dd>
            <dt>{t('strategyAdmin.validFrom')}</dt>
            <dd>{formatDate(version.validFrom)}</dd>
            <dt>{t('strategyAdmin.validTo')}</dt>
            <dd>{formatDate(version.validTo) || '–'}</dd>
          </dl>
        )}
      </section>

      <section aria-labelledby="structure-title" className="section">
        <h2 id="structure-title">{t('strategyAdmin.structureTitle')}</h2>
        {version.dimensions.map((d, di) => (
          <section key={d.id} id={`dimension-${d.id}`} className="card strategy-dimension" aria-labelledby={`dimension-title-${d.id}`}>
            <h3 id={`dimension-title-${d.id}`}>{d.name}</h3>
            <p className="muted">
              {d.kind === 'scored' ? t('strategyAdmin.kindScored') : t('strategyAdmin.kindLinked')} · {t('strategyAdmin.keyLabel', { key: d.key })}
            </p>
            {d.question ? (
              <p>
                <strong>{t('strategyAdmin.dimensionQuestion')}:</strong> {d.question}
              </p>
            ) : null}
            {d.evaluationQuestions.length > 0 ? (
              <>
                <p className="principle__questions-title">{t('strategyAdmin.evaluationQuestions')}:</p>
                <ul>
                  {d.evaluationQuestions.map((q) => (
                    <li key={q}>{q}</li>
                  ))}
                </ul>
              </>
            ) : null}
            {draft ? (
              <div className="actions-row">
                <Link
                  to={`${base}/dimensions/${d.id}`}
                  className="button button--secondary button--small"
                  aria-label={t('strategyAdmin.editNamed', { name: d.name })}
                >
                  {t('strategyAdmin.edit')}
                </Link>
                <MoveButtons what="dimension" id={d.id} name={d.name} first={di === 0} last={di === version.dimensions.length - 1} />
                <Link
                  to={`${base}?confirm=dimension-${d.id}#confirm-title`}
                  className="button button--secondary button--small"
                  aria-label={t('strategyAdmin.removeNamed', { name: d.name })}
                >
                  {t('strategyAdmin.remove')}
                </Link>
              </div>
            ) : null}
            {d.principles.length === 0 ? <p>{t('strategyAdmin.noPrinciplesYet')}</p> : null}
            <ol className="strategy-principles">
              {d.principles.map((p, pi) => (
                <li key={p.id} id={`principle-${p.id}`}>
                  <p>
                    <strong>{p.title}</strong>{' '}
                    <span className="muted">
                      ({t('strategyAdmin.keyLabel', { key: p.key })}
                      {p.keyFixed && draft ? `, ${t('strategyAdmin.fixedKey')}` : ''})
                    </span>
                  </p>
                  {p.description ? <p>{p.description}</p> : null}
                  {p.guidingQuestions.length > 0 ? (
                    <details>
                      <summary>
                        {t('strategyAdmin.guidingQuestions')} ({p.guidingQuestions.length})
                      </summary>
                      <ul>
                        {p.guidingQuestions.map((q) => (
                          <li key={q}>{q}</li>
                        ))}
                      </ul>
                    </details>
                  ) : null}
                  {draft ? (
                    <div className="actions-row">
                      <Link
                        to={`${base}/principles/${p.id}`}
                        className="button button--secondary button--small"
                        aria-label={t('strategyAdmin.editNamed', { name: p.title })}
                      >
                        {t('strategyAdmin.edit')}
                      </Link>
                      <MoveButtons what="principle" id={p.id} name={p.title} first={pi === 0} last={pi === d.principles.length - 1} />
                      <Link
                        to={`${base}?confirm=principle-${p.id}#confirm-title`}
                        className="button button--secondary button--small"
                        aria-label={t('strategyAdmin.removeNamed', { name: p.title })}
                      >
                        {t('strategyAdmin.remove')}
                      </Link>
                    </div>
                  ) : null}
                </li>
              ))}
            </ol>
            {draft ? (
              <p>
                <Link to={`${base}/principles/new?dimension=${d.id}`} className="button button--secondary">
                  + {t('strategyAdmin.addPrincipleTo', { name: d.name })}
                </Link>
              </p>
            ) : null}
          </section>
        ))}
        {draft ? (
          <p>
            <Link to={`${base}/dimensions/new`} className="button button--secondary">
              + {t('strategyAdmin.addDimension')}
            </Link>
          </p>
        ) : null}
      </section>

      {draft ? (
        <section aria-labelledby="activate-title" className="section">
          <h2 id="activate-title">{t('strategyAdmin.activateTitle')}</h2>
          <p>{t('strategyAdmin.activateIntro', { date: formatDate(version.validFrom) })}</p>
          {problems.length > 0 && result?.form !== 'activate' ? <ProblemList problems={problems} /> : null}
          <p className="actions-row">
            <Link to={`${base}?confirm=activate#confirm-title`} className="button">
              {t('strategyAdmin.activate')}
            </Link>{' '}
            <Link to={`${base}?confirm=delete#confirm-title`} className="button button--secondary">
              {t('strategyAdmin.deleteDraft')}
            </Link>
          </p>
        </section>
      ) : null}
    </div>
  );
}

function ProblemList({ problems }: { problems: FrameworkProblem[] }) {
  const t = useT();
  return (
    <div className="notice notice--warning">
      <p>{t('strategyAdmin.activateBlocked')}</p>
      <ProblemItems problems={problems} />
    </div>
  );
}

function ProblemItems({ problems }: { problems: FrameworkProblem[] }) {
  const text = useProblemText();
  return (
    <ul>
      {problems.map((p, i) => (
        <li key={i}>{text(p)}</li>
      ))}
    </ul>
  );
}

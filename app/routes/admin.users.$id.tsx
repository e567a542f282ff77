import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data, redirect } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { useEffect, useRef } from 'react';
import { ErrorSummary } from '~/components/forms';
import { Notice } from '~/components/ui';
import { formatDateTime } from '~/domain/dates';
import { type UserFormValues, peopleErrorsOf, readUserForm, userEditSchema } from '~/domain/people';
import type { FieldErrors } from '~/domain/validation';
import { listDepartments } from '~/models/organisation.server';
import { authoredDecisions, getUserForAdmin, resetPasswordByAdmin, setUserActiveByAdmin, updateUserByAdmin } from '~/models/user.server';
import peopleStyles from '~/styles/people.css';
import { requireRole } from '~/models/auth.server';
import { notFound, requireId } from '~/utils/http.server';
import { useT } from '~/utils/i18n';
import { withNotice } from '~/utils/notice';
import { PLACES_NOTICE, useNoticeAfterRedirect } from '~/components/notice';
import { TemporaryPassword, UserFields, useUserSummary } from '~/components/people-form';
import { badRequest, intentOf, readForm } from '~/utils/form.server';

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: peopleStyles }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.user.displayName ?? ''} – Linssi` }];

/** The notice after a save is shown here, and not above a refused form's errors. */
export const handle = PLACES_NOTICE;

const CONFIRMS = ['reset', 'deactivate'] as const;
type Confirm = (typeof CONFIRMS)[number];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const admin = await requireRole(request, 'admin');
  const user = await getUserForAdmin(requireId(params.id));
  if (!user) throw notFound();
  const search = new URL(request.url).searchParams;
  const confirm = search.get('confirm');
  const [departments, decisions] = await Promise.all([listDepartments(), authoredDecisions(user.id)]);
  return {
    user,
    isSelf: user.id === admin.id,
    departments,
    decisions,
    confirm: (CONFIRMS as readonly string[]).includes(confirm ?? '') ? (confirm as Confirm) : null,
  };
}

type Refusal = 'people.deactivateSelf' | 'errors.lastAdmin' | 'people.resetInactive' | 'people.resetSelf';
interface ActionResult {
  values: UserFormValues | null;
  errors: FieldErrors;
  password: string | null;
  refusal: Refusal | null;
}
const result = (r: Partial<ActionResult>): ActionResult => ({ values: null, errors: {}, password: null, refusal: null, ...r });

export async function action({ request, params }: ActionFunctionArgs) {
  const admin = await requireRole(request, 'admin');
  const id = requireId(params.id);
  const formData = await readForm(request);
  const intent = intentOf(formData, ['save', 'resetPassword', 'deactivate', 'reactivate']);
  const here = `/admin/users/${id}`;
  if (intent === 'save') {
    const values = readUserForm(formData);
    const parsed = userEditSchema.safeParse(values);
    if (!parsed.success) return data(result({ values, errors: peopleErrorsOf(parsed.error) }), { status: 400 });
    const saved = await updateUserByAdmin(admin.id, id, parsed.data);
    if (!saved) throw notFound();
    if (!saved.ok) return data(result({ values, errors: saved.errors }), { status: 400 });
    // An admin who gave up their own admin role may no longer see this page.
    if (id === admin.id && !parsed.data.roles.includes('admin')) throw redirect('/');
    throw redirect(withNotice(here, saved.value.changed ? 'userSaved' : 'userUnchanged'));
  }
  if (intent === 'resetPassword') {
    // One's own password is changed at /password (with the current one); a reset here would end this very session.
    if (id === admin.id) return data(result({ refusal: 'people.resetSelf' }), { status: 409 });
    const reset = await resetPasswordByAdmin(admin.id, id);
    if (reset === 'not_found') throw notFound();
    if (reset === 'inactive') return data(result({ refusal: 'people.resetInactive' }), { status: 409 });
    return data(result({ password: reset.password }), { headers: { 'Cache-Control': 'no-store' } });
  }
  if (intent === 'deactivate' || intent === 'reactivate') {
    const outcome = await setUserActiveByAdmin(admin.id, id, intent === 'reactivate');
    if (outcome === 'not_found') throw notFound();
    if (outcome === 'self') return data(result({ refusal: 'people.deactivateSelf' }), { status: 409 });
    if (outcome === 'last_admin') return data(result({ refusal: 'errors.lastAdmin' }), { status: 409 });
    throw redirect(withNotice(here, intent === 'reactivate' ? 'userReactivated' : 'userDeactivated'));
  }
  throw badRequest('unknown intent');
}

export default function UserPage() {
  const { user, isSelf, departments, decisions, confirm } = useLoaderData<typeof loader>();
  const notice = useNoticeAfterRedirect();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const t = useT();
  const busy = navigation.state === 'submitting';
  const values: UserFormValues = actionData?.values ?? {
    username: user.username,
    displayName: user.displayName,
    email: user.email ?? '',
    roles: user.roles,
    memberOf: user.memberOf.map(String),
    leads: user.leads.map(String),
  };
  const errors = actionData?.errors;
  const summary = useUserSummary(errors, departments);
  const self = `/admin/users/${user.id}`;
  return (
    <div className="page page--form">
      <p className="breadcrumb">
        <Link to="/admin/users">{t('people.back')}</Link>
      </p>
      <h1>{user.displayName}</h1>
      {notice && !actionData ? <Notice>{t(notice.key)}</Notice> : null}
      {actionData?.refusal ? <Notice tone="warning">{t(actionData.refusal)}</Notice> : null}
      {actionData?.password ? <PasswordReset password={actionData.password} /> : null}
      {!user.active ? <Notice tone="info">{t('people.inactiveNotice')}</Notice> : null}
      {user.active && user.mustChangePassword && !actionData?.password ? <Notice tone="info">{t('people.mustChangeNotice')}</Notice> : null}
      <dl className="people-facts">
        <dt>{t('people.username')}</dt>
        <dd>
          <code>{user.username}</code>
        </dd>
        <dt>{t('people.colStatus')}</dt>
        <dd>{user.active ? t('people.active') : t('people.inactive')}</dd>
        <dt>{t('people.created')}</dt>
        <dd>{formatDateTime(user.createdAt)}</dd>
        <dt>{t('people.updated')}</dt>
        <dd>{formatDateTime(user.updatedAt)}</dd>
      </dl>
      <p>
        <Link to={`/admin/audit?entity=${user.id}`}>{t('people.auditLink')}</Link>
      </p>

      <section className="people-section" aria-labelledby="details-title">
        <h2 id="details-title">{t('people.detailsTitle')}</h2>
        <ErrorSummary items={summary} focusKey={actionData} />
        <Form method="post" className="form" noValidate>
          <UserFields values={values} errors={errors} departments={departments} />
          <button type="submit" name="intent" value="save" className="button" disabled={busy}>
            {t('people.save')}
          </button>
        </Form>
      </section>

      {user.active ? (
        <section className="people-section" aria-labelledby="password-title">
          <h2 id="password-title">{t('people.passwordTitle')}</h2>
          <p>{t('people.resetIntro')}</p>
          {isSelf ? (
            <p>
              {t('people.resetSelf')} <Link to="/password">{t('app.changePassword')}</Link>
            </p>
          ) : confirm === 'reset' && !actionData?.password ? (
            <Confirmation
              title={t('people.resetConfirmTitle', { name: user.displayName })}
              text={t('people.resetConfirmText')}
              intent="resetPassword"
              submit={t('people.resetConfirm')}
              cancelTo={self}
              busy={busy}
            />
          ) : (
            <Link to={`${self}?confirm=reset`} className="button button--secondary" preventScrollReset>
              {t('people.resetStart')}
            </Link>
          )}
        </section>
      ) : null}

      <section className="people-section" aria-labelledby="status-title">
        <h2 id="status-title">{t('people.statusTitle')}</h2>
        {user.active ? (
          <>
            <p>{t('people.deactivateIntro', { count: decisions })}</p>
            {isSelf ? (
              <p>{t('people.deactivateSelf')}</p>
            ) : confirm === 'deactivate' && !actionData ? (
              <Confirmation
                title={t('people.deactivateConfirmTitle', { name: user.displayName })}
                text={t('people.deactivateConfirmText')}
                intent="deactivate"
                submit={t('people.deactivateConfirm')}
                cancelTo={self}
                busy={busy}
              />
            ) : (
              <Link to={`${self}?confirm=deactivate`} className="button button--secondary" preventScrollReset>
                {t('people.deactivateStart')}
              </Link>
            )}
          </>
        ) : (
          <>
            <p>{t('people.reactivateIntro')}</p>
            <Form method="post">
              <button type="submit" name="intent" value="reactivate" className="button" disabled={busy}>
                {t('people.reactivate')}
              </button>
            </Form>
          </>
        )}
      </section>
    </div>
  );
}

/** The second step of a destructive action: what will happen, the action named on the button, and a way back. */
function Confirmation({
  title,
  text,
  intent,
  submit,
  cancelTo,
  busy,
}: {
  title: string;
  text: string;
  intent: string;
  submit: string;
  cancelTo: string;
  busy: boolean;
}) {
  const t = useT();
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => box.current?.focus(), []);
  return (
    <div className="people-confirm" role="group" aria-labelledby={`confirm-${intent}`} tabIndex={-1} ref={box}>
      <h3 id={`confirm-${intent}`}>{title}</h3>
      <p>{text}</p>
      <Form method="post" action={cancelTo} className="form__actions">
        <button type="submit" name="intent" value={intent} className="button" disabled={busy}>
          {submit}
        </button>
        <Link to={cancelTo} className="button button--secondary" preventScrollReset>
          {t('people.cancel')}
        </Link>
      </Form>
    </div>
  );
}

function PasswordReset({ password }: { password: string }) {
  const t = useT();
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => box.current?.focus(), []);
  return (
    <div ref={box} tabIndex={-1}>
      <Notice>{t('people.resetDone')}</Notice>
      <TemporaryPassword password={password} />
    </div>
  );
}

import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { TemporaryPassword, UserFields, useUserSummary } from '~/components/people-form';
import { useEffect, useRef } from 'react';
import { ErrorSummary } from '~/components/forms';
import { Notice } from '~/components/ui';
import { type UserFormValues, peopleErrorsOf, readUserForm, userCreateSchema } from '~/domain/people';
import type { FieldErrors } from '~/domain/validation';
import { listDepartments } from '~/models/organisation.server';
import { createUserByAdmin, isUsernameTaken } from '~/models/user.server';
import peopleStyles from '~/styles/people.css';
import { requireRole } from '~/models/auth.server';
import { useT } from '~/utils/i18n';
import { serverTranslator } from '~/utils/language.server';
import { readForm } from '~/utils/form.server';

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: peopleStyles }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title ?? ''} – Linssi` }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, 'admin');
  return { title: serverTranslator(request, user)('people.newTitle'), departments: await listDepartments() };
}

/** The password is in the answer to the POST only: never in a URL, a log or the audit trail. */
const NO_STORE = { 'Cache-Control': 'no-store' };

export async function action({ request }: ActionFunctionArgs) {
  const admin = await requireRole(request, 'admin');
  const values = readUserForm(await readForm(request));
  const parsed = userCreateSchema.safeParse(values);
  if (!parsed.success) {
    const errors = peopleErrorsOf(parsed.error);
    // A taken username is told at once, with the other mistakes, not only after they are fixed.
    if (!errors.username && (await isUsernameTaken(values.username))) errors.username = { code: 'usernameTaken' };
    return data({ values, errors, created: null }, { status: 400 });
  }
  const result = await createUserByAdmin(admin.id, parsed.data);
  if (!result.ok) return data({ values, errors: result.errors, created: null }, { status: 400 });
  const created = { id: result.value.id, username: parsed.data.username, displayName: parsed.data.displayName, password: result.value.password };
  return data({ values: null, errors: {} as FieldErrors, created }, { headers: NO_STORE });
}

const EMPTY: UserFormValues = { username: '', displayName: '', email: '', roles: [], memberOf: [], leads: [] };

export default function NewUser() {
  const { departments } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const t = useT();
  const errors = result?.errors;
  const summary = useUserSummary(errors, departments);
  if (result?.created) return <Created {...result.created} />;
  const values = result?.values ?? EMPTY;
  return (
    <div className="page page--form">
      <p className="breadcrumb">
        <Link to="/admin/users">{t('people.back')}</Link>
      </p>
      <h1>{t('people.newTitle')}</h1>
      <p className="lead">{t('people.newIntro')}</p>
      <ErrorSummary items={summary} focusKey={result} />
      <Form method="post" className="form" noValidate>
        <UserFields values={values} errors={errors} departments={departments} withUsername />
        <div className="form__actions">
          <button type="submit" className="button" disabled={navigation.state === 'submitting'}>
            {t('people.create')}
          </button>
          <Link to="/admin/users" className="button button--secondary">
            {t('people.cancel')}
          </Link>
        </div>
      </Form>
    </div>
  );
}

function Created({ id, username, displayName, password }: { id: number; username: string; displayName: string; password: string }) {
  const t = useT();
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  return (
    <div className="page page--form">
      <p className="breadcrumb">
        <Link to="/admin/users">{t('people.back')}</Link>
      </p>
      <h1 ref={heading} tabIndex={-1}>
        {t('people.createdTitle')}
      </h1>
      <Notice>{t('people.createdText', { name: displayName, username })}</Notice>
      <TemporaryPassword password={password} />
      <p className="people-links">
        <Link to={`/admin/users/${id}`}>{t('people.toUser')}</Link>
        <Link to="/admin/users/new" reloadDocument>
          {t('people.addAnother')}
        </Link>
      </p>
    </div>
  );
}

import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data, redirect } from '@remix-run/node';
import { Form, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { ErrorSummary, FieldFrame, type SummaryItem, TextField } from '~/components/forms';
import { Notice } from '~/components/ui';
import {
  LOGO_MAX_BYTES,
  LOGO_MAX_KB,
  LOGO_MAX_SIDE,
  LOGO_TYPES,
  NAME_MAX,
  type UnitKind,
  checkLogo,
  logoDisplaySize,
  moveSchema,
  municipalityNameSchema,
  unitNameSchema,
  unitRefSchema,
} from '~/domain/organisation';
import { type FieldErrors, fieldErrorsOf, text } from '~/domain/validation';
import type { MessageKey } from '~/i18n';
import {
  type Unit,
  createUnit,
  getLogoMeta,
  getSetting,
  listUnits,
  moveUnit,
  removeLogo,
  renameUnit,
  setLogo,
  setMunicipalityName,
  setUnitActive,
} from '~/models/organisation.server';
import styles from '~/styles/organisation.css';
import { requireRole } from '~/models/auth.server';
import { notFound } from '~/utils/http.server';
import { useT } from '~/utils/i18n';
import { serverTranslator } from '~/utils/language.server';
import { type NoticeName, withNotice } from '~/utils/notice';
import { PLACES_NOTICE, useNoticeAfterRedirect } from '~/components/notice';
import { badRequest, intentOf, isMultipart, readForm, readUpload } from '~/utils/form.server';

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: styles }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title ?? ''} – Linssi` }];

const PATH = '/admin/organisation';

/** The notices of this page (ADR 019): each is shown in the section it belongs to, and names the body or department by its id. */
type Done = Extract<NoticeName, `${'name' | 'logo' | UnitKind}.${string}`>;

/** The section (and its anchor) each notice is shown in. */
const sectionOf = (done: NoticeName): string => done.split('.')[0]!;
const ANCHOR = { name: 'name', logo: 'logo-section', body: 'bodies', department: 'departments' } as const;

function done(what: Done, id?: number): never {
  throw redirect(withNotice(PATH, what, { id, hash: ANCHOR[sectionOf(what) as keyof typeof ANCHOR] }));
}

export const handle = PLACES_NOTICE;

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, 'admin');
  const [name, logo, bodies, departments] = await Promise.all([getSetting('municipality_name'), getLogoMeta(), listUnits('body'), listUnits('department')]);
  return {
    title: serverTranslator(request, user)('organisation.title'),
    name: name ?? '',
    logo: logo ? { ...logo, display: logoDisplaySize({ width: logo.width || 160, height: logo.height || 40 }) } : null,
    bodies,
    departments,
  };
}

/** What a refused form answers: which form, its errors by field name, and what was typed. */
interface Refused {
  form: string;
  errors: FieldErrors;
  values: { name?: string };
}
const refuse = (result: Refused, status = 400) => data(result, { status });

async function uploadLogo(request: Request, adminId: number) {
  const upload = await readUpload(request, { file: 'logo', maxBytes: LOGO_MAX_BYTES, fields: ['intent'] });
  if (!upload.ok) {
    if (upload.problem === 'tooLarge')
      return refuse({ form: 'logo', errors: { logo: { code: 'fileTooLarge', params: { max: LOGO_MAX_KB } } }, values: {} }, 413);
    return refuse({ form: 'logo', errors: { logo: { code: 'invalidFile' } }, values: {} });
  }
  intentOf(upload.form, ['logo']);
  const file = upload.file;
  if (!file) return refuse({ form: 'logo', errors: { logo: { code: 'required' } }, values: {} });
  const bytes = new Uint8Array(await file.arrayBuffer());
  const checked = checkLogo(bytes);
  if (!checked.ok) return refuse({ form: 'logo', errors: { logo: { code: checked.code, params: checked.params } }, values: {} });
  await setLogo(adminId, bytes, checked.type, checked.size);
  return done('logo.saved');
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireRole(request, 'admin');
  if (isMultipart(request)) return uploadLogo(request, user.id);
  const form = await readForm(request);
  const intent = intentOf(form, ['name', 'logo', 'logoRemove', 'create', 'rename', 'move', 'deactivate', 'reactivate']);
  switch (intent) {
    case 'name': {
      const values = { name: text(form, 'name') };
      const parsed = municipalityNameSchema.safeParse(values);
      if (!parsed.success) return refuse({ form: 'name', errors: fieldErrorsOf(parsed.error), values });
      await setMunicipalityName(user.id, parsed.data.name);
      return done('name.saved');
    }
    case 'logo':
      // The logo form without its file (a browser always sends it as multipart).
      return refuse({ form: 'logo', errors: { logo: { code: 'invalidFile' } }, values: {} });
    case 'logoRemove':
      // Nothing to remove (a second click, another tab): back to the page without a notice.
      if (!(await removeLogo(user.id))) throw redirect(`${PATH}#${ANCHOR.logo}`);
      return done('logo.removed');
    case 'create': {
      const kind = unitRefSchema.shape.kind.safeParse(text(form, 'kind'));
      if (!kind.success) throw badRequest();
      const values = { name: text(form, 'name') };
      const parsed = unitNameSchema.safeParse(values);
      const formKey = `create-${kind.data}`;
      if (!parsed.success) return refuse({ form: formKey, errors: fieldErrorsOf(parsed.error), values });
      const result = await createUnit(user.id, kind.data, parsed.data.name);
      if (!result.ok) return refuse({ form: formKey, errors: { name: { code: 'nameTaken' } }, values });
      return done(`${kind.data}.created`, result.id);
    }
    case 'rename': {
      const ref = unitRefSchema.safeParse({ kind: text(form, 'kind'), id: text(form, 'id') });
      if (!ref.success) throw badRequest();
      const { kind, id } = ref.data;
      const values = { name: text(form, 'name') };
      const parsed = unitNameSchema.safeParse(values);
      const formKey = `rename-${kind}-${id}`;
      if (!parsed.success) return refuse({ form: formKey, errors: fieldErrorsOf(parsed.error), values });
      const result = await renameUnit(user.id, kind, id, parsed.data.name);
      if (!result.ok) {
        if (result.reason === 'notFound') throw notFound();
        return refuse({ form: formKey, errors: { name: { code: 'nameTaken' } }, values });
      }
      return done(`${kind}.renamed`, id);
    }
    case 'move': {
      const parsed = moveSchema.safeParse({ kind: text(form, 'kind'), id: text(form, 'id'), direction: text(form, 'direction') });
      if (!parsed.success) throw badRequest();
      const { kind, id, direction } = parsed.data;
      if (!(await moveUnit(user.id, kind, id, direction))) throw notFound();
      return done(`${kind}.moved`, id);
    }
    case 'deactivate':
    case 'reactivate': {
      const parsed = unitRefSchema.safeParse({ kind: text(form, 'kind'), id: text(form, 'id') });
      if (!parsed.success) throw badRequest();
      const { kind, id } = parsed.data;
      if (!(await setUnitActive(user.id, kind, id, intent === 'reactivate'))) throw notFound();
      return done(`${kind}.${intent}d`, id);
    }
    default:
      throw badRequest();
  }
}

/** The id of the control each form's field is in. */
function fieldId(form: string): string {
  if (form === 'name') return 'municipality-name';
  if (form === 'logo') return 'logo';
  if (form.startsWith('create-')) return `new-${form.slice('create-'.length)}`;
  return `${form.slice('rename-'.length)}-name`;
}

function useRefused(): Refused | undefined {
  const result = useActionData<typeof action>();
  return result && 'form' in result ? (result as Refused) : undefined;
}

/** The notice after a redirect, in the section it belongs to; a body's or department's name is read by its id. */
function SectionNotice({ section }: { section: string }) {
  const { bodies, departments } = useLoaderData<typeof loader>();
  const notice = useNoticeAfterRedirect();
  const t = useT();
  if (!notice || sectionOf(notice.name) !== section) return null;
  const units = section === 'body' ? bodies : section === 'department' ? departments : null;
  const unit = units ? units.find((u) => u.id === notice.id) : null;
  // A unit that is not there (a hand-made address): no notice.
  if (unit === undefined) return null;
  return <Notice>{t(notice.key, { name: unit?.name ?? '' })}</Notice>;
}

function HiddenRef({ kind, id }: { kind: UnitKind; id: number }) {
  return (
    <>
      <input type="hidden" name="kind" value={kind} />
      <input type="hidden" name="id" value={id} />
    </>
  );
}

function UnitRow({ kind, unit, first, last }: { kind: UnitKind; unit: Unit; first: boolean; last: boolean }) {
  const t = useT();
  const refused = useRefused();
  const formKey = `rename-${kind}-${unit.id}`;
  const error = refused?.form === formKey ? refused.errors.name : undefined;
  const inputId = `${kind}-${unit.id}-name`;
  const named = (label: MessageKey) => (
    <>
      {t(label)}
      <span className="visually-hidden">: {unit.name}</span>
    </>
  );
  return (
    <li className={`org-item${unit.active ? '' : ' org-item--inactive'}`} id={`${kind}-${unit.id}`}>
      <div className="org-item__head">
        <span className="org-item__name">{unit.name}</span>{' '}
        <span className={`badge ${unit.active ? 'badge--approved' : 'badge--draft'}`}>
          {t(unit.active ? 'organisation.list.active' : 'organisation.list.inactive')}
        </span>{' '}
        <span className="org-item__count">
          {t('organisation.list.decisions')}: {unit.decisions}
        </span>
      </div>
      <div className="org-item__actions">
        {!first ? (
          <Form method="post">
            <HiddenRef kind={kind} id={unit.id} />
            <input type="hidden" name="direction" value="up" />
            <button type="submit" name="intent" value="move" className="button button--secondary button--small">
              <span aria-hidden="true">↑</span>&nbsp;{named('organisation.list.moveUp')}
            </button>
          </Form>
        ) : null}
        {!last ? (
          <Form method="post">
            <HiddenRef kind={kind} id={unit.id} />
            <input type="hidden" name="direction" value="down" />
            <button type="submit" name="intent" value="move" className="button button--secondary button--small">
              <span aria-hidden="true">↓</span>&nbsp;{named('organisation.list.moveDown')}
            </button>
          </Form>
        ) : null}
        <Form method="post">
          <HiddenRef kind={kind} id={unit.id} />
          {unit.active ? (
            <button type="submit" name="intent" value="deactivate" className="button button--secondary button--small">
              {named('organisation.list.deactivate')}
            </button>
          ) : (
            <button type="submit" name="intent" value="reactivate" className="button button--secondary button--small">
              {named('organisation.list.reactivate')}
            </button>
          )}
        </Form>
      </div>
      <details className="org-item__rename" open={error ? true : undefined}>
        <summary>{named('organisation.list.rename')}</summary>
        <Form method="post" className="form" noValidate>
          <HiddenRef kind={kind} id={unit.id} />
          <TextField
            id={inputId}
            name="name"
            label={t('organisation.list.renameLabel')}
            hint={t('organisation.list.renameHint')}
            error={error}
            defaultValue={error ? (refused?.values.name ?? unit.name) : unit.name}
            maxLength={NAME_MAX}
            autoComplete="off"
          />
          <button type="submit" name="intent" value="rename" className="button button--small">
            {t('organisation.list.renameSave')}
          </button>
        </Form>
      </details>
    </li>
  );
}

function UnitSection({ kind, units }: { kind: UnitKind; units: Unit[] }) {
  const t = useT();
  const refused = useRefused();
  const formKey = `create-${kind}`;
  const error = refused?.form === formKey ? refused.errors.name : undefined;
  const anchor = ANCHOR[kind];
  return (
    <section id={anchor} aria-labelledby={`${anchor}-title`} className="org-section">
      <h2 id={`${anchor}-title`}>{t(`organisation.${kind}.title`)}</h2>
      <p>{t(`organisation.${kind}.intro`)}</p>
      <SectionNotice section={kind} />
      {units.length > 0 && !units.some((u) => u.active) ? <Notice tone="warning">{t(`organisation.${kind}.noneActive`)}</Notice> : null}
      {units.length === 0 ? (
        <p className="empty">{t(`organisation.${kind}.empty`)}</p>
      ) : (
        <ol className="org-list" aria-labelledby={`${anchor}-title`}>
          {units.map((unit, i) => (
            <UnitRow key={unit.id} kind={kind} unit={unit} first={i === 0} last={i === units.length - 1} />
          ))}
        </ol>
      )}
      <p className="field__hint">{t('organisation.list.deactivateNote')}</p>
      <Form method="post" className="form org-add" noValidate>
        <input type="hidden" name="kind" value={kind} />
        <TextField
          id={`new-${kind}`}
          name="name"
          label={t(`organisation.${kind}.addLabel`)}
          error={error}
          defaultValue={error ? (refused?.values.name ?? '') : ''}
          key={error ? 'refused' : 'new'}
          maxLength={NAME_MAX}
          autoComplete="off"
        />
        <button type="submit" name="intent" value="create" className="button">
          {t(`organisation.${kind}.add`)}
        </button>
      </Form>
    </section>
  );
}

export default function OrganisationPage() {
  const { name, logo, bodies, departments } = useLoaderData<typeof loader>();
  const refused = useRefused();
  const navigation = useNavigation();
  const t = useT();
  const busy = navigation.state === 'submitting';

  const labelOf = (form: string): string => {
    if (form === 'name') return t('organisation.name.label');
    if (form === 'logo') return t('organisation.logo.label');
    if (form === 'create-body') return t('organisation.body.addLabel');
    if (form === 'create-department') return t('organisation.department.addLabel');
    const [, kind, id] = form.split('-');
    const unit = (kind === 'body' ? bodies : departments).find((u) => String(u.id) === id);
    return `${t('organisation.list.renameLabel')} (${unit?.name ?? ''})`;
  };
  const summary: SummaryItem[] = refused
    ? Object.values(refused.errors)
        .slice(0, 1)
        .map((error) => ({ target: fieldId(refused.form), label: labelOf(refused.form), error }))
    : [];
  const nameError = refused?.form === 'name' ? refused.errors.name : undefined;
  const logoError = refused?.form === 'logo' ? refused.errors.logo : undefined;

  return (
    <div className="page">
      <h1>{t('organisation.title')}</h1>
      <p className="lead">{t('organisation.intro')}</p>
      <ErrorSummary items={summary} focusKey={refused} />
      <nav aria-label={t('organisation.contents')} className="org-contents">
        <ul>
          <li>
            <a href="#name">{t('organisation.name.title')}</a>
          </li>
          <li>
            <a href="#logo-section">{t('organisation.logo.title')}</a>
          </li>
          <li>
            <a href="#bodies">{t('organisation.body.title')}</a>
          </li>
          <li>
            <a href="#departments">{t('organisation.department.title')}</a>
          </li>
        </ul>
      </nav>

      <section id="name" aria-labelledby="name-title" className="org-section">
        <h2 id="name-title">{t('organisation.name.title')}</h2>
        <SectionNotice section="name" />
        <Form method="post" className="form" noValidate>
          <TextField
            id="municipality-name"
            name="name"
            label={t('organisation.name.label')}
            hint={t('organisation.name.hint', { max: NAME_MAX })}
            error={nameError}
            defaultValue={nameError ? (refused?.values.name ?? name) : name}
            key={nameError ? 'refused' : name}
            maxLength={NAME_MAX}
            autoComplete="organization"
          />
          <button type="submit" name="intent" value="name" className="button" disabled={busy}>
            {t('organisation.name.save')}
          </button>
        </Form>
      </section>

      <section id="logo-section" aria-labelledby="logo-title" className="org-section">
        <h2 id="logo-title">{t('organisation.logo.title')}</h2>
        <SectionNotice section="logo" />
        {logo ? (
          <figure className="org-logo">
            <div className="org-logo__preview">
              <img src={`/logo?v=${logo.version}`} alt={name} width={logo.display.width} height={logo.display.height} />
            </div>
            <figcaption>
              {t('organisation.logo.current')}
              {logo.width ? ` (${t('organisation.logo.size', { width: logo.width, height: logo.height })})` : ''}
            </figcaption>
          </figure>
        ) : (
          <p>{t('organisation.logo.none')}</p>
        )}
        <Form method="post" encType="multipart/form-data" className="form">
          <FieldFrame
            id="logo"
            label={t('organisation.logo.label')}
            hint={t('organisation.logo.hint', { max: LOGO_MAX_KB, side: LOGO_MAX_SIDE })}
            error={logoError}
          >
            {(aria) => <input id="logo" name="logo" type="file" accept={LOGO_TYPES.join(',')} required className="input" {...aria} />}
          </FieldFrame>
          <div className="form__actions">
            <button type="submit" name="intent" value="logo" className="button" disabled={busy}>
              {logo ? t('organisation.logo.replace') : t('organisation.logo.upload')}
            </button>
          </div>
        </Form>
        {logo ? (
          <Form method="post" className="org-logo__remove">
            <p className="field__hint">{t('organisation.logo.removeHint')}</p>
            <button type="submit" name="intent" value="logoRemove" className="button button--secondary" disabled={busy}>
              {t('organisation.logo.remove')}
            </button>
          </Form>
        ) : null}
      </section>

      <UnitSection kind="body" units={bodies} />
      <UnitSection kind="department" units={departments} />
    </div>
  );
}

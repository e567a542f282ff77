import { TextField, useErrorText } from '~/components/forms';
import { DISPLAY_NAME_MAX, EMAIL_MAX, type UserFormValues } from '~/domain/people';
import { LIMITS } from '~/domain/limits';
import { ROLES } from '~/domain/roles';
import type { FieldError, FieldErrors } from '~/domain/validation';
import type { Option } from '~/models/organisation.server';
import { useT } from '~/utils/i18n';

/** The parts of the user forms that creating and editing share: the fields, their summary, the one-time password. */

export function TemporaryPassword({ password }: { password: string }) {
  const t = useT();
  return (
    <section className="people-password" aria-labelledby="temporary-password-title">
      <h2 id="temporary-password-title">{t('people.temporaryPassword')}</h2>
      <p>
        <code id="temporary-password" className="people-password__value">
          {password}
        </code>
      </p>
      <p>{t('people.passwordOnce')}</p>
    </section>
  );
}

/** The error summary's lines, each linking to its field (the first box of a group of checkboxes). */
export function useUserSummary(errors: FieldErrors | undefined, departments: Option[]) {
  const t = useT();
  const firstDepartment = departments[0]?.id ?? '';
  const fields: Record<string, { label: string; target: string }> = {
    username: { label: t('people.username'), target: 'username' },
    displayName: { label: t('people.displayName'), target: 'displayName' },
    email: { label: t('people.email'), target: 'email' },
    roles: { label: t('people.roles'), target: `roles-${ROLES[0]}` },
    memberOf: { label: t('people.memberOf'), target: `memberOf-${firstDepartment}` },
    leads: { label: t('people.leads'), target: `leads-${firstDepartment}` },
  };
  return Object.entries(errors ?? {}).flatMap(([name, error]) => (fields[name] ? [{ ...fields[name], error }] : []));
}

/**
 * The fields of a user, on the create page (withUsername) and the edit page: name, e-mail,
 * roles, departments worked in and departments led.
 */
export function UserFields({
  values,
  errors,
  departments,
  withUsername = false,
}: {
  values: UserFormValues;
  errors?: FieldErrors;
  departments: Option[];
  withUsername?: boolean;
}) {
  const t = useT();
  const deps = departments.map((d) => ({ value: String(d.id), label: d.name }));
  return (
    <>
      {withUsername ? (
        <TextField
          id="username"
          name="username"
          label={t('people.username')}
          hint={t('people.usernameHint')}
          autoComplete="off"
          autoCapitalize="none"
          spellCheck={false}
          maxLength={LIMITS.username}
          defaultValue={values.username}
          error={errors?.username}
        />
      ) : null}
      <TextField
        id="displayName"
        name="displayName"
        label={t('people.displayName')}
        hint={t('people.displayNameHint')}
        autoComplete="off"
        maxLength={DISPLAY_NAME_MAX}
        defaultValue={values.displayName}
        error={errors?.displayName}
      />
      <TextField
        id="email"
        name="email"
        type="email"
        label={t('people.email')}
        optional
        autoComplete="off"
        spellCheck={false}
        maxLength={EMAIL_MAX}
        defaultValue={values.email}
        error={errors?.email}
      />
      <CheckboxGroup
        name="roles"
        legend={t('people.roles')}
        hint={t('people.rolesHint')}
        error={errors?.roles}
        checked={values.roles}
        options={ROLES.map((r) => ({ value: r, label: t(`roles.${r}`), hint: t(`people.roleHint.${r}`) }))}
      />
      <CheckboxGroup
        name="memberOf"
        legend={t('people.memberOf')}
        hint={t('people.memberOfHint')}
        error={errors?.memberOf}
        checked={values.memberOf}
        options={deps}
      />
      <CheckboxGroup name="leads" legend={t('people.leads')} hint={t('people.leadsHint')} error={errors?.leads} checked={values.leads} options={deps} />
    </>
  );
}

function CheckboxGroup({
  name,
  legend,
  hint,
  error,
  checked,
  options,
}: {
  name: string;
  legend: string;
  hint: string;
  error?: FieldError;
  checked: string[];
  options: Array<{ value: string; label: string; hint?: string }>;
}) {
  const t = useT();
  const errorText = useErrorText()(error);
  const describedBy = [`${name}-hint`, errorText ? `${name}-error` : ''].filter(Boolean).join(' ');
  return (
    <fieldset className={`field people-group${errorText ? ' field--error' : ''}`} aria-describedby={describedBy}>
      <legend>{legend}</legend>
      <p id={`${name}-hint`} className="field__hint">
        {hint}
      </p>
      {errorText ? (
        <p id={`${name}-error`} className="field__error">
          {errorText}
        </p>
      ) : null}
      {options.length === 0 ? <p className="muted">{t('people.noDepartments')}</p> : null}
      {options.map((o) => {
        const id = `${name}-${o.value}`;
        return (
          <div key={o.value} className="field--checkbox people-group__option">
            <input
              type="checkbox"
              id={id}
              name={name}
              value={o.value}
              defaultChecked={checked.includes(o.value)}
              aria-describedby={o.hint ? `${id}-hint` : undefined}
              aria-invalid={errorText ? true : undefined}
            />
            <label htmlFor={id}>{o.label}</label>
            {o.hint ? (
              <p id={`${id}-hint`} className="field__hint">
                {o.hint}
              </p>
            ) : null}
          </div>
        );
      })}
    </fieldset>
  );
}

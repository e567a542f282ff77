import { describe, expect, it } from 'vitest';
import {
  TEMP_PASSWORD_ALPHABET,
  parseUserStatus,
  passwordChangeSchema,
  peopleErrorsOf,
  readPasswordForm,
  readUserForm,
  setDiff,
  temporaryPassword,
  userCreateSchema,
  userEditSchema,
} from '~/domain/people';

function form(fields: Record<string, string | string[]>): FormData {
  const data = new FormData();
  for (const [key, value] of Object.entries(fields)) for (const v of Array.isArray(value) ? value : [value]) data.append(key, v);
  return data;
}

const valid = { username: 'matti.meikalainen', displayName: 'Matti Meikäläinen', email: '', roles: ['official'], memberOf: ['2'], leads: [] };

function errorsOf(schema: typeof userCreateSchema | typeof userEditSchema | typeof passwordChangeSchema, input: unknown) {
  const result = schema.safeParse(input);
  return result.success ? {} : peopleErrorsOf(result.error);
}

describe('user form', () => {
  it('accepts a valid user and normalises what it reads', () => {
    const result = userCreateSchema.parse({
      ...valid,
      displayName: '  Matti Meikäläinen ',
      email: ' Matti@Vesanto.FI ',
      roles: ['admin', 'official', 'admin'],
      memberOf: ['3', '2', '3'],
    });
    expect(result).toEqual({
      username: 'matti.meikalainen',
      displayName: 'Matti Meikäläinen',
      email: 'matti@vesanto.fi',
      roles: ['official', 'admin'],
      memberOf: [2, 3],
      leads: [],
    });
    expect(userCreateSchema.parse(valid).email).toBeNull();
  });

  it.each([
    ['a', 'invalidUsername'],
    ['x'.repeat(65), 'invalidUsername'],
    ['matti meikäläinen', 'invalidUsername'],
    ['Matti', 'invalidUsername'],
    ['matti@kunta', 'invalidUsername'],
    ['', 'required'],
  ])('refuses the username %j with %s', (username, code) => {
    expect(errorsOf(userCreateSchema, { ...valid, username }).username?.code).toBe(code);
  });

  it.each(['ab', 'a.b_c-d', '0123456789', 'x'.repeat(64)])('accepts the username %j', (username) => {
    expect(errorsOf(userCreateSchema, { ...valid, username })).toEqual({});
  });

  it('reads the username lower-case and trimmed, and every checked box', () => {
    const values = readUserForm(form({ username: ' Matti.M ', displayName: 'M', email: '', roles: ['official', 'manager'], memberOf: ['1', '2'], leads: '2' }));
    expect(values).toEqual({ username: 'matti.m', displayName: 'M', email: '', roles: ['official', 'manager'], memberOf: ['1', '2'], leads: ['2'] });
  });

  it('requires at least one role and refuses unknown ones on the list, not on an item', () => {
    expect(errorsOf(userCreateSchema, { ...valid, roles: [] })).toEqual({ roles: { code: 'roleRequired' } });
    expect(errorsOf(userEditSchema, { ...valid, roles: ['official', 'superuser'] })).toEqual({ roles: { code: 'invalidChoice' } });
  });

  it.each(['matti', 'matti@', '@vesanto.fi', 'matti@vesanto', 'matti vesanto@kunta.fi', 'a@b.c'])('refuses the e-mail %j', (email) => {
    expect(errorsOf(userEditSchema, { ...valid, email }).email?.code).toBe('invalidEmail');
  });

  it('requires a name and bounds its length', () => {
    expect(errorsOf(userEditSchema, { ...valid, displayName: '   ' })).toEqual({ displayName: { code: 'required' } });
    expect(errorsOf(userEditSchema, { ...valid, displayName: 'x'.repeat(201) })).toEqual({ displayName: { code: 'tooLong', params: { max: 200 } } });
  });

  it('refuses a department that is not an id', () => {
    expect(errorsOf(userEditSchema, { ...valid, leads: ['sivistys'] })).toEqual({ leads: { code: 'unknownDepartment' } });
  });
});

describe('password change', () => {
  const ok = { currentPassword: 'väliaikainen', newPassword: 'uusi oma salasana', repeatPassword: 'uusi oma salasana' };

  it('accepts 12 to 128 characters of any kind, without composition rules', () => {
    for (const newPassword of ['aaaaaaaaaaaa', 'x'.repeat(128), 'äöå äöå äöå ä', '😀'.repeat(12)]) {
      expect(errorsOf(passwordChangeSchema, { ...ok, newPassword, repeatPassword: newPassword }), newPassword).toEqual({});
    }
  });

  it('refuses 11 and 129 characters with the limits in the message', () => {
    expect(errorsOf(passwordChangeSchema, { ...ok, newPassword: 'a'.repeat(11), repeatPassword: 'a'.repeat(11) })).toEqual({
      newPassword: { code: 'passwordTooShort', params: { min: 12 } },
    });
    expect(errorsOf(passwordChangeSchema, { ...ok, newPassword: 'a'.repeat(129), repeatPassword: 'a'.repeat(129) })).toEqual({
      newPassword: { code: 'passwordTooLong', params: { max: 128 } },
    });
  });

  it('refuses a repeat that differs, the same password again and empty fields', () => {
    expect(errorsOf(passwordChangeSchema, { ...ok, repeatPassword: 'uusi oma salasanA' })).toEqual({ repeatPassword: { code: 'passwordMismatch' } });
    expect(
      errorsOf(passwordChangeSchema, {
        ...ok,
        newPassword: ok.currentPassword + 'xx',
        currentPassword: ok.currentPassword + 'xx',
        repeatPassword: ok.currentPassword + 'xx',
      }),
    ).toEqual({
      newPassword: { code: 'samePassword' },
    });
    expect(errorsOf(passwordChangeSchema, { currentPassword: '', newPassword: '', repeatPassword: '' })).toEqual({
      currentPassword: { code: 'required' },
      newPassword: { code: 'required' },
      repeatPassword: { code: 'required' },
    });
  });

  it('reads passwords exactly as typed', () => {
    expect(readPasswordForm(form({ currentPassword: ' a\tb ', newPassword: 'x', repeatPassword: 'y' }))).toEqual({
      currentPassword: ' a\tb ',
      newPassword: 'x',
      repeatPassword: 'y',
    });
  });
});

describe('temporary password', () => {
  it('is four groups of four characters from an alphabet without look-alikes', () => {
    let i = 0;
    const password = temporaryPassword((n) => i++ % n);
    expect(password).toBe('abcd-efgh-ijkm-npqr');
    expect(TEMP_PASSWORD_ALPHABET).not.toMatch(/[01lIoO]/);
    expect(new Set(TEMP_PASSWORD_ALPHABET).size).toBe(32);
  });

  it('uses every random index it is given', () => {
    const last = temporaryPassword((n) => n - 1);
    expect(last).toBe('9999-9999-9999-9999');
    expect(last.replace(/-/g, '')).toHaveLength(16);
  });
});

describe('helpers', () => {
  it('diffs two sets', () => {
    expect(setDiff([1, 2, 3], [2, 3, 4])).toEqual({ added: [4], removed: [1] });
    expect(setDiff(['a'], ['a'])).toEqual({ added: [], removed: [] });
  });

  it('reads the status filter, defaulting to active users', () => {
    expect(parseUserStatus('inactive')).toBe('inactive');
    expect(parseUserStatus('all')).toBe('all');
    expect(parseUserStatus(null)).toBe('active');
    expect(parseUserStatus('deleted')).toBe('active');
  });
});

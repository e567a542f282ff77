import { ID_PATTERN } from '~/domain/validation';

/**
 * An id from the address or a form (a route's `$id`, `?from=`, a hidden field): digits only, or
 * null when there is none or it is not one. null is the one "no id": a loader that needs the id
 * answers 404 for it (`requireId` in ./http.server), like for an id that does not exist.
 */
export function parseId(raw: string | null | undefined): number | null {
  return raw && ID_PATTERN.test(raw) ? Number(raw) : null;
}

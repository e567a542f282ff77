import { describe, expect, it } from 'vitest';
import { oncePerRequest, runInRequestScope } from '~/utils/request-scope.server';

/* What the root's and the page's loaders share for one GET, and never past it (ADR 013). */

const request = (method = 'GET') => new Request('https://linssi.example/decisions', { method, body: method === 'POST' ? 'a=1' : undefined });

/** A read that counts how often it ran and gives a new value each time. */
function counter() {
  let calls = 0;
  const read = async () => ++calls;
  return { read, calls: () => calls };
}

describe('oncePerRequest', () => {
  it('computes a key once in a GET: the others get the first value', async () => {
    const user = counter();
    const req = request();
    const values = await runInRequestScope(async () => [
      await oncePerRequest(req, 'user', user.read),
      await oncePerRequest(req, 'user', user.read),
      await oncePerRequest(req, 'user', user.read),
    ]);
    expect(values).toEqual([1, 1, 1]);
    expect(user.calls()).toBe(1);
  });

  it('shares the read between loaders that ask at the same time', async () => {
    const user = counter();
    const req = request();
    const values = await runInRequestScope(() => Promise.all([oncePerRequest(req, 'user', user.read), oncePerRequest(req, 'user', user.read)]));
    expect(values).toEqual([1, 1]);
    expect(user.calls()).toBe(1);
  });

  it('keeps the value across awaits and timers within the request', async () => {
    const user = counter();
    const req = request();
    const later = await runInRequestScope(async () => {
      await oncePerRequest(req, 'user', user.read);
      await new Promise((resolve) => setTimeout(resolve, 1));
      return oncePerRequest(req, 'user', user.read);
    });
    expect(later).toBe(1);
    expect(user.calls()).toBe(1);
  });

  it('computes each key on its own', async () => {
    const user = counter();
    const org = counter();
    const req = request();
    await runInRequestScope(async () => {
      await oncePerRequest(req, 'user', user.read);
      await oncePerRequest(req, 'organisation', org.read);
      await oncePerRequest(req, 'user', user.read);
      await oncePerRequest(req, 'organisation', org.read);
    });
    expect([user.calls(), org.calls()]).toEqual([1, 1]);
  });

  it('computes again in the next request', async () => {
    const user = counter();
    const first = await runInRequestScope(() => oncePerRequest(request(), 'user', user.read));
    const second = await runInRequestScope(() => oncePerRequest(request(), 'user', user.read));
    expect([first, second]).toEqual([1, 2]);
  });

  it('keeps two requests running side by side apart', async () => {
    const user = counter();
    const [a, b] = await Promise.all([
      runInRequestScope(async () => [await oncePerRequest(request(), 'user', user.read), await oncePerRequest(request(), 'user', user.read)]),
      runInRequestScope(async () => [await oncePerRequest(request(), 'user', user.read), await oncePerRequest(request(), 'user', user.read)]),
    ]);
    expect(user.calls()).toBe(2);
    expect(a![0]).toBe(a![1]);
    expect(b![0]).toBe(b![1]);
    expect(a![0]).not.toBe(b![0]);
  });

  it('computes every time outside a request scope (a test, a script), even after one ended', async () => {
    const user = counter();
    await runInRequestScope(() => oncePerRequest(request(), 'user', user.read));
    const req = request();
    expect([await oncePerRequest(req, 'user', user.read), await oncePerRequest(req, 'user', user.read)]).toEqual([2, 3]);
  });

  it('shares in a HEAD as in a GET', async () => {
    const user = counter();
    const req = request('HEAD');
    await runInRequestScope(async () => {
      await oncePerRequest(req, 'user', user.read);
      await oncePerRequest(req, 'user', user.read);
    });
    expect(user.calls()).toBe(1);
  });

  it.each(['POST', 'PUT', 'PATCH', 'DELETE'])('computes every time in a %s: after an action the loaders read afresh', async (method) => {
    const user = counter();
    const req = new Request('https://linssi.example/decisions', { method });
    const values = await runInRequestScope(async () => [await oncePerRequest(req, 'user', user.read), await oncePerRequest(req, 'user', user.read)]);
    expect(values).toEqual([1, 2]);
  });

  it('leaves a POST out of the shared values of its scope', async () => {
    const user = counter();
    await runInRequestScope(async () => {
      await oncePerRequest(request('POST'), 'user', user.read);
      expect(await oncePerRequest(request(), 'user', user.read)).toBe(2);
    });
  });
});

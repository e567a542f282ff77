import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { useEffect, useRef } from 'react';
import { takePendingPost } from '~/models/pending-post.server';
import { requireUser } from '~/models/auth.server';
import { safeRedirect } from '~/domain/return-address';
import { useT } from '~/utils/i18n';
import { serverTranslator } from '~/utils/language.server';

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title ?? ''} – Linssi` }];

/**
 * A form that was posted after its session expired, given back to its writer after they logged in
 * again: the same fields, to the same address. With JavaScript it is sent at once; without, one
 * click sends it. Taken out of the database as it is shown (it is on this page now).
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const t = serverTranslator(request, user);
  const token = new URL(request.url).searchParams.get('token') ?? '';
  const kept = await takePendingPost(token, user.id);
  if (!kept) return { title: t('resume.goneTitle'), kept: null };
  return { title: t('resume.title'), kept: { action: safeRedirect(kept.path), fields: kept.fields } };
}

export default function Resume() {
  const { kept } = useLoaderData<typeof loader>();
  const t = useT();
  const form = useRef<HTMLFormElement>(null);
  // The user already pressed send once: with JavaScript the form goes on its way by itself.
  useEffect(() => {
    form.current?.submit();
  }, []);
  if (!kept) {
    return (
      <div className="page page--narrow">
        <h1>{t('resume.goneTitle')}</h1>
        <p>{t('resume.gone')}</p>
      </div>
    );
  }
  return (
    <div className="page page--narrow">
      <h1>{t('resume.title')}</h1>
      <p>{t('resume.intro')}</p>
      <form method="post" action={kept.action} ref={form} id="resume-form">
        {kept.fields.map(([name, value], i) => (
          <input key={`${name}-${i}`} type="hidden" name={name} value={value} />
        ))}
        {/* Where a form had several submit buttons, the one pressed is among the fields already. */}
        <button type="submit" className="button">
          {t('resume.submit')}
        </button>
      </form>
    </div>
  );
}

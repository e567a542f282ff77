import { Form } from '@remix-run/react';
import { formatDate } from '~/domain/dates';
import { useT } from '~/utils/i18n';

export interface FrameworkOfferData {
  targetId: number;
  currentName: string;
  targetName: string;
  meetingDate: string;
  dropped: string[];
  added: string[];
}

/** The offer to move a draft to the framework version in force on its meeting date. */
export function FrameworkOffer({ decisionId, version, offer }: { decisionId: number; version: number; offer: FrameworkOfferData }) {
  const t = useT();
  return (
    <section className="notice notice--warning" aria-labelledby="strategy-offer-title" id="strategy-offer">
      <h2 id="strategy-offer-title" className="h3-like">
        {t('strategyAdmin.moveTitle')}
      </h2>
      <p>{t('strategyAdmin.moveText', { current: offer.currentName, target: offer.targetName, date: formatDate(offer.meetingDate) })}</p>
      {offer.added.length > 0 ? <p>{t('strategyAdmin.moveAdded', { titles: offer.added.join(', ') })}</p> : null}
      {offer.dropped.length > 0 ? <p>{t('strategyAdmin.moveDropped', { titles: offer.dropped.join(', ') })}</p> : null}
      <Form method="post" action={`/decisions/${decisionId}/strategy`}>
        <input type="hidden" name="version" value={version} />
        <input type="hidden" name="target" value={offer.targetId} />
        <button type="submit" className="button">
          {t('strategyAdmin.moveSubmit')}
        </button>
      </Form>
    </section>
  );
}

import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { formatDate, todayInHelsinki } from '~/domain/dates';
import { ANSWER_VALUES, type AnswerValue, answerSign, requiresMitigation, requiresRationale } from '~/domain/scale';
import type { MessageKey } from '~/i18n';
import { getFrameworkVersion, versionIdInForce } from '~/models/framework.server';
import { getSetting } from '~/models/organisation.server';
import guideStyles from '~/styles/guide.css';
import { requireUser } from '~/utils/auth.server';
import { useT } from '~/utils/i18n';
import { serverTranslator } from '~/utils/language.server';

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: guideStyles }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title ?? ''} – Linssi` }];

/** The user guide, for every logged-in user: its examples come from the strategy in force, never from code. */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const versionId = await versionIdInForce(todayInHelsinki());
  const [strategy, municipality] = await Promise.all([versionId ? getFrameworkVersion(versionId) : Promise.resolve(null), getSetting('municipality_name')]);
  const dimensions = (strategy?.dimensions ?? []).map((d) => ({
    key: d.key,
    name: d.name,
    kind: d.kind,
    principles: d.principles.map((p) => ({ key: p.key, title: p.title })),
  }));
  // The walk-through's example: the first scored principle of the strategy that has a guiding question.
  const example = strategy?.dimensions
    .filter((d) => d.kind === 'scored')
    .flatMap((d) => d.principles)
    .find((p) => p.guidingQuestions.length > 0);
  return {
    title: serverTranslator(request, user)('guide.title'),
    municipality: municipality ?? '',
    strategy: strategy ? { name: strategy.name, approvedBy: strategy.approvedBy, approvedOn: strategy.approvedOn } : null,
    dimensions,
    example: example ? { title: example.title, question: example.guidingQuestions[0]! } : null,
  };
}

const SECTIONS = [
  { id: 'purpose', title: 'guide.purposeTitle' },
  { id: 'assess', title: 'guide.assessTitle' },
  { id: 'scale', title: 'guide.scaleTitle' },
  { id: 'routine', title: 'guide.routineTitle' },
  { id: 'review', title: 'guide.reviewTitle' },
  { id: 'record', title: 'guide.recordTitle' },
  { id: 'evaluation', title: 'guide.evaluationTitle' },
  { id: 'principles', title: 'guide.principlesTitle' },
] as const satisfies ReadonlyArray<{ id: string; title: MessageKey }>;

/** What the official writes for an answer (the rules of domain/scale.ts). */
function writeKey(value: AnswerValue): MessageKey {
  if (value === 'knowledge_gap') return 'guide.write.knowledgeGap';
  if (!requiresRationale(value)) return 'guide.write.notRelevant';
  return requiresMitigation(value) ? 'guide.write.negative' : 'guide.write.positive';
}

export default function Guide() {
  const { municipality, strategy, dimensions, example } = useLoaderData<typeof loader>();
  const t = useT();
  const section = (id: (typeof SECTIONS)[number]['id']) => SECTIONS.find((s) => s.id === id)!;
  const heading = (id: (typeof SECTIONS)[number]['id']) => (
    <h2 id={id} className="guide__heading">
      {t(section(id).title)}
    </h2>
  );
  return (
    <div className="page page--narrow guide">
      <h1>{t('guide.title')}</h1>
      <p className="lead">{t('guide.lead')}</p>

      <nav className="guide__toc" aria-labelledby="guide-toc">
        <h2 id="guide-toc" className="h3-like">
          {t('guide.toc')}
        </h2>
        <ol>
          {SECTIONS.map((s) => (
            <li key={s.id}>
              <a href={`#${s.id}`}>{t(s.title)}</a>
            </li>
          ))}
        </ol>
      </nav>

      <section aria-labelledby="purpose">
        {heading('purpose')}
        <p>{t('guide.purposeText')}</p>
        {strategy ? (
          <p>
            {t('guide.purposeStrategy', { municipality, strategy: strategy.name })}
            {strategy.approvedBy && strategy.approvedOn
              ? ` ${t('guide.purposeStrategyApproved', { body: strategy.approvedBy, date: formatDate(strategy.approvedOn) })}`
              : null}
          </p>
        ) : (
          <p>{t('guide.purposeNoStrategy')}</p>
        )}
        <p>{t('guide.purposeWhy')}</p>
      </section>

      <section aria-labelledby="assess">
        {heading('assess')}
        <ol className="guide__steps">
          <li>
            <p>{t('guide.assessStep1', { newDecision: t('nav.newDecision'), create: t('decisionForm.create') })}</p>
            <p>{t('guide.assessStep1Confidential', { confidential: t('decisionForm.confidential') })}</p>
          </li>
          <li>
            <p>{t('guide.assessStep2', { checklist: t('checklist.title'), whatIsIt: t('checklist.whatIsIt'), questions: t('checklist.questions') })}</p>
            {example ? <p className="guide__example">{t('guide.assessStep2Example', example)}</p> : null}
          </li>
          <li>{t('guide.assessStep3')}</li>
          <li>{t('guide.assessStep4')}</li>
          <li>{t('guide.assessStep5', { knowledgeGap: t('answers.knowledge_gap') })}</li>
          <li>{t('guide.assessStep6')}</li>
          <li>{t('guide.assessStep7', { saveDraft: t('checklist.saveDraft'), submit: t('checklist.submit') })}</li>
          <li>{t('guide.assessStep8', { summary: t('summary.title'), agenda: t('summary.agendaTitle'), copy: t('summary.copy') })}</li>
        </ol>
        <p>{t('guide.assessArchiveTip', { archive: t('nav.archive'), useAsBase: t('archive.useAsBase') })}</p>
      </section>

      <section aria-labelledby="scale">
        {heading('scale')}
        <p>{t('guide.scaleIntro')}</p>
        <table className="table table--stack guide__scale">
          <caption className="visually-hidden">{t('guide.scaleCaption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('guide.colValue')}</th>
              <th scope="col">{t('guide.colLabel')}</th>
              <th scope="col">{t('guide.colMeaning')}</th>
              <th scope="col">{t('guide.colWrite')}</th>
            </tr>
          </thead>
          <tbody>
            {ANSWER_VALUES.map((value) => {
              const sign = answerSign(value);
              return (
                <tr key={value} id={`scale-${value}`}>
                  <td data-label={t('guide.colValue')} className="guide__sign">
                    {sign ?? <span className="muted">{t('guide.noNumber')}</span>}
                  </td>
                  <th scope="row" data-label={t('guide.colLabel')}>
                    {t(`answers.${value}`)}
                  </th>
                  <td data-label={t('guide.colMeaning')}>{t(`guide.meaning.${value}`)}</td>
                  <td data-label={t('guide.colWrite')}>{t(writeKey(value))}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </section>

      <section aria-labelledby="routine">
        {heading('routine')}
        <p>{t('guide.routineText')}</p>
        <p>
          {t('guide.routineHow', {
            routineTitle: t('checklist.routineTitle'),
            routineRationale: t('checklist.routineRationale'),
            routineSubmit: t('checklist.routineSubmit'),
            notRelevant: t('answers.not_relevant'),
          })}
        </p>
        <p>{t('guide.routineNot')}</p>
      </section>

      <section aria-labelledby="review">
        {heading('review')}
        <p>{t('guide.reviewText', { submitted: t('status.submitted'), reviews: t('nav.reviews') })}</p>
        <p>{t('guide.reviewManager', { overallComment: t('review.overallComment'), approve: t('review.approve'), return: t('review.return') })}</p>
        <p>{t('guide.reviewReturned', { returned: t('status.returned') })}</p>
        <p>{t('guide.reviewHistory', { history: t('history.title') })}</p>
      </section>

      <section aria-labelledby="record">
        {heading('record')}
        <p>{t('guide.recordText', { record: t('record.action') })}</p>
        <p>{t('guide.recordFrozen', { decided: t('status.decided'), archive: t('nav.archive') })}</p>
      </section>

      <section aria-labelledby="evaluation">
        {heading('evaluation')}
        <p>{t('guide.evaluationText')}</p>
        <ol className="guide__steps">
          <li>{t('guide.evaluationStep1', { evaluation: t('nav.evaluation'), report: t('nav.report') })}</li>
          <li>{t('guide.evaluationStep2', { survey: t('nav.survey') })}</li>
          <li>{t('guide.evaluationStep3')}</li>
        </ol>
        <p>{t('guide.evaluationConfidential')}</p>
      </section>

      <section aria-labelledby="principles">
        {heading('principles')}
        {dimensions.length === 0 ? (
          <p>{t('guide.principlesNone')}</p>
        ) : (
          <>
            <p>{t('guide.principlesIntro')}</p>
            {dimensions.map((d) => (
              <div key={d.key} className="guide__dimension">
                <h3 id={`dimension-${d.key}`}>{d.name}</h3>
                <ul className="guide__principles" aria-labelledby={`dimension-${d.key}`}>
                  {d.principles.map((p) => (
                    <li key={p.key}>
                      <Link to={`/guide/principles/${encodeURIComponent(p.key)}`}>{p.title}</Link>
                    </li>
                  ))}
                </ul>
              </div>
            ))}
          </>
        )}
      </section>
    </div>
  );
}

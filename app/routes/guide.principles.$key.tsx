import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { formatDate, todayInHelsinki } from '~/domain/dates';
import { canViewDecision } from '~/domain/permissions';
import { type AnswerValue, fromStored, signedScore } from '~/domain/scale';
import { getFrameworkVersion, versionIdInForce } from '~/models/framework.server';
import { type GuideExample, findGuidePrinciple, latestEvaluation, principleExamples, projectExamples } from '~/models/guide.server';
import guideStyles from '~/styles/guide.css';
import { invariantFound, requireUser } from '~/utils/auth.server';
import { useT } from '~/utils/i18n';
import { serverTranslator } from '~/utils/language.server';

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: guideStyles }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title ?? ''} – Linssi` }];

/**
 * One principle's guide, for every logged-in user: the principle of the strategy in force (or of
 * an older version that had the key), decided public examples matched across versions by key,
 * and the vitality group's latest texts on it. Confidential decisions are never read here.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const key = params.key ?? '';
  const versionId = await versionIdInForce(todayInHelsinki());
  const found = await findGuidePrinciple(key, versionId, user.roles.includes('admin'));
  invariantFound(found);
  const scored = found.dimension.kind === 'scored';
  const [positive, negative, projects, evaluation, inForce] = await Promise.all([
    scored ? principleExamples(key, 'positive') : Promise.resolve([]),
    scored ? principleExamples(key, 'negative') : Promise.resolve([]),
    scored ? Promise.resolve([]) : projectExamples(key),
    latestEvaluation(key, user.roles.includes('group') || user.roles.includes('admin')),
    versionId ? getFrameworkVersion(versionId) : Promise.resolve(null),
  ]);
  const example = (e: GuideExample) => ({
    id: e.decisionId,
    title: e.title,
    meetingDate: e.meetingDate,
    answer: fromStored('scored', e.score),
    score: e.score,
    rationale: e.rationale,
    mitigation: e.mitigation,
    // Decided public ones are visible to all staff; asked of the rule all the same.
    visible: canViewDecision(user, { authorId: e.authorId, departmentId: e.departmentId, confidential: false, status: 'decided' }),
  });
  // The archive filters by the principles of the version in force.
  const inArchive = Boolean(inForce?.dimensions.some((d) => d.kind === 'scored' && d.principles.some((p) => p.key === key)));
  return {
    title: `${found.principle.title} – ${serverTranslator(request, user)('guide.title')}`,
    key,
    principle: found.principle,
    dimension: found.dimension,
    version: found.version,
    fromOlderVersion: found.fromOlderVersion,
    scored,
    inArchive,
    positive: positive.map(example),
    negative: negative.map(example),
    projects: projects.map(example),
    evaluation,
  };
}

type Example = ReturnType<typeof useLoaderData<typeof loader>>['positive'][number];

function ExampleList({ items, empty, idPrefix }: { items: Example[]; empty: string; idPrefix: string }) {
  const t = useT();
  if (items.length === 0) return <p className="empty">{empty}</p>;
  return (
    <ul className="answer-list guide__examples">
      {items.map((e) => (
        <li key={e.id} className="answer-list__item">
          <h4 id={`${idPrefix}-${e.id}`} className="answer-list__title">
            {e.visible ? <Link to={`/decisions/${e.id}`}>{e.title}</Link> : e.title}
          </h4>
          <p className="muted guide__meeting">{t('guide.meeting', { date: formatDate(e.meetingDate) })}</p>
          {e.answer ? <Answer value={e.answer} score={e.score} /> : null}
          {e.rationale ? (
            <p className="prewrap">
              <strong>{t('guide.rationale')}:</strong> {e.rationale}
            </p>
          ) : null}
          {e.score < 0 && e.mitigation ? (
            <p className="prewrap">
              <strong>{t('guide.mitigation')}:</strong> {e.mitigation}
            </p>
          ) : null}
        </li>
      ))}
    </ul>
  );
}

function Answer({ value, score }: { value: AnswerValue; score: number }) {
  const t = useT();
  const tone = score > 0 ? ' answer--positive' : score < 0 ? ' answer--negative' : '';
  return (
    <p className={`answer${tone}`}>
      <span className="visually-hidden">{t('guide.answer')}: </span>
      <span className="answer__sign">{signedScore(score)}</span> {t(`answers.${value}`)}
    </p>
  );
}

export default function PrinciplePage() {
  const data = useLoaderData<typeof loader>();
  const { principle, dimension, version, evaluation, key } = data;
  const t = useT();
  const roundName = evaluation
    ? evaluation.periodFrom.endsWith('-09-01') &&
      evaluation.periodTo.endsWith('-08-31') &&
      Number(evaluation.periodTo.slice(0, 4)) === Number(evaluation.periodFrom.slice(0, 4)) + 1
      ? t('evaluation.roundTitleYear', { year: evaluation.periodTo.slice(0, 4) })
      : t('evaluation.roundTitle', { from: formatDate(evaluation.periodFrom), to: formatDate(evaluation.periodTo) })
    : '';
  const archiveLink = (effect: 'positive' | 'negative') => `/archive?principle=${encodeURIComponent(key)}&effect=${effect}`;
  return (
    <div className="page page--narrow guide">
      <p className="breadcrumb">
        <Link to="/guide">{t('guide.backToGuide')}</Link>
      </p>
      <h1>{principle.title}</h1>
      <dl className="meta-list">
        <div>
          <dt>{t('guide.dimension')}</dt>
          <dd>{dimension.name}</dd>
        </div>
        <div>
          <dt>{t('guide.strategy')}</dt>
          <dd>{version.name}</dd>
        </div>
      </dl>
      {data.fromOlderVersion ? (
        <p className="notice notice--info">
          {version.draft
            ? t('guide.draftVersion', { name: version.name })
            : t('guide.olderVersion', { name: version.name, from: formatDate(version.validFrom) })}
        </p>
      ) : null}

      <section aria-labelledby="what">
        <h2 id="what">{t('guide.whatIsIt')}</h2>
        {principle.description ? <p className="prewrap">{principle.description}</p> : <p className="muted">{t('guide.noDescription')}</p>}
      </section>

      <section aria-labelledby="questions">
        <h2 id="questions">{t('guide.questions')}</h2>
        {principle.guidingQuestions.length > 0 ? (
          <ul className="guide__questions">
            {principle.guidingQuestions.map((q) => (
              <li key={q}>{q}</li>
            ))}
          </ul>
        ) : (
          <p className="muted">{t('guide.noQuestions')}</p>
        )}
      </section>

      <section aria-labelledby="examples">
        <h2 id="examples">{t('guide.examplesTitle')}</h2>
        {data.scored ? (
          <>
            <p>{t('guide.examplesIntro')}</p>
            <section aria-labelledby="strengthened">
              <h3 id="strengthened">{t('guide.strengthenedTitle')}</h3>
              <ExampleList items={data.positive} empty={t('guide.noStrengthened')} idPrefix="positive" />
              {data.inArchive && data.positive.length > 0 ? (
                <p>
                  <Link to={archiveLink('positive')}>{t('guide.moreStrengthened')}</Link>
                </p>
              ) : null}
            </section>
            <section aria-labelledby="weakened">
              <h3 id="weakened">{t('guide.weakenedTitle')}</h3>
              <ExampleList items={data.negative} empty={t('guide.noWeakened')} idPrefix="negative" />
              {data.inArchive && data.negative.length > 0 ? (
                <p>
                  <Link to={archiveLink('negative')}>{t('guide.moreWeakened')}</Link>
                </p>
              ) : null}
            </section>
          </>
        ) : (
          <section aria-labelledby="advanced">
            <h3 id="advanced">{t('guide.projectExamplesTitle')}</h3>
            <p>{t('guide.projectExamplesIntro')}</p>
            <ExampleList items={data.projects} empty={t('guide.noProjectExamples')} idPrefix="project" />
          </section>
        )}
      </section>

      <section aria-labelledby="group-evaluation" id="evaluation">
        <h2 id="group-evaluation">{t('guide.evaluationOfGroup')}</h2>
        {evaluation && evaluation.texts.length > 0 ? (
          <>
            <p className="muted">{t('guide.evaluationRound', { round: roundName, status: t(`evaluation.status.${evaluation.status}`) })}</p>
            {evaluation.texts.map((text) => (
              <div key={text.number} className="guide__evaluation">
                <h3>{dimension.evaluationQuestions[text.number - 1] ?? t('guide.questionNumber', { number: text.number })}</h3>
                <p className="prewrap">{text.text}</p>
              </div>
            ))}
          </>
        ) : (
          <p className="empty">{t('guide.evaluationNone')}</p>
        )}
      </section>

      <p id="back" className="guide__back">
        <Link to="/guide">{t('guide.backToGuide')}</Link>
      </p>
    </div>
  );
}

import { agendaParagraph } from '~/domain/agenda';
import { scoredPrinciples, linkedPrinciples } from '~/domain/framework';
import { summarize } from '~/domain/summary';
import { canEditDecision, canCreateDecision } from '~/domain/permissions';
import { judge } from '~/domain/workflow';
import { listReviews } from './review.server';
import { accessFacts } from './decision.server';
import type { DecisionGrant } from './decision-access.server';
import { getAssessmentContent } from './assessment-content.server';
import { getFrameworkVersion } from './framework.server';

/**
 * Everything the assessment page shows: the draft, its answers by dimension, the summary and the
 * agenda text. Through the grant (decision-access.server.ts): a confidential one's view is on record.
 */
export async function getAssessmentView(grant: DecisionGrant) {
  const { user: actor, decision } = grant;
  const framework = await getFrameworkVersion(decision.assessment.frameworkVersionId);
  if (!framework) return null;
  const [content, reviews] = await Promise.all([getAssessmentContent(grant, framework), listReviews(grant)]);
  const facts = accessFacts(decision);
  const scored = scoredPrinciples(framework);
  const answerOf = (key: string) => content.answers[key] ?? { answer: null, rationale: '', mitigation: '' };
  const summary = summarize(scored.map((p) => answerOf(p.key).answer));
  const projects = linkedPrinciples(framework).filter((p) => content.projects.includes(p.key));
  return {
    decision,
    framework: { id: framework.id, name: framework.name, validTo: framework.validTo },
    canEdit: canEditDecision(actor, facts),
    canReview: judge(actor, facts, 'approve') === 'ok',
    canDecide: judge(actor, facts, 'decide') === 'ok',
    canCopy: canCreateDecision(actor),
    isAuthor: decision.authorId === actor.id,
    reviews,
    dimensions: framework.dimensions
      .filter((d) => d.kind === 'scored')
      .map((d) => ({
        key: d.key,
        name: d.name,
        principles: d.principles.map((p) => ({ key: p.key, title: p.title, ...answerOf(p.key) })),
      })),
    projects: projects.map((p) => ({ key: p.key, title: p.title })),
    chartRows: scored.map((p) => ({ key: p.key, title: p.title, answer: answerOf(p.key).answer })),
    summary,
    agendaParagraph: agendaParagraph({
      strategyName: framework.name,
      principles: scored.map((p) => ({ title: p.title, ...answerOf(p.key) })),
      projects: projects.map((p) => p.title),
    }),
  };
}

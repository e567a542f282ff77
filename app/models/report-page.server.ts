import { todayInHelsinki } from '~/domain/dates';
import { type Period, evaluationPeriodOf, periodFromQuery } from '~/domain/period';
import { seesAllDecisions } from '~/domain/permissions';
import { hasRole } from '~/domain/roles';
import { cachedByData } from '~/utils/cache.server';
import type { User } from './user.server';
import { roundOfPeriod, topicsOfPeriod } from './evaluation.server';
import { type ReportScope, coverage, principlesOfPeriod, negativeAnswers, numbersBy, projectDecisions, topSupporters, yearlyNumbers } from './report.server';

/** Whose numbers a user may see: the group and admins all; a manager the departments they lead. */
export function reportScopeFor(user: User, period: Period): ReportScope | null {
  if (seesAllDecisions(user)) return { period, departmentIds: null };
  if (hasRole(user, 'manager')) return { period, departmentIds: user.leads };
  return null;
}

/** The period before: the same length, ending the day before this one starts (a year for a standard period). */
export function previousPeriod(period: Period): Period {
  if (period.year !== null) return evaluationPeriodOf(`${period.year - 1}-01-01`);
  const from = new Date(`${period.from}T00:00:00Z`);
  const to = new Date(`${period.to}T00:00:00Z`);
  const days = Math.round((to.getTime() - from.getTime()) / 86_400_000) + 1;
  const prevTo = new Date(from.getTime() - 86_400_000);
  const prevFrom = new Date(prevTo.getTime() - (days - 1) * 86_400_000);
  return { from: prevFrom.toISOString().slice(0, 10), to: prevTo.toISOString().slice(0, 10), year: null };
}

export function periodOfRequest(request: Request): Period {
  return periodFromQuery(new URL(request.url).searchParams, todayInHelsinki());
}

/**
 * Everything the report page (and its Word and Excel files) shows, for one scope: computed once
 * and reused until the data changes (app/utils/cache.server.ts).
 */
export function reportPage(scope: ReportScope) {
  const key = JSON.stringify(['reportPage', scope.period.from, scope.period.to, scope.departmentIds ?? null, scope.bodyId ?? null]);
  return cachedByData(key, () => computeReportPage(scope));
}

async function computeReportPage(scope: ReportScope) {
  const previous = previousPeriod(scope.period);
  const [numbers, before, cover, byBody, byDepartment, negatives, projects] = await Promise.all([
    yearlyNumbers(scope),
    yearlyNumbers({ ...scope, period: previous }),
    coverage(scope),
    numbersBy('body', scope),
    numbersBy('department', scope),
    negativeAnswers(scope),
    projectDecisions(scope),
  ]);
  const supporters = Object.fromEntries(await Promise.all(numbers.principles.map(async (p) => [p.key, await topSupporters(scope, p.key)] as const)));
  const previousMeans = Object.fromEntries(before.principles.map((p) => [p.key, p.mean]));
  const projectTitles = Object.fromEntries((await principlesOfPeriod(scope.period)).filter((p) => p.kind === 'linked').map((p) => [p.key, p.title]));
  // The group's words for the same period, when a round exists: printed with the figures.
  const [round, topics] = await Promise.all([roundOfPeriod(scope.period), topicsOfPeriod(scope.period)]);
  const words = round
    ? {
        status: round.status,
        summary: round.summary,
        proposals: round.proposals,
        boardComments: round.boardComments,
        sentOn: round.sentOn,
        presentedOn: round.presentedOn,
        topics: topics.map((tp) => ({
          key: tp.key,
          title: tp.title,
          questions: tp.questions.map((q) => ({ key: q.key, text: q.text, answer: round.answers[q.key]?.text ?? '' })),
        })),
      }
    : null;
  return {
    numbers,
    previous: { ...previous, means: previousMeans },
    coverage: cover,
    byBody,
    byDepartment,
    negatives,
    projects,
    supporters,
    projectTitles,
    words,
  };
}

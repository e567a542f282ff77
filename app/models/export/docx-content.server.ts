/** What the yearly report's Word document shows, read for one scope: the report page and the round. */
import { todayInHelsinki } from '~/domain/dates';
import type { Translate } from '~/i18n';
import { type EvaluationTopic, type Round, roundOfPeriod, topicsOfPeriod } from '../evaluation.server';
import { getSetting } from '../organisation.server';
import { reportPage } from '../report-page.server';
import type { ReportScope } from '../report.server';

export type ReportPageData = Awaited<ReturnType<typeof reportPage>>;

export interface DocxReport {
  municipality: string;
  title: string;
  page: ReportPageData;
  /** Null when no round was opened for the period. */
  round: Round | null;
  topics: EvaluationTopic[];
  /** A manager's report covers only their departments; the document says so. */
  partial: boolean;
  madeOn: string;
}

/**
 * Everything the .docx shows, for one scope: the report page's numbers and the group's round of
 * the period (its texts are the group's words to the council, shown on the report page to
 * everyone who may see it; the topics are read here for their dimensions, which group them).
 */
export async function exportReport(scope: ReportScope, t: Translate): Promise<DocxReport> {
  const [page, municipality, round, topics] = await Promise.all([
    reportPage(scope),
    getSetting('municipality_name'),
    roundOfPeriod(scope.period),
    topicsOfPeriod(scope.period),
  ]);
  const { period } = scope;
  return {
    municipality: municipality ?? '',
    title: period.year ? t('report.titleYear', { year: period.year }) : t('report.title'),
    page,
    round,
    topics,
    partial: Boolean(scope.departmentIds),
    madeOn: todayInHelsinki(),
  };
}

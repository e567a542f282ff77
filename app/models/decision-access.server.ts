import type { AppLoadContext } from '@remix-run/node';
import { canCreateDecision, canViewDecision, type DecisionAccessFacts } from '~/domain/permissions';
import type { Actor } from '~/domain/roles';
import { type Verdict, type WorkflowAction, judge } from '~/domain/workflow';
import { writeAudit } from '~/utils/audit.server';
import { refusal, requireUser } from '~/utils/auth.server';
import { db } from '~/utils/db.server';
import { parseId } from '~/utils/notice';
import { type DecisionDetail, accessFacts, getDecisionDetail } from './decision.server';
import type { User } from './user.server';

/**
 * The one way a route reaches a single decision (ADR 010). It parses the id,
 * reads the decision, judges the use (404 not yours to see, 403 not yours to do, 409 not now, as
 * `judge` answers) and, for a confidential decision, writes the `assessment.view` audit row
 * (Information Management Act 906/2019, 17 §) for every request whose answer shows it:
 *
 * - `requireDecision` (loaders, and the copy that reads another decision's answers): the row is
 *   written before the decision is returned, so no content is read without it;
 * - `withDecision` (actions): the row is written when the action answers with the page again (a
 *   400 with the form, a conflict page); an action that redirects or refuses (throws) shows
 *   nothing and writes no row.
 *
 * A refusal writes no row: 404, 403, a plain 409, and the "locked" 409 page (`locked: true`), which
 * names the decision and shows back what the user typed but none of its content (ADR 010).
 *
 * One row per request: a form posted without JavaScript runs the action and then the page's
 * loader in one request (one load context), and both count once.
 *
 * What a route may read of the decision takes the grant these return (`DecisionGrant`, which only
 * this module makes): `getAssessmentView`, `getAssessmentContent`, `listReviews`, `listSnapshotPage`, `readComparedSnapshots`,
 * `strategyOffer`, and the changes (`saveChecklist`, `reviewAssessment`, …). The raw readers
 * (`getDecisionDetail`, `readAssessmentContent`) are for models only;
 * test/integration/confidential-audit.test.ts fails if a route imports them.
 */

/** What the user wants to do with the decision: see it, copy it as a new draft, or a workflow action. */
export type DecisionUse = 'view' | 'copy' | WorkflowAction;

declare const granted: unique symbol;

/** Proof that this user may use this decision so, and that the view is on record if it was confidential. */
export interface DecisionGrant {
  readonly [granted]: true;
  readonly user: User;
  readonly decision: DecisionDetail;
  readonly use: DecisionUse;
  /** 'conflict' only when the caller asked for it (`locked`): the page then says that the state does not allow the use. */
  readonly verdict: 'ok' | 'conflict';
}

export interface DecisionArgs {
  request: Request;
  params: Record<string, string | undefined>;
  context: AppLoadContext;
}

export interface GrantOptions {
  /** The id, when it is not the route's `$id` (e.g. `?copyFrom=`). */
  id?: string | null;
  /** Give a grant with verdict 'conflict' instead of throwing 409: the route shows a "locked" page. */
  locked?: boolean;
  /** The user, when the route has already asked (requireRole): not read again. */
  user?: User;
}

function verdictOf(actor: Actor, facts: DecisionAccessFacts, use: DecisionUse): Verdict {
  if (!canViewDecision(actor, facts)) return 'not_found';
  if (use === 'view') return 'ok';
  if (use === 'copy') return canCreateDecision(actor) ? 'ok' : 'forbidden';
  return judge(actor, facts, use);
}

const make = (user: User, decision: DecisionDetail, use: DecisionUse, verdict: 'ok' | 'conflict') => ({ user, decision, use, verdict }) as DecisionGrant;

/** The grant, or the refusal: 404 (not yours to see, or no such id), 403, or 409 (unless `locked`). */
async function grantOf(args: DecisionArgs, use: DecisionUse, options: GrantOptions): Promise<DecisionGrant> {
  const user = options.user ?? (await requireUser(args.request));
  const decision = await getDecisionDetail(parseId((options.id === undefined ? args.params.id : options.id) ?? undefined));
  if (!decision) throw refusal('not_found');
  const verdict = verdictOf(user, accessFacts(decision), use);
  if (verdict === 'ok' || (verdict === 'conflict' && options.locked)) return make(user, decision, use, verdict);
  throw refusal(verdict);
}

/** Grants whose decision was re-read as confidential (made confidential in between): their view is recorded too. */
const confidentialNow = new WeakSet<DecisionGrant>();

/** The decisions whose view is already on record for a request, by its load context (one per HTTP request). */
const recorded = new WeakMap<object, Set<number>>();

/** Every view of a confidential assessment is on record (Information Management Act 906/2019, 17 §): one row per request. */
async function recordView(args: DecisionArgs, grant: DecisionGrant) {
  const d = grant.decision;
  if (!d.confidential && !confidentialNow.has(grant)) return;
  // The "locked" page (409: the state no longer allows the step) names the decision and shows back
  // what the user typed, nothing of its content: a refusal, which writes no row (ADR 010).
  if (grant.verdict === 'conflict') return;
  const key: object = args.context ?? args.request;
  const seen = recorded.get(key) ?? new Set<number>();
  if (seen.has(d.id)) return;
  await writeAudit(db(), {
    userId: grant.user.id,
    action: 'assessment.view',
    entityType: 'assessment',
    entityId: d.assessment.id,
    details: { decisionId: d.id },
  });
  seen.add(d.id);
  recorded.set(key, seen);
}

/**
 * For a loader (and anything else that reads a decision to show or copy it): the decision, if
 * this user may use it so; a confidential one's view is on record before it is returned.
 */
export async function requireDecision(args: DecisionArgs, use: DecisionUse, options: GrantOptions = {}): Promise<DecisionGrant> {
  const grant = await grantOf(args, use, options);
  await recordView(args, grant);
  return grant;
}

/**
 * As requireDecision, but null (and no row) where it would refuse: for an optional reference such
 * as the copy source of a new draft, which is ignored when it is not the user's to see.
 */
export async function findDecision(args: DecisionArgs, use: DecisionUse, options: GrantOptions = {}): Promise<DecisionGrant | null> {
  try {
    return await requireDecision(args, use, options);
  } catch (error) {
    if (error instanceof Response && error.status >= 400 && error.status < 500) return null;
    throw error;
  }
}

/**
 * For an action: `act` gets the grant. When it answers (returns) the page is shown again with the
 * decision, so a confidential one's view is recorded before the answer leaves; when it throws (a
 * redirect after a change, a refusal) nothing is shown and no row is written. A returned redirect
 * or refusal counts as thrown.
 */
export async function withDecision<T>(args: DecisionArgs, use: DecisionUse, act: (grant: DecisionGrant) => Promise<T>, options: GrantOptions = {}): Promise<T> {
  const grant = await grantOf(args, use, options);
  const answer = await act(grant);
  const showsNothing = answer instanceof Response && ((answer.status >= 300 && answer.status < 400) || answer.status === 403 || answer.status === 404);
  if (!showsNothing) await recordView(args, grant);
  return answer;
}

/**
 * The decision as it is now, for the same user and use: after a refused save, the conflict page
 * shows the version saved in between. Within the request its view is already on record (or is
 * recorded when the action answers).
 */
export async function reread(grant: DecisionGrant): Promise<DecisionGrant> {
  const decision = await getDecisionDetail(grant.decision.id);
  if (!decision || !canViewDecision(grant.user, accessFacts(decision))) throw refusal('not_found');
  if (decision.confidential) confidentialNow.add(grant);
  return make(grant.user, decision, grant.use, grant.verdict);
}

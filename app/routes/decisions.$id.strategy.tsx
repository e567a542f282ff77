import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { redirect } from '@remix-run/node';
import { withDecision } from '~/models/decision-access.server';
import { moveToVersionInForce } from '~/models/framework-move.server';
import { refusal, requireUser } from '~/utils/auth.server';
import { parseId, withNotice } from '~/utils/notice';
import { readForm } from '~/utils/form.server';

/** Nothing to show here: the offer is on the decision page and the checklist. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireUser(request);
  return redirect(`/decisions/${parseId(params.id)}`);
}

/** Moves the draft to the strategy version in force on its meeting date (its author, while it is a draft). */
export const action = (args: ActionFunctionArgs) =>
  withDecision(args, 'save', async (grant) => {
    const id = grant.decision.id;
    const form = await readForm(args.request);
    const number = (name: string) => {
      const raw = String(form.get(name) ?? '');
      return /^\d{1,9}$/.test(raw) ? Number(raw) : -1;
    };
    const result = await moveToVersionInForce(grant, number('version'), number('target'));
    if (!result.ok) {
      // Saved in between, or another version is in force by now: back to the checklist, which shows the current offer.
      if (result.reason === 'stale') return redirect(`/decisions/${id}/checklist`);
      throw refusal(result.reason);
    }
    return redirect(withNotice(`/decisions/${id}/checklist`, 'strategyMoved'));
  });

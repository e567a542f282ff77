import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { redirect } from '@remix-run/node';
import { withDecision } from '~/models/decision-access.server';
import { moveToVersionInForce } from '~/models/framework-move.server';
import { requireUser } from '~/models/auth.server';
import { refusal, requireId } from '~/utils/http.server';
import { withNotice } from '~/utils/notice';
import { parseId } from '~/utils/params';
import { readForm } from '~/utils/form.server';
import { text } from '~/domain/validation';

/** Nothing to show here: the offer is on the decision page and the checklist. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireUser(request);
  return redirect(`/decisions/${requireId(params.id)}`);
}

/** Moves the draft to the strategy version in force on its meeting date (its author, while it is a draft). */
export const action = (args: ActionFunctionArgs) =>
  withDecision(args, 'save', async (grant) => {
    const id = grant.decision.id;
    const form = await readForm(args.request);
    // The version as elsewhere (anything but the current one is stale); no target is a changed offer.
    const result = await moveToVersionInForce(grant, Number(text(form, 'version')), parseId(text(form, 'target')));
    if (!result.ok) {
      // Saved in between, or another version is in force by now: back to the checklist, which shows the current offer.
      if (result.reason === 'stale') return redirect(`/decisions/${id}/checklist`);
      throw refusal(result.reason);
    }
    return redirect(withNotice(`/decisions/${id}/checklist`, 'strategyMoved'));
  });

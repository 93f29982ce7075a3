import { useTranslation } from 'react-i18next';
import { useVoting, useVotingSelect } from '../voting';
import { finalOf } from './conclusionModel';
import { ConclusionFinal } from './ConclusionFinal';

/**
 * Under an agenda item: its final conclusion, compact. Like the item's polls it reads the
 * meeting from the shell's store with a narrow key, so the agenda row's memo holds.
 */
export function ItemConclusion({ itemId }: { itemId: string }) {
  const { openMeetingId } = useVoting();
  const key = useVotingSelect((store) => {
    const v = store.get(openMeetingId);
    const c = v ? finalOf(v, itemId) : null;
    return c ? `${c.id}:${c.version}` : '';
  });
  if (!key) return null;
  return <ItemConclusionBlock itemId={itemId} />;
}

function ItemConclusionBlock({ itemId }: { itemId: string }) {
  useTranslation('followup');
  const { openMeetingId, store } = useVoting();
  // Read, not subscribed: ItemConclusion's key (id and version) redraws this when it changes.
  const view = store.get(openMeetingId);
  const c = view ? finalOf(view, itemId) : null;
  if (!view || !c) return null;
  return <ConclusionFinal meetingId={view.id} conclusion={c} canCorrect={false} compact />;
}

/**
 * live/<id> of a meeting the demo seeds as already held: what the server would have
 * published from its database (no item under discussion, each item's latest conclusion,
 * every task), written once to the store before the server starts.
 */
import * as Y from 'yjs';
import { liveDoc } from '../../shared/ydoc/live';
import type { AfterRepo } from '../records/after-repo';
import type { RecordsDb } from '../records/sql';
import type { Store } from '../store/types';

export async function storeClosedLive(store: Store, rdb: RecordsDb, after: AfterRepo, meetingId: string): Promise<void> {
  const { conclusions, tasks } = await rdb.read(function* () {
    return { conclusions: yield* after.latestConclusions(meetingId), tasks: yield* after.taskJsonOfMeeting(meetingId) };
  });
  const live = new Y.Doc();
  live.transact(() => {
    liveDoc.state(live).set('currentItemId', null);
    liveDoc.state(live).set('startedAt', null);
    for (const [itemId, c] of conclusions) {
      const { meetingId: _m, ...conclusion } = c;
      liveDoc.conclusions(live).set(itemId, JSON.stringify(conclusion));
    }
    for (const { id, json } of tasks) liveDoc.tasks(live).set(id, json);
  });
  await store.appendUpdate(`live/${meetingId}`, Y.encodeStateAsUpdate(live));
  live.destroy();
}

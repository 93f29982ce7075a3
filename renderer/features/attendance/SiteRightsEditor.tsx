import { useTranslation } from 'react-i18next';
import type { MeetingView } from '../../../shared/contract';
import { fullRights, type QuorumCounts, type SiteRights } from '../../../shared/domain/site-rights';
import { useClient } from '../../app/connection';
import { ErrorNotice } from '../../app/ErrorNotice';
import { useAction } from '../../app/useAction';
import { useDraft } from '../../app/useDraft';
import styles from './attendance.module.css';
import { TableHead } from '../../app/TableHead';
import { Panel } from '../../app/Panel';

/**
 * Remote sites' rights and where presence counts for the quorum (issue 17). Everyone sees
 * which rule is in force; the secretariat sets, per bridge, whether its members may vote
 * and speak (some councils let remote members only observe), and the quorum's rule.
 */
export function SiteRightsEditor({ view }: { view: MeetingView }) {
  const { t } = useTranslation('room');
  const client = useClient();
  const { run, busy, error, clearError } = useAction();
  const meta = view.content.meta;
  const bridges = view.content.sites.filter((s) => s.kind === 'bridge');
  const edit = useDraft<{ rights: SiteRights; counts: QuorumCounts }>();
  const draft = edit.draft;
  const limited = bridges.filter((s) => {
    const r = meta.siteRights[s.id];
    return r && (!r.vote || !r.speak);
  });

  const save = async ({ rights, counts }: { rights: SiteRights; counts: QuorumCounts }) => {
    if (await run(() => client.meetings.updateMeta({ meetingId: view.id, patch: { siteRights: rights, quorumCounts: counts } }))) edit.stop();
  };
  const set = (siteId: string, key: 'vote' | 'speak', value: boolean) => edit.change((d) => ({ ...d, rights: { ...d.rights, [siteId]: { ...(d.rights[siteId] ?? fullRights), [key]: value } } }));

  return (
    <Panel title={t('sites.title')} small className="site-rights" testId="site-rights">
      {!draft ? (
        <>
          <p data-testid="quorum-counts" data-rule={meta.quorumCounts}>
            {t(`sites.counts.${meta.quorumCounts}`)}
          </p>
          {bridges.length > 0 && (
            <p data-testid="site-rights-summary">
              {limited.length === 0
                ? t('sites.allFull')
                : limited.map((s) => t(meta.siteRights[s.id]!.vote ? 'sites.noSpeak' : meta.siteRights[s.id]!.speak ? 'sites.noVote' : 'sites.observe', { site: s.name })).join(' · ')}
            </p>
          )}
          {view.canEdit && (
            <button type="button" className="btn btn-small" data-testid="site-rights-edit" onClick={() => edit.start({ rights: meta.siteRights, counts: meta.quorumCounts })}>
              {t('sites.edit')}
            </button>
          )}
        </>
      ) : (
        <form
          data-testid="site-rights-form"
          onSubmit={(e) => {
            e.preventDefault();
            void save(draft);
          }}
        >
          <fieldset>
            <legend>{t('sites.countsLegend')}</legend>
            {(['any_site', 'main_hall'] as const).map((c) => (
              <label key={c} className={styles.siteRightsOption}>
                <input type="radio" name="quorum-counts" value={c} checked={draft.counts === c} onChange={() => edit.change((d) => ({ ...d, counts: c }))} data-testid={`quorum-counts-${c}`} /> {t(`sites.counts.${c}`)}
              </label>
            ))}
          </fieldset>
          {bridges.length > 0 && (
            <table className={styles.siteRightsTable}>
              <TableHead columns={[t('sites.site'), t('sites.vote'), t('sites.speak')]} />
              <tbody>
                {bridges.map((s) => {
                  const r = draft.rights[s.id] ?? fullRights;
                  return (
                    <tr key={s.id} data-testid="site-rights-row" data-site-id={s.id}>
                      <th scope="row">{s.name}</th>
                      <td>
                        <input type="checkbox" aria-label={t('sites.voteAt', { site: s.name })} checked={r.vote} onChange={(e) => set(s.id, 'vote', e.target.checked)} data-testid="site-vote" />
                      </td>
                      <td>
                        <input type="checkbox" aria-label={t('sites.speakAt', { site: s.name })} checked={r.speak} onChange={(e) => set(s.id, 'speak', e.target.checked)} data-testid="site-speak" />
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          )}
          <div className="details-actions">
            <button type="submit" className="btn btn-small btn-primary" data-testid="site-rights-save" disabled={busy}>
              {t('sites.save')}
            </button>
            <button type="button" className="btn btn-small" onClick={edit.stop}>
              {t('sites.cancel')}
            </button>
          </div>
        </form>
      )}
      <ErrorNotice error={error} onDismiss={clearError} />
    </Panel>
  );
}

import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MeetingView } from '../../../shared/contract';
import type { PollView } from '../../../shared/ydoc/live';
import { Icon } from '../../app/icons';
import { PollBuilder } from './PollBuilder';
import { PollCard } from './PollCard';
import { canManagePolls } from './pollRules';
import styles from './voting.module.css';
import { visibleText } from '../../app/visible-text';
import { PanelHead } from '../../app/PageHead';

const order: Record<PollView['status'], number> = { open: 0, closed: 1, draft: 2, published: 3 };

/** The "Biểu quyết" tab: every poll of the meeting, open ones first, grouped by agenda item. */
export function PollsTab({ view }: { view: MeetingView }) {
  const { t } = useTranslation('voting');
  const [creating, setCreating] = useState(false);
  const manager = canManagePolls(view.role);
  // Delegates do not see drafts: they are the chair's work in progress.
  const polls = view.polls.filter((p) => manager || p.status !== 'draft');
  const groups = [...view.content.agenda.map((a) => ({ key: a.id, title: `${a.number}. ${visibleText(a.title)}` })), { key: null, title: t('tab.noItem') }]
    .map((g) => ({ ...g, polls: polls.filter((p) => p.agendaItemId === g.key).sort((a, b) => order[a.status] - order[b.status]) }))
    .filter((g) => g.polls.length > 0);
  // A poll under an item since removed from the agenda still shows, with the unlinked ones.
  const known = new Set(view.content.agenda.map((a) => a.id));
  const orphans = polls.filter((p) => p.agendaItemId !== null && !known.has(p.agendaItemId));
  if (orphans.length) {
    const unlinked = groups.find((g) => g.key === null);
    if (unlinked) unlinked.polls.push(...orphans);
    else groups.push({ key: null, title: t('tab.noItem'), polls: orphans });
  }

  return (
    <div className={styles.vtTab} data-testid="polls-tab">
      <PanelHead title={t('tab.title')} subtitle={manager ? t('tab.subtitleManager') : t('tab.subtitle')}>
        {manager && (
          <button type="button" className="btn btn-primary" data-testid="poll-create" onClick={() => setCreating(true)}>
            <Icon name="add" />
            {t('tab.create')}
          </button>
        )}
      </PanelHead>
      {groups.length === 0 ? (
        <div className="empty-state" data-testid="polls-empty">
          <h2>{t('tab.empty')}</h2>
          <p>{manager ? t('tab.emptyManager') : t('tab.emptyDelegate')}</p>
        </div>
      ) : (
        groups.map((g) => (
          <section key={g.key ?? 'none'} className={styles.vtGroup} aria-label={g.title}>
            <h3 className={styles.vtGroupTitle}>{g.title}</h3>
            <ul className={styles.vtCards}>
              {g.polls.map((p) => (
                <PollCard key={p.id} view={view} poll={p} />
              ))}
            </ul>
          </section>
        ))
      )}
      {creating && <PollBuilder view={view} onClose={() => setCreating(false)} />}
    </div>
  );
}

/** The tab's count: polls this person can see (delegates do not see drafts). */
export function pollsBadge(view: MeetingView): number {
  return canManagePolls(view.role) ? view.polls.length : view.polls.filter((p) => p.status !== 'draft').length;
}

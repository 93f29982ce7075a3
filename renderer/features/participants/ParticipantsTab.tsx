import { useCallback, useDeferredValue, useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ImportPreview, MeetingView } from '../../../shared/contract';
import { fold } from '../../../shared/text/fold';
import type { MeetingRole } from '../../../shared/roles';
import type { ParticipantView } from '../../../shared/ydoc/meeting';
import { Icon } from '../../app/icons';
import { useClient, useFileRef } from '../../app/connection';
import { RemoveDialog } from '../../app/RemoveDialog';
import { ErrorNotice } from '../../app/ErrorNotice';
import { useAction } from '../../app/useAction';
import { AddParticipantDialog } from './AddParticipantDialog';
import { ImportDialog } from './ImportDialog';
import { ParticipantRow } from './ParticipantRow';
import { RoleOptions } from './RoleOptions';
import { sortSites, SiteOptions } from '../sites';
import styles from './participants.module.css';
import { PanelHead } from '../../app/PageHead';
import { DataTable } from '../../app/DataTable';
import { FileButton } from '../../app/FileButton';
import { EmptyList } from '../../app/EmptyList';

/** Rows drawn at once; more on request. A congress has thousands and nobody scrolls them all. */
const pageSize = 200;

export function ParticipantsTab({ view }: { view: MeetingView }) {
  const { t } = useTranslation();
  const client = useClient();
  const fileRef = useFileRef();
  const id = useId();
  const meetingId = view.id;
  const editable = view.canEdit;
  const { participants } = view.content;
  const sites = useMemo(() => sortSites(view.content.sites), [view.content.sites]);
  const siteNames = useMemo(() => new Map(sites.map((s) => [s.id, s.name])), [sites]);

  const [text, setText] = useState('');
  const [role, setRole] = useState<MeetingRole | ''>('');
  const [site, setSite] = useState('');
  const [limit, setLimit] = useState(pageSize);
  const [adding, setAdding] = useState(false);
  const [removing, setRemoving] = useState<ParticipantView | null>(null);
  const [importing, setImporting] = useState<{ file: File; preview: ImportPreview } | null>(null);
  const { run, running, error, clearError } = useAction<'preview'>();
  // The view carries no user names; the ones this person just created are remembered here.
  const [usernames, setUsernames] = useState<ReadonlyMap<string, string>>(new Map());
  const query = useDeferredValue(fold(text));

  const filtered = useMemo(
    () =>
      participants.filter(
        (p) =>
          (!role || p.role === role) &&
          (!site || (site === 'none' ? p.siteId === null : p.siteId === site)) &&
          (!query || fold(`${p.name} ${p.position ?? ''} ${p.unit ?? ''} ${usernames.get(p.id) ?? ''}`).includes(query)),
      ),
    [participants, role, site, query, usernames],
  );


  const remember = useCallback((added: readonly { userId: string; username: string }[]) => {
    setUsernames((prev) => {
      const next = new Map(prev);
      for (const a of added) next.set(a.userId, a.username);
      return next;
    });
  }, []);

  const onRole = useCallback((userId: string, r: MeetingRole) => void run(() => client.participants.update({ meetingId, userId, patch: { role: r } })), [client, meetingId, run]);
  const onSite = useCallback((userId: string, siteId: string | null) => void run(() => client.participants.update({ meetingId, userId, patch: { siteId } })), [client, meetingId, run]);
  const onRemove = useCallback((p: ParticipantView) => setRemoving(p), []);

  function preview(file: File) {
    return run(async () => setImporting({ file, preview: await client.participants.previewImport({ meetingId, file: await fileRef(file) }) }), 'preview');
  }
  const previewBusy = running === 'preview';

  const filtering = Boolean(text || role || site);

  return (
    <section className="panel table-panel" aria-labelledby={`${id}-title`}>
      <PanelHead
        title={t('participants.title')}
        titleId={`${id}-title`}
        subtitle={filtering ? t('participants.filteredCount', { count: filtered.length, total: participants.length }) : t('meeting.participantsCount', { count: participants.length })}
      >
        {editable ? (
          <div className="panel-tools">
            <FileButton
              className="btn"
              testId="participants-import"
              disabled={previewBusy}
              accept=".csv,text/csv"
              inputLabel={t('participants.import')}
              inputTestId="participants-import-input"
              onFiles={([file]) => void preview(file!)}
            >
              {previewBusy ? t('participants.reading') : t('participants.import')}
            </FileButton>
            <button type="button" className="btn btn-primary" data-testid="participant-add" onClick={() => setAdding(true)}>
              <Icon name="add" />
              {t('participants.add')}
            </button>
          </div>
        ) : (
          <span className="tag tag-readonly">{t('agenda.readOnly')}</span>
        )}
      </PanelHead>
      {editable && (
        <details className={styles.help}>
          <summary>{t('participants.csvHelpTitle')}</summary>
          <p>{t('participants.csvHelp')}</p>
          <code className={styles.csvSample}>Họ và tên, Tên đăng nhập, Chức vụ, Đơn vị, Vai trò, Điểm cầu, Email</code>
          <p className="muted">{t('participants.csvRoles')}</p>
        </details>
      )}
      <ErrorNotice error={error} onDismiss={clearError} testId="participants-error" />

      <div className="filters" role="search">
        <label className="filter filter-grow">
          <span className="visually-hidden">{t('participants.search')}</span>
          <input type="search" data-testid="participants-filter-text" placeholder={t('participants.search')} value={text} onChange={(e) => setText(e.target.value)} />
        </label>
        <label className="filter">
          <span className="filter-label">{t('participants.role')}</span>
          <select data-testid="participants-filter-role" value={role} onChange={(e) => setRole(e.target.value as MeetingRole | '')}>
            <option value="">{t('participants.all')}</option>
            <RoleOptions />
          </select>
        </label>
        <label className="filter">
          <span className="filter-label">{t('participants.site')}</span>
          <select data-testid="participants-filter-site" value={site} onChange={(e) => setSite(e.target.value)}>
            <option value="">{t('participants.all')}</option>
            <option value="none">{t('participants.noSite')}</option>
            <SiteOptions sites={sites} />
          </select>
        </label>
      </div>

      {participants.length === 0 ? (
        <EmptyList testId="participants-table">{editable ? t('participants.emptyEditor') : t('participants.empty')}</EmptyList>
      ) : (
        <DataTable
          columns={[t('participants.name'), t('participants.position'), t('participants.unit'), t('participants.role'), t('participants.site'), editable && { label: t('participants.actions'), hidden: true }]}
          className="participants-table"
          testId="participants-table"
          after={
            <>
              {filtered.length === 0 && <p className="empty-inline">{t('participants.noMatch')}</p>}
              {filtered.length > limit && (
                <div className="show-more">
                  <button type="button" className="btn btn-small" onClick={() => setLimit((l) => l + pageSize)}>
                    {t('participants.showMore', { count: Math.min(pageSize, filtered.length - limit), rest: filtered.length - limit })}
                  </button>
                </div>
              )}
            </>
          }
        >
          {filtered.slice(0, limit).map((p) => (
            <ParticipantRow
              key={p.id}
              participant={p}
              username={usernames.get(p.id)}
              sites={sites}
              siteName={p.siteId ? (siteNames.get(p.siteId) ?? null) : null}
              editable={editable}
              onRole={onRole}
              onSite={onSite}
              onRemove={onRemove}
            />
          ))}
        </DataTable>
      )}

      {adding && <AddParticipantDialog meetingId={meetingId} sites={sites} onAdded={(userId, username) => remember([{ userId, username }])} onClose={() => setAdding(false)} />}
      {importing && <ImportDialog meetingId={meetingId} file={importing.file} preview={importing.preview} onImported={remember} onClose={() => setImporting(null)} />}
      {removing && <RemoveDialog section="participants" thing="participant" name={removing.name} onRemove={() => void run(() => client.participants.remove({ meetingId, userId: removing.id }))} onClose={() => setRemoving(null)} />}
    </section>
  );
}

import { useAction } from '../../app/useAction';
import { useId, useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { MeetingView } from '../../../shared/contract';
import { SiteKind } from '../../../shared/meeting-enums';
import type { SiteView } from '../../../shared/ydoc/meeting';
import { Icon } from '../../app/icons';
import { useClient } from '../../app/connection';
import { RemoveDialog } from '../../app/RemoveDialog';
import { ErrorNotice } from '../../app/ErrorNotice';
import { SiteRow } from './SiteRow';
import { sortSites } from './sortSites';
import { SaveCancel } from '../../app/FormActions';
import { PanelHead } from '../../app/PageHead';
import { TableHead } from '../../app/TableHead';
import { Field } from '../../app/Field';
import { Options } from '../../app/Options';

export function SitesTab({ view }: { view: MeetingView }) {
  const { t } = useTranslation();
  const client = useClient();
  const id = useId();
  const meetingId = view.id;
  const editable = view.canEdit;
  const sites = useMemo(() => sortSites(view.content.sites), [view.content.sites]);
  const counts = useMemo(() => {
    const m = new Map<string | null, number>();
    for (const p of view.content.participants) m.set(p.siteId, (m.get(p.siteId) ?? 0) + 1);
    return m;
  }, [view.content.participants]);
  const [adding, setAdding] = useState(false);
  const [name, setName] = useState('');
  const [kind, setKind] = useState<SiteKind>('bridge');
  const [removing, setRemoving] = useState<SiteView | null>(null);
  const { run, error, clearError } = useAction();
  const hasMain = sites.some((s) => s.kind === 'main');

  async function add(e: FormEvent) {
    e.preventDefault();
    const trimmed = name.trim();
    if (!trimmed) return;
    if (await run(() => client.sites.add({ meetingId, name: trimmed, kind }))) {
      setName('');
      setAdding(false);
    }
  }

  function openAdd() {
    // The first site is almost always the main hall; later ones are bridges.
    setKind(hasMain ? 'bridge' : 'main');
    setAdding(true);
  }

  const withoutSite = counts.get(null) ?? 0;

  return (
    <section className="panel table-panel" aria-labelledby={`${id}-title`}>
      <PanelHead
        title={t('sites.title')}
        titleId={`${id}-title`}
        subtitle={
          <>
            {t('meeting.sitesCount', { count: sites.length })}
            {withoutSite > 0 && ` · ${t('sites.withoutSite', { count: withoutSite })}`}
          </>
        }
      >
        {editable ? (
          !adding && (
            <button type="button" className="btn btn-primary" data-testid="site-add" onClick={openAdd}>
              <Icon name="add" />
              {t('sites.add')}
            </button>
          )
        ) : (
          <span className="tag tag-readonly">{t('agenda.readOnly')}</span>
        )}
      </PanelHead>
      <ErrorNotice error={error} onDismiss={clearError} testId="sites-error" />
      {adding && (
        <form className="inline-form" data-testid="site-add-form" onSubmit={add} onKeyDown={(e) => e.key === 'Escape' && setAdding(false)}>
          <Field htmlFor={`${id}-name`} label={t('sites.name')} className="field-grow">
            <input id={`${id}-name`} data-testid="site-name-input" value={name} maxLength={500} autoFocus placeholder={t('sites.namePlaceholder')} onChange={(e) => setName(e.target.value)} />
          </Field>
          <Field htmlFor={`${id}-kind`} label={t('sites.kind')}>
            <select id={`${id}-kind`} data-testid="site-kind-input" value={kind} onChange={(e) => setKind(SiteKind.parse(e.target.value))}>
              <Options values={SiteKind.options} label={(k) => t(`sites.kinds.${k}`)} />
            </select>
          </Field>
          <SaveCancel saveLabel={t('sites.addConfirm')} cancelLabel={t('common.cancel')} saveTestId="site-add-submit" onCancel={() => setAdding(false)} disabled={!name.trim()} />
        </form>
      )}
      {sites.length === 0 ? (
        <p className="empty-inline">{editable ? t('sites.emptyEditor') : t('meeting.noSites')}</p>
      ) : (
        <table className="data-table sites-table" data-testid="sites-table">
          <TableHead columns={[t('sites.name'), t('sites.kind'), { label: t('sites.participants'), className: 'num' }, editable && { label: t('participants.actions'), hidden: true }]} />
          <tbody>
            {sites.map((s) => (
              <SiteRow
                key={s.id}
                site={s}
                count={counts.get(s.id) ?? 0}
                editable={editable}
                onRename={(newName) => void run(() => client.sites.update({ meetingId, siteId: s.id, name: newName }))}
                onKind={(k) => void run(() => client.sites.update({ meetingId, siteId: s.id, kind: k }))}
                onRemove={() => setRemoving(s)}
              />
            ))}
          </tbody>
        </table>
      )}
      {removing && (
        <RemoveDialog section="sites" thing="site" name={removing.name} onRemove={() => void run(() => client.sites.remove({ meetingId, siteId: removing.id }))} onClose={() => setRemoving(null)}>
          {(counts.get(removing.id) ?? 0) > 0 && <p className="notice notice-warn">{t('sites.removeParticipants', { count: counts.get(removing.id) ?? 0 })}</p>}
        </RemoveDialog>
      )}
    </section>
  );
}

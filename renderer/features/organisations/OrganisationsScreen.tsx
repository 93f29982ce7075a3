import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Organisation, OrganisationList } from '../../../shared/organisations';
import { useClient } from '../../app/connection';
import { ErrorNotice } from '../../app/ErrorNotice';
import { useStanding } from '../../app/standing';
import { Tabs } from '../../app/Tabs';
import { currentLanguage } from '../../i18n';
import { CertificatePanel } from './CertificatePanel';
import { LetterheadForm } from './LetterheadForm';
import { MembersPanel } from './MembersPanel';
import { canEditOrganisation } from '../../../shared/roles';
import { toneClass } from '../../app/tone';
import { CERTIFICATE_TONE, certificateState, certificateText, isAdmin } from './model';
import styles from './organisations.module.css';
import { PageHead, PanelHead } from '../../app/PageHead';
import { DataTable } from '../../app/DataTable';
import { useLoad } from '../../app/useLoad';

type Row = OrganisationList['organisations'][number];
type Tab = 'letterhead' | 'members' | 'certificate';

/**
 * "Tổ chức": the organisations the person keeps (all of them for an administrator), each
 * with its letterhead and signer, members and signing certificate. Administrators create
 * organisations and name their secretariat; the secretariat keeps the letterhead.
 */
export function OrganisationsScreen() {
  const { t } = useTranslation('organisations');
  const client = useClient();
  const standing = useStanding();
  const lang = currentLanguage();
  const [orgs, setOrgs] = useState<Row[] | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const [tab, setTab] = useState<Tab>('letterhead');
  const globalRole = standing?.globalRole ?? 'user';
  const admin = isAdmin(globalRole);

  const { error, clearError } = useLoad(
    () => client.organisations.list({}),
    (l) => {
      setOrgs(l.organisations);
      setSelected((cur) => cur ?? l.organisations.find((o) => o.role === 'secretariat')?.id ?? l.organisations[0]?.id ?? null);
    },
    [client],
  );

  // A save answers the whole organisation: put it in the list in place (the role stays).
  function replaced(o: Organisation) {
    setOrgs((list) => {
      const rest = (list ?? []).filter((r) => r.id !== o.id);
      const role = list?.find((r) => r.id === o.id)?.role ?? null;
      return [...rest, { ...o, role }].sort((a, b) => a.name.localeCompare(b.name, 'vi'));
    });
  }

  const current = orgs?.find((o) => o.id === selected) ?? null;
  const editable = current ? canEditOrganisation(globalRole, current.role) : false;
  const now = Date.now();

  return (
    <div className="page" data-testid="organisations-screen">
      <PageHead title={t('title')} subtitle={t('subtitle')}>
        {admin && !creating && (
          <button type="button" className="btn btn-primary" data-testid="org-create" onClick={() => setCreating(true)}>
            {t('create')}
          </button>
        )}
      </PageHead>
      <ErrorNotice error={error} onDismiss={clearError} />

      {creating && (
        <section className={`panel ${styles.section}`} data-testid="org-create-panel" aria-labelledby="org-create-title">
          <h2 className="panel-title" id="org-create-title">
            {t('createTitle')}
          </h2>
          <LetterheadForm
            organisation={null}
            readOnly={false}
            onCancel={() => setCreating(false)}
            onSaved={(o) => {
              setCreating(false);
              setOrgs((list) => [...(list ?? []), { ...o, role: null }].sort((a, b) => a.name.localeCompare(b.name, 'vi')));
              setSelected(o.id);
              setTab('members');
            }}
          />
        </section>
      )}

      {orgs === null && !error && <p className="loading">{t('loading')}</p>}
      {orgs && orgs.length === 0 && <p className={styles.muted}>{t('empty')}</p>}
      {orgs && orgs.length > 0 && (
        <DataTable columns={[t('columns.kind'), t('columns.name'), t('columns.parent'), t('columns.abbreviation'), t('columns.certificate'), t('columns.role')]} className={styles.list} testId="organisations-table">
          {orgs.map((o) => {
            const cert = certificateState(o, now);
            const isCurrent = o.id === selected;
            return (
              <tr key={o.id} className={isCurrent ? styles.selectedRow : undefined} data-testid={`org-row-${o.abbreviation}`}>
                <td>{t(`kind.${o.kind}`)}</td>
                <td>
                  <button type="button" className={styles.rowLink} data-testid="org-open" onClick={() => setSelected(o.id)} aria-current={isCurrent ? 'true' : undefined}>
                    {o.name}
                  </button>
                </td>
                <td>{o.parentName ?? '—'}</td>
                <td className={styles.mono}>{o.abbreviation}</td>
                <td>
                  <span className={`${styles.cert} ${toneClass(CERTIFICATE_TONE[cert.kind])}`} data-testid="org-cert-state" data-state={cert.kind}>
                    {certificateText(t, cert, lang, o.timeZone)}
                  </span>
                </td>
                <td>{o.role ? t(`role.${o.role}`) : admin ? t('role.admin') : '—'}</td>
              </tr>
            );
          })}
        </DataTable>
      )}

      {current && (
        <section className={`panel ${styles.section}`} data-testid="org-detail" aria-labelledby="org-detail-title">
          <PanelHead title={current.name} titleId="org-detail-title" titleTestId="org-detail-name" subtitle={`${t(`kind.${current.kind}`)} · ${current.abbreviation}`} />
          {!editable && <p className="notice notice-info">{t('readOnly')}</p>}
          <Tabs<Tab>
            tabs={[
              { key: 'letterhead', label: t('tabs.letterhead') },
              ...(editable ? [{ key: 'members' as const, label: t('tabs.members') }, { key: 'certificate' as const, label: t('tabs.certificate') }] : []),
            ]}
            selected={editable ? tab : 'letterhead'}
            onSelect={setTab}
            label={t('tabs.label')}
            idPrefix="org"
          />
          <div role="tabpanel" id={`org-panel-${editable ? tab : 'letterhead'}`} aria-labelledby={`org-tab-${editable ? tab : 'letterhead'}`} className={styles.tabPanel}>
            {(!editable || tab === 'letterhead') && <LetterheadForm key={current.id} organisation={current} readOnly={!editable} onSaved={replaced} />}
            {editable && tab === 'members' && <MembersPanel key={current.id} organisationId={current.id} admin={admin} />}
            {editable && tab === 'certificate' && <CertificatePanel key={current.id} organisation={current} admin={admin} onChanged={replaced} />}
          </div>
        </section>
      )}
    </div>
  );
}

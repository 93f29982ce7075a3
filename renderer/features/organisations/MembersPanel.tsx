import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { OrganisationMember, OrgRole } from '../../../shared/organisations';
import { fold } from '../../../shared/text/fold';
import { useClient } from '../../app/connection';
import { ErrorNotice } from '../../app/ErrorNotice';
import { useAction } from '../../app/useAction';
import styles from './organisations.module.css';
import { TableHead } from '../../app/TableHead';
import { Field } from '../../app/Field';
import { InlineForm } from './InlineForm';

/**
 * Who the organisation's secretariat and members are; an administrator names someone by
 * user name (the server refuses an unknown one by name) or changes their role.
 */
export function MembersPanel({ organisationId, admin }: { organisationId: string; admin: boolean }) {
  const { t } = useTranslation('organisations');
  const client = useClient();
  const [members, setMembers] = useState<OrganisationMember[] | null>(null);
  const [q, setQ] = useState('');
  const [username, setUsername] = useState('');
  const [role, setRole] = useState<OrgRole>('member');
  const [done, setDone] = useState<{ username: string; role: OrgRole } | null>(null);
  const load = useAction();
  const add = useAction();

  const refresh = useCallback(() => load.run(async () => setMembers((await client.organisations.members({ organisationId })).members)), [client, organisationId, load.run]);
  useEffect(() => {
    void refresh();
  }, [refresh]);

  async function submit() {
    const name = username.trim();
    const ok = await add.run(() => client.organisations.setMember({ organisationId, username: name, role }));
    if (ok) {
      setDone({ username: name, role });
      setUsername('');
      await refresh();
    }
  }

  const needle = fold(q.trim());
  const shown = (members ?? []).filter((m) => !needle || fold(m.username).includes(needle) || fold(m.displayName).includes(needle));
  return (
    <div data-testid="members-panel">
      <p className={styles.intro}>{t('members.intro')}</p>
      <ErrorNotice error={load.error} onDismiss={load.clearError} />
      {members && members.length > 3 && (
        <input className={styles.filter} type="search" value={q} onChange={(e) => setQ(e.target.value)} placeholder={t('members.find')} aria-label={t('members.find')} />
      )}
      {members && members.length === 0 && <p className={styles.muted}>{t('members.empty')}</p>}
      {members && members.length > 0 && (
        <table className="data-table" data-testid="members-table">
          <TableHead columns={[t('members.displayName'), t('members.username'), t('members.role')]} />
          <tbody>
            {shown.map((m) => (
              <tr key={m.userId} data-testid={`member-${m.username}`}>
                <td>{m.displayName}</td>
                <td className={styles.mono}>{m.username}</td>
                <td>
                  <span className={m.role === 'secretariat' ? styles.roleSecretariat : styles.roleMember}>{t(`role.${m.role}`)}</span>
                </td>
              </tr>
            ))}
            {shown.length === 0 && (
              <tr>
                <td colSpan={3} className={styles.muted}>
                  {t('members.noMatch', { q })}
                </td>
              </tr>
            )}
          </tbody>
        </table>
      )}
      {admin ? (
        <InlineForm
          title={t('members.addTitle')}
          className={styles.addMember}
          onSubmit={() => void submit()}
          line={
            <>
              <Field htmlFor="member-username" label={t('members.username')}>
                <input id="member-username" data-testid="member-username" value={username} onChange={(e) => setUsername(e.target.value)} placeholder={t('members.usernamePlaceholder')} autoComplete="off" />
              </Field>
              <Field htmlFor="member-role" label={t('members.role')}>
                <select id="member-role" data-testid="member-role" value={role} onChange={(e) => setRole(e.target.value as OrgRole)}>
                  <option value="secretariat">{t('role.secretariat')}</option>
                  <option value="member">{t('role.member')}</option>
                </select>
              </Field>
              <button type="submit" className="btn btn-primary" data-testid="member-add" disabled={add.busy || !username.trim()}>
                {t('members.add')}
              </button>
            </>
          }
        >
          <ErrorNotice error={add.error} onDismiss={add.clearError} testId="member-error" />
          {done && !add.error && (
            <p className={styles.saved} role="status" data-testid="member-added">
              {t('members.added', { username: done.username, role: t(`role.${done.role}`) })}
            </p>
          )}
        </InlineForm>
      ) : (
        <p className="field-hint">{t('members.adminOnly')}</p>
      )}
    </div>
  );
}

import { useEffect, useRef, useState, type FormEvent, type InputHTMLAttributes } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppInfo, SessionInfo } from '../../../shared/contract';
import { ApiError } from '../../../shared/errors';
import { useClient } from '../../app/connection';
import { errorText } from '../../app/errors';
import { formatDateTime } from '../../app/format';
import { useAction } from '../../app/useAction';
import { currentLanguage } from '../../i18n';
import styles from './session.module.css';

interface Props {
  /** When the session expired: explain why, and prefill what we still know. */
  reauth?: boolean;
  previous?: SessionInfo | null;
  onSignedIn(session: SessionInfo): void;
}

export function LoginScreen({ reauth = false, previous = null, onSignedIn }: Props) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const client = useClient();
  const [server, setServer] = useState(previous?.serverUrl ?? '');
  const [username, setUsername] = useState(previous?.user.username ?? '');
  const [password, setPassword] = useState('');
  // The error itself, not its text, so switching language re-translates it.
  const { run, busy, error } = useAction();
  // The address tried, named in the error: the field may have been edited since.
  const [tried, setTried] = useState('');
  const serverEdited = useRef(previous !== null);
  // Kept so a fast submit (before the suggestion arrived) can still use it.
  const info = useRef<Promise<AppInfo | null> | null>(null);
  const [mode, setMode] = useState<AppInfo['mode'] | null>(null);
  const [wipedAt, setWipedAt] = useState<string | null>(null);

  useEffect(() => {
    let current = true;
    const asked = client.app.info({}).catch(() => null);
    info.current = asked;
    void asked.then((i) => {
      if (current && i) {
        setMode(i.mode);
        setWipedAt(i.wipedAt);
      }
      if (current && !serverEdited.current && i?.defaultServerUrl) setServer(i.defaultServerUrl);
    });
    return () => {
      current = false;
    };
  }, [client]);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (busy) return;
    await run(async () => {
      let serverUrl = server;
      if (!serverUrl.trim() && !serverEdited.current) {
        serverUrl = (await info.current)?.defaultServerUrl ?? '';
        setServer(serverUrl);
      }
      setTried(serverUrl.trim());
      try {
        onSignedIn(await client.session.login({ serverUrl, username, password }));
      } catch (err) {
        // At sign-in, a refusal means the credentials, not an expired session.
        throw err instanceof ApiError && err.code === 'unauthorized' ? new ApiError('bad_credentials', err.message) : err;
      }
    });
  }

  return (
    <div className={styles.loginPage}>
      <section className={styles.loginIntro} aria-hidden="true">
        <div className={styles.loginEmblem}>
          <Emblem />
        </div>
        <p className={styles.loginIntroName}>{t('app.name')}</p>
        <p className={styles.loginIntroTagline}>{t('app.tagline')}</p>
      </section>
      <form className={styles.loginCard} data-testid="login-form" onSubmit={submit} noValidate aria-labelledby="login-title">
        <h1 id="login-title">{t('login.title')}</h1>
        <p className="muted">{reauth ? t('login.reauth') : t('login.subtitle')}</p>
        {wipedAt && (
          // Signed out by a remote wipe: say so, or the person thinks their meetings vanished.
          <p className="form-error" data-testid="login-wiped-notice" role="status">
            {t('login.wipedNotice', { at: formatDateTime(wipedAt, lang) })}
          </p>
        )}

        <LoginField
          name="server"
          label={t('login.server')}
          hint={t('login.serverHint')}
          type="url"
          inputMode="url"
          autoComplete="url"
          spellCheck={false}
          value={server}
          onChange={(e) => {
            serverEdited.current = true;
            setServer(e.target.value);
          }}
        />
        <LoginField name="username" label={t('login.username')} autoComplete="username" spellCheck={false} autoFocus={!reauth} value={username} onChange={(e) => setUsername(e.target.value)} />
        <LoginField name="password" label={t('login.password')} type="password" autoComplete="current-password" autoFocus={reauth} value={password} onChange={(e) => setPassword(e.target.value)} />

        {error !== null && (
          <p className="form-error" data-testid="login-error" role="alert">
            {errorText(t, error, { server: tried })}
          </p>
        )}

        <button type="submit" className="btn btn-primary btn-block" data-testid="login-submit" disabled={busy} aria-busy={busy}>
          {busy ? t('login.submitting') : t('login.submit')}
        </button>
        {mode === 'browser' && (
          // No OS keystore in browser mode: the device key is a file of this user's account.
          <p className={styles.loginNotice} data-testid="login-browser-notice" role="note">
            {t('login.browserModeNotice')}
          </p>
        )}
        <p className={styles.loginFooter}>{t('login.footer')}</p>
      </form>
    </div>
  );
}

/** One field of the form: its id and test id are `login-<name>`; a hint describes the input. */
function LoginField({ name, label, hint, ...input }: { name: string; label: string; hint?: string } & InputHTMLAttributes<HTMLInputElement>) {
  const id = `login-${name}`;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input id={id} data-testid={id} aria-describedby={hint ? `${id}-hint` : undefined} {...input} />
      {hint && (
        <small id={`${id}-hint`} className="field-hint">
          {hint}
        </small>
      )}
    </div>
  );
}

/** A sober mark: a bound dossier, drawn inline so nothing is fetched. */
function Emblem() {
  return (
    <svg viewBox="0 0 48 48" width="56" height="56" role="img">
      <rect x="8" y="6" width="30" height="36" rx="3" fill="none" stroke="currentColor" strokeWidth="2.5" />
      <path d="M14 6v36" stroke="currentColor" strokeWidth="2.5" />
      <path d="M20 16h12M20 22h12M20 28h8" stroke="currentColor" strokeWidth="2.5" strokeLinecap="round" />
      <circle cx="38" cy="36" r="7" fill="#c8102e" stroke="#fff" strokeWidth="2" />
      <path d="M35 36l2 2 4-4" stroke="#fff" strokeWidth="2" fill="none" strokeLinecap="round" strokeLinejoin="round" />
    </svg>
  );
}

import { useTranslation } from 'react-i18next';
import { resultSentence } from '../../../shared/domain/result-wording';
import type { TallyResult } from '../../../shared/domain/tally';
import type { PollView } from '../../../shared/ydoc/live';
import { formatPct, resultRows, verdictReason } from './resultModel';
import { visibleText } from '../../app/visible-text';
import styles from './voting.module.css';

/** Counts per option with bars, the facts the rule used, and the verdict. */
export function ResultPanel({ poll, result }: { poll: PollView; result: TallyResult }) {
  const { t, i18n } = useTranslation('voting');
  const rows = resultRows(poll, result, t);
  const approve = poll.definition.kind === 'approve';
  const max = Math.max(1, ...rows.map((r) => r.count));
  return (
    <section className={`${styles.vtResult} ${result.passed ? styles.isPassed : styles.isFailed}`} data-testid="poll-result" data-passed={String(result.passed)} aria-label={t('result.title')}>
      <div className={styles.vtVerdict} role="status">
        <span className={styles.vtVerdictMark} aria-hidden="true">
          {result.passed ? '✓' : '✕'}
        </span>
        <div>
          <strong className={styles.vtVerdictText}>{result.passed ? t(`verdict.passed.${poll.definition.kind}`) : t(`verdict.failed.${poll.definition.kind}`)}</strong>
          <span className={styles.vtVerdictReason}>{verdictReason(poll, result, t)}</span>
          {/* The one wording of the result (shared/domain/result-wording), word for word what the notice and minutes print. */}
          <span className={styles.vtVerdictReason} data-testid="poll-result-sentence">
            {/* It quotes the option labels: shown with their hidden characters made visible, as everywhere. */}
            {visibleText(resultSentence({ kind: poll.definition.kind, options: poll.definition.options }, result, i18n.language === 'en' ? 'en' : 'vi'))}
          </span>
        </div>
      </div>
      {result.tie && (
        <p className="notice notice-warn" data-testid="poll-tie">
          {t('result.tie')}
        </p>
      )}
      <ul className={styles.vtResultRows}>
        {rows.map((r) => (
          <li key={r.id} className={`${styles.vtResultRow} ${styles[`vt-tone-${r.tone}`] ?? ''}${r.elected && !approve ? ` ${styles.isElected}` : ''}`}>
            <span className={styles.vtResultLabel}>
              {visibleText(r.label)}
              {r.elected && !approve && <span className={`tag ${styles.vtTagElected}`}>{poll.definition.kind === 'election' ? t('result.elected') : t('result.chosen')}</span>}
            </span>
            <span className={styles.vtResultBar} aria-hidden="true">
              <span style={{ width: `${(r.count / max) * 100}%` }} />
            </span>
            <span className={styles.vtResultCount} data-testid="result-count" data-option-id={r.id}>
              {r.count}
            </span>
            <span className={styles.vtResultPct}>{r.pct === null ? '' : formatPct(r.pct, i18n.language)}</span>
          </li>
        ))}
        {!approve && (
          <li className={`${styles.vtResultRow} ${styles.vtToneAbstain}`}>
            <span className={styles.vtResultLabel}>{t('result.blank')}</span>
            <span className={styles.vtResultBar} aria-hidden="true">
              <span style={{ width: `${(result.abstain / max) * 100}%` }} />
            </span>
            <span className={styles.vtResultCount} data-testid="result-count" data-option-id="">
              {result.abstain}
            </span>
            <span className={styles.vtResultPct} />
          </li>
        )}
      </ul>
      <dl className={styles.vtFacts}>
        <Fact label={t('result.cast')} value={result.cast} />
        <Fact label={t('result.notVoted')} value={result.notVoted} />
        <Fact label={t('result.present')} value={result.present} />
        <Fact label={t('result.eligible')} value={result.eligible} />
        <Fact label={t('result.members')} value={result.members} />
        <Fact label={t('result.base')} value={`${result.base.count}`} note={t(`base.${result.base.kind}`)} />
        <Fact label={t('result.required')} value={result.required} />
        <Fact
          label={t('result.quorum')}
          value={result.quorum ? `${result.quorum.present}/${result.quorum.required}` : t('result.noQuorumRule')}
          note={result.quorum ? (result.quorumMet ? t('result.quorumMet') : t('result.quorumMissed')) : undefined}
          tone={result.quorum ? (result.quorumMet ? 'ok' : 'bad') : undefined}
        />
        {poll.handCount > 0 && <Fact label={t('result.hands')} value={poll.handCount} note={t('result.handsNote')} />}
      </dl>
      <p className={`${styles.vtResultFoot} muted`}>
        {poll.definition.secret ? t('result.secret') : t('result.named')} · {t('result.pctOf', { base: t(`base.${result.base.kind}`) })}
      </p>
    </section>
  );
}

function Fact({ label, value, note, tone }: { label: string; value: string | number; note?: string; tone?: 'ok' | 'bad' }) {
  return (
    <div className={`figures ${styles.vtFact}${tone ? ` ${styles[`is-${tone}`] ?? ''}` : ''}`}>
      <dt>{label}</dt>
      <dd>
        {value}
        {note && <span className={styles.vtFactNote}>{note}</span>}
      </dd>
    </div>
  );
}

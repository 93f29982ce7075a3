import { useTranslation } from 'react-i18next';
import { resultSentence } from '../../../shared/domain/result-wording';
import type { TallyResult } from '../../../shared/domain/tally';
import type { PollView } from '../../../shared/ydoc/live';
import { formatPct, resultRows, verdictReason } from './resultModel';
import { visibleText } from '../../app/visible-text';

/** Counts per option with bars, the facts the rule used, and the verdict. */
export function ResultPanel({ poll, result }: { poll: PollView; result: TallyResult }) {
  const { t, i18n } = useTranslation('voting');
  const rows = resultRows(poll, result, t);
  const approve = poll.definition.kind === 'approve';
  const max = Math.max(1, ...rows.map((r) => r.count));
  return (
    <section className={`vt-result ${result.passed ? 'is-passed' : 'is-failed'}`} data-testid="poll-result" data-passed={String(result.passed)} aria-label={t('result.title')}>
      <div className="vt-verdict" role="status">
        <span className="vt-verdict-mark" aria-hidden="true">
          {result.passed ? '✓' : '✕'}
        </span>
        <div>
          <strong className="vt-verdict-text">{result.passed ? t(`verdict.passed.${poll.definition.kind}`) : t(`verdict.failed.${poll.definition.kind}`)}</strong>
          <span className="vt-verdict-reason">{verdictReason(poll, result, t)}</span>
          {/* The one wording of the result (shared/domain/result-wording), word for word what the notice and minutes print. */}
          <span className="vt-verdict-reason" data-testid="poll-result-sentence">
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
      <ul className="vt-result-rows">
        {rows.map((r) => (
          <li key={r.id} className={`vt-result-row vt-tone-${r.tone}${r.elected && !approve ? ' is-elected' : ''}`}>
            <span className="vt-result-label">
              {visibleText(r.label)}
              {r.elected && !approve && <span className="tag vt-tag-elected">{poll.definition.kind === 'election' ? t('result.elected') : t('result.chosen')}</span>}
            </span>
            <span className="vt-result-bar" aria-hidden="true">
              <span style={{ width: `${(r.count / max) * 100}%` }} />
            </span>
            <span className="vt-result-count" data-testid="result-count" data-option-id={r.id}>
              {r.count}
            </span>
            <span className="vt-result-pct">{r.pct === null ? '' : formatPct(r.pct, i18n.language)}</span>
          </li>
        ))}
        {!approve && (
          <li className="vt-result-row vt-tone-abstain">
            <span className="vt-result-label">{t('result.blank')}</span>
            <span className="vt-result-bar" aria-hidden="true">
              <span style={{ width: `${(result.abstain / max) * 100}%` }} />
            </span>
            <span className="vt-result-count" data-testid="result-count" data-option-id="">
              {result.abstain}
            </span>
            <span className="vt-result-pct" />
          </li>
        )}
      </ul>
      <dl className="vt-facts">
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
      <p className="vt-result-foot muted">
        {poll.definition.secret ? t('result.secret') : t('result.named')} · {t('result.pctOf', { base: t(`base.${result.base.kind}`) })}
      </p>
    </section>
  );
}

function Fact({ label, value, note, tone }: { label: string; value: string | number; note?: string; tone?: 'ok' | 'bad' }) {
  return (
    <div className={`vt-fact${tone ? ` is-${tone}` : ''}`}>
      <dt>{label}</dt>
      <dd>
        {value}
        {note && <span className="vt-fact-note">{note}</span>}
      </dd>
    </div>
  );
}

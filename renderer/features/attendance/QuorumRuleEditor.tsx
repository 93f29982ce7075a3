import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { MeetingView } from '../../../shared/contract';
import { QuorumRule, requiredCount, thresholds } from '../../../shared/domain/quorum';
import { useClient } from '../../app/connection';
import { ErrorNotice } from '../../app/ErrorNotice';
import { useAction } from '../../app/useAction';
import { useDraft } from '../../app/useDraft';
import { formatCount } from './format';
import styles from './attendance.module.css';
import { FormProblem, SaveCancel } from '../../app/FormActions';
import { Panel } from '../../app/Panel';

type Preset = keyof typeof thresholds | 'custom';

function presetOf(rule: QuorumRule): Preset {
  const hit = (Object.keys(thresholds) as (keyof typeof thresholds)[]).find((k) => {
    const p = thresholds[k];
    return p.fraction.num * rule.fraction.den === rule.fraction.num * p.fraction.den && p.strict === rule.strict;
  });
  return hit ?? 'custom';
}

/** The meeting's quorum rule in words, and (secretariat) its editor: presets or a custom fraction. */
export function QuorumRuleEditor({ view }: { view: MeetingView }) {
  const { t } = useTranslation('seating');
  const client = useClient();
  const { run, error, clearError, busy } = useAction();
  const rule = view.content.meta.quorum;
  // The inputs as typed: a fraction half-written is not a rule yet.
  const edit = useDraft<{ preset: Preset; num: string; den: string; strict: boolean }>();
  const draft = edit.draft;
  const set = (patch: Partial<NonNullable<typeof draft>>) => edit.change((d) => ({ ...d, ...patch }));
  const [problem, setProblem] = useState<string | null>(null);
  const members = view.attendance.expected;

  function describe(r: QuorumRule): string {
    const p = presetOf(r);
    const name = p === 'custom' ? t(r.strict ? 'rule.customMoreThan' : 'rule.customAtLeast', { num: r.fraction.num, den: r.fraction.den }) : t(`rule.${p}`);
    return t('rule.describe', { rule: name, required: formatCount(requiredCount(r, members)), members: formatCount(members) });
  }

  function start() {
    setProblem(null);
    edit.start({ preset: presetOf(rule), num: String(rule.fraction.num), den: String(rule.fraction.den), strict: rule.strict });
  }

  const ruleOf = ({ preset, num, den, strict }: NonNullable<typeof draft>): QuorumRule | null => {
    if (preset !== 'custom') return thresholds[preset];
    const parsed = QuorumRule.safeParse({ fraction: { num: Number(num), den: Number(den) }, strict });
    return parsed.success ? parsed.data : null;
  };

  async function save(e: FormEvent) {
    e.preventDefault();
    const quorum = draft && ruleOf(draft);
    if (!quorum) return setProblem(t('rule.invalid'));
    if (await run(() => client.meetings.updateMeta({ meetingId: view.id, patch: { quorum } }))) edit.stop();
  }

  const preview = draft && ruleOf(draft);
  return (
    <Panel title={t('rule.title')} small className="quorum-rule">
      {!draft ? (
        <div className={`wrap-row ${styles.quorumRuleView}`}>
          <p data-testid="quorum-rule">{describe(rule)}</p>
          {view.canEdit && (
            <button type="button" className="btn btn-small" data-testid="quorum-rule-edit" onClick={start}>
              {t('rule.edit')}
            </button>
          )}
        </div>
      ) : (
        <form onSubmit={save} className={styles.quorumRuleForm} data-testid="quorum-rule-form">
          <fieldset>
            <legend className="visually-hidden">{t('rule.title')}</legend>
            {(['overHalf', 'twoThirds', 'threeQuarters', 'custom'] as const).map((p) => (
              <label key={p} className="row check-row">
                <input type="radio" name="quorum-preset" value={p} checked={draft.preset === p} data-testid={`quorum-preset-${p}`} onChange={() => set({ preset: p })} />
                {t(`rule.${p}`)}
              </label>
            ))}
          </fieldset>
          {draft.preset === 'custom' && (
            <div className={`wrap-row ${styles.customFraction}`}>
              <select className="seating-input" value={draft.strict ? 'more' : 'least'} onChange={(e) => set({ strict: e.target.value === 'more' })} aria-label={t('rule.comparison')} data-testid="quorum-strict">
                <option value="more">{t('rule.moreThan')}</option>
                <option value="least">{t('rule.atLeast')}</option>
              </select>
              <input className="seating-input" type="number" min={1} max={1000} value={draft.num} onChange={(e) => set({ num: e.target.value })} aria-label={t('rule.numerator')} data-testid="quorum-num" />
              <span aria-hidden="true">/</span>
              <input className="seating-input" type="number" min={1} max={1000} value={draft.den} onChange={(e) => set({ den: e.target.value })} aria-label={t('rule.denominator')} data-testid="quorum-den" />
              <span>{t('rule.ofMembers')}</span>
            </div>
          )}
          {preview && <p className="field-hint">{describe(preview)}</p>}
          <FormProblem text={problem} />
          <ErrorNotice error={error} onDismiss={clearError} />
          <SaveCancel saveLabel={t('common.save')} cancelLabel={t('common.cancel')} saveTestId="quorum-rule-save" onCancel={edit.stop} disabled={busy} small />
        </form>
      )}
    </Panel>
  );
}

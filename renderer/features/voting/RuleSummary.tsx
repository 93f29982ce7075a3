import { useTranslation } from 'react-i18next';
import type { PollView } from '../../../shared/ydoc/live';
import { formatDateTime } from '../../app/format';
import { currentLanguage } from '../../i18n';
import { draftFromPoll } from './builderModel';
import styles from './voting.module.css';

/** The poll's rules in one line, so nobody has to open the form to know what passes. */
export function RuleSummary({ poll }: { poll: PollView }) {
  const { t } = useTranslation('voting');
  const d = poll.definition;
  const draft = draftFromPoll(poll);
  const majority =
    draft.majority === 'custom'
      ? t('majority.customText', {
          how: d.majority.threshold.strict ? t('builder.moreThan') : t('builder.atLeast'),
          num: d.majority.threshold.fraction.num,
          den: d.majority.threshold.fraction.den,
          base: t(`base.${d.majority.base}`),
        })
      : t(`majority.${draft.majority}`);
  const parts = [
    majority,
    d.quorum ? t('summary.quorum', { rule: draft.quorum === 'custom' || draft.quorum === 'none' ? `${d.quorum.fraction.num}/${d.quorum.fraction.den}` : t(`quorum.${draft.quorum}`) }) : t('quorum.none'),
    t(`eligibility.${d.eligibility.kind}`) + (d.eligibility.kind === 'group' ? ` (${d.eligibility.userIds.length})` : ''),
  ];
  if (d.kind === 'multiple') parts.push(t('summary.choices', { min: d.minChoices, max: d.maxChoices }));
  if (d.kind === 'election') parts.push(t('summary.seats', { seats: d.seats, max: d.maxChoices }));
  if (d.allowChange) parts.push(t('summary.allowChange'));
  if (d.durationSec) parts.push(t('summary.duration', { minutes: Math.round((d.durationSec / 60) * 10) / 10 }));
  if (d.mode === 'written') parts.push(t('summary.deadline', { when: formatDateTime(d.deadline, currentLanguage()) ?? '' }));
  return <p className={styles.vtRules}>{parts.join(' · ')}</p>;
}

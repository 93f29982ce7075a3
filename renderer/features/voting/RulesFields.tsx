import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { MajorityBase } from '../../../shared/domain/tally';
import { majorityPresets, quorumPresets, type Draft, type MajorityPreset, type QuorumPreset } from './builderModel';
import styles from './voting.module.css';
import { Field } from '../../app/Field';
import { Options } from '../../app/Options';

interface Props {
  draft: Draft;
  errors: { majority?: string; quorum?: string };
  onChange(patch: Partial<Draft>): void;
}

const bases: MajorityBase[] = ['cast', 'present', 'members'];

/** What passes and when the result is valid: the rules as the regulations word them. */
export function RulesFields({ draft, errors, onChange }: Props) {
  const { t } = useTranslation('voting');
  const id = useId();
  const c = draft.custom;
  const number = (v: string) => Math.max(1, Math.min(1000, Math.round(Number(v) || 1)));
  return (
    <>
      <Field htmlFor={`${id}-majority`} label={t('builder.majority')} hint={draft.majority !== 'custom' && t(`majorityHint.${majorityPresets[draft.majority].base}`)} error={errors.majority}>
        <select
          id={`${id}-majority`}
          data-testid="poll-majority"
          value={draft.majority}
          aria-invalid={errors.majority ? true : undefined}
          onChange={(e) => onChange({ majority: e.target.value as MajorityPreset })}
        >
          <Options values={Object.keys(majorityPresets) as (keyof typeof majorityPresets)[]} label={(k) => t(`majority.${k}`)} />
          <option value="custom">{t('majority.custom')}</option>
        </select>
      </Field>
      <Field htmlFor={`${id}-quorum`} label={t('builder.quorum')} hint={t('builder.quorumHint')} error={errors.quorum}>
        <select id={`${id}-quorum`} data-testid="poll-quorum" value={draft.quorum} aria-invalid={errors.quorum ? true : undefined} onChange={(e) => onChange({ quorum: e.target.value as QuorumPreset })}>
          <option value="none">{t('quorum.none')}</option>
          <Options values={Object.keys(quorumPresets) as (keyof typeof quorumPresets)[]} label={(k) => t(`quorum.${k}`)} />
          {draft.customQuorum && (
            <option value="custom">
              {t('quorum.custom', { num: draft.customQuorum.fraction.num, den: draft.customQuorum.fraction.den })}
            </option>
          )}
        </select>
      </Field>
      {draft.majority === 'custom' && (
        <fieldset className={`${styles.vtFieldset} span-2 ${styles.vtCustomRule}`}>
          <legend>{t('builder.customRule')}</legend>
          <select aria-label={t('builder.customStrict')} value={c.strict ? 'more' : 'least'} onChange={(e) => onChange({ custom: { ...c, strict: e.target.value === 'more' } })}>
            <option value="more">{t('builder.moreThan')}</option>
            <option value="least">{t('builder.atLeast')}</option>
          </select>
          <input type="number" min={1} max={1000} aria-label={t('builder.numerator')} value={c.num} onChange={(e) => onChange({ custom: { ...c, num: number(e.target.value) } })} />
          <span aria-hidden="true">/</span>
          <input type="number" min={1} max={1000} aria-label={t('builder.denominator')} value={c.den} onChange={(e) => onChange({ custom: { ...c, den: number(e.target.value) } })} />
          <select aria-label={t('builder.customBase')} value={c.base} onChange={(e) => onChange({ custom: { ...c, base: e.target.value as MajorityBase } })}>
            <Options values={bases} label={(b) => t(`base.${b}`)} />
          </select>
        </fieldset>
      )}
    </>
  );
}

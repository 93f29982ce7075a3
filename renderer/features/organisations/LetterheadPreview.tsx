import { useTranslation } from 'react-i18next';
import { dateLine, familyOf, formatRecordNumber, numberLine } from '../../../shared/organisations';
import type { LetterheadDraft } from './model';
import styles from './organisations.module.css';

/** A sample issue date for the preview's date line; the document gets its own when issued. */
const sampleIssuedAt = '2026-12-02T03:00:00Z';

/**
 * How a conclusion notice of this organisation will read, live as the form changes: the
 * heading (the Party's name or the national motto, the body above, the name, the number,
 * place and date) and the signature block — the layout of server/records-official/letterhead.ts.
 */
export function LetterheadPreview({ draft }: { draft: LetterheadDraft }) {
  const { t } = useTranslation('organisations');
  const family = familyOf(draft.kind);
  const upper = (s: string) => s.trim().toLocaleUpperCase('vi');
  const abbreviation = draft.abbreviation.trim() || '…';
  const number = numberLine(family, formatRecordNumber(family, 15, 'notice', abbreviation));
  const place = draft.place.trim() || '…';
  const signer = draft.title.trim() || draft.signerName.trim();
  return (
    <figure className={styles.preview} data-testid="letterhead-preview" data-family={family}>
      <figcaption className={styles.previewCaption}>
        <strong>{t('preview.title')}</strong> · {t(`family.${family}`)}
      </figcaption>
      <div className={styles.sheet}>
        <div className={styles.heading}>
          <div className={styles.headLeft}>
            {draft.parentName.trim() && <div>{upper(draft.parentName)}</div>}
            <div className={styles.bold}>{upper(draft.name) || '…'}</div>
            {family === 'party' ? <div>*</div> : <div className={styles.rule} aria-hidden="true" />}
            <div data-testid="preview-number">{number}</div>
          </div>
          <div className={styles.headRight}>
            {family === 'party' ? (
              <div className={`${styles.bold} ${styles.underline}`}>{t('preview.party')}</div>
            ) : (
              <>
                <div className={`${styles.bold} ${styles.small}`}>{t('preview.nation')}</div>
                <div className={`${styles.bold} ${styles.motto}`}>{t('preview.motto')}</div>
              </>
            )}
            <div className={styles.dateLine} data-testid="preview-date">
              {dateLine(place, sampleIssuedAt, 'Asia/Ho_Chi_Minh')}
            </div>
          </div>
        </div>
        <div className={styles.signature} data-testid="preview-signature">
          {signer ? (
            <>
              {draft.authority.trim() && <div className={styles.bold}>{upper(draft.authority)}</div>}
              <div className={styles.bold}>{upper(draft.title)}</div>
              <div className={styles.sealSpace}>{draft.sealName.trim() ? t('preview.seal', { name: draft.sealName.trim() }) : ''}</div>
              <div className={styles.bold}>{draft.signerName.trim()}</div>
            </>
          ) : (
            <div className={styles.muted}>{t('preview.noSigner')}</div>
          )}
        </div>
      </div>
    </figure>
  );
}

import { memo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useClient } from '../../app/connection';
import { ErrorNotice } from '../../app/ErrorNotice';
import { useStanding } from '../../app/standing';
import { canDownloadMonthlyReport } from '../../../shared/roles';
import { todayInVietnam } from './taskModel';
import { saveFile } from '../../app/save-file';
import { useAction } from '../../app/useAction';
import styles from './tasks.module.css';
import { Field } from '../../app/Field';
import { Panel } from '../../app/Panel';


/** "Báo cáo tháng": the monitoring report due by the 15th, as CSV or PDF, for any month. */
// Memoised: it has no props, so a recount of the dashboard around it never redraws it.
export const MonthlyReport = memo(function MonthlyReport() {
  const { t } = useTranslation('followup');
  const client = useClient();
  const [month, setMonth] = useState(() => todayInVietnam().slice(0, 7));
  const { run, error, running, clearError } = useAction<'csv' | 'pdf'>();
  const [saved, setSaved] = useState<string | null>(null);
  // The same rule the server applies to the report (shared/roles): others see why it is closed to them.
  const standing = useStanding();
  const allowed = standing !== null && canDownloadMonthlyReport(standing);

  async function get(format: 'csv' | 'pdf') {
    setSaved(null);
    await run(async () => {
      const file = await client.reports.monthly({ month, format });
      saveFile(file.fileName, file.mimeType, file.base64);
      setSaved(file.fileName);
    }, format);
  }

  return (
    <Panel title={t('report.monthTitle')} level={3} small subtitle={t('report.monthLead')} className={styles.fuReport}>
      <div className={styles.fuReportRow}>
        <Field htmlFor="fu-report-month" label={t('report.month')}>
          <input id="fu-report-month" type="month" data-testid="report-month" value={month} onChange={(e) => setMonth(e.target.value)} />
        </Field>
        <button type="button" className="btn" data-testid="report-csv" disabled={!allowed || !month || running !== null} aria-describedby={allowed ? undefined : 'fu-report-why'} onClick={() => void get('csv')}>
          {running === 'csv' ? t('report.preparing') : t('report.csv')}
        </button>
        <button type="button" className="btn btn-primary" data-testid="report-pdf" disabled={!allowed || !month || running !== null} aria-describedby={allowed ? undefined : 'fu-report-why'} onClick={() => void get('pdf')}>
          {running === 'pdf' ? t('report.preparing') : t('report.pdf')}
        </button>
      </div>
      {standing !== null && !allowed && (
        <p className="fu-report-why muted" id="fu-report-why" data-testid="report-not-allowed">
          {t('report.notAllowed')}
        </p>
      )}
      <ErrorNotice error={error} onDismiss={clearError} />
      {saved && (
        <p className={styles.fuReportSaved} role="status" data-testid="report-saved">
          {t('report.saved', { name: saved })}
        </p>
      )}
    </Panel>
  );
});

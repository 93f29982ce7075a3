import { useTranslation } from 'react-i18next';
import { meetingRoles } from '../../../shared/roles';

export function RoleOptions() {
  const { t } = useTranslation();
  return (
    <>
      {meetingRoles.map((r) => (
        <option key={r} value={r}>
          {t(`roles.${r}`)}
        </option>
      ))}
    </>
  );
}

import { useTranslation } from 'react-i18next';
import { meetingRoles } from '../../../shared/roles';
import { Options } from '../../app/Options';

export function RoleOptions() {
  const { t } = useTranslation();
  return <Options values={meetingRoles} label={(r) => t(`roles.${r}`)} />;
}

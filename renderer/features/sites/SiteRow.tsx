import type { KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { SiteKind } from '../../../shared/meeting-enums';
import type { SiteView } from '../../../shared/ydoc/meeting';
import { useDraft } from '../../app/useDraft';
import { Options } from '../../app/Options';

interface Props {
  site: SiteView;
  count: number;
  editable: boolean;
  onRename(name: string): void;
  onKind(kind: SiteKind): void;
  onRemove(): void;
}

export function SiteRow({ site, count, editable, onRename, onKind, onRemove }: Props) {
  const { t } = useTranslation();
  const rename = useDraft<string>();

  function finish(save: boolean) {
    const name = rename.draft?.trim();
    rename.stop();
    if (save && name && name !== site.name) onRename(name);
  }
  function onKeyDown(e: KeyboardEvent<HTMLInputElement>) {
    if (e.key === 'Enter') {
      e.preventDefault();
      finish(true);
    } else if (e.key === 'Escape') {
      e.preventDefault();
      finish(false);
    }
  }

  return (
    <tr data-testid="site-row" data-site-id={site.id} data-kind={site.kind} className={`site-row site-${site.kind}`}>
      <th scope="row">
        {rename.draft !== null ? (
          <input className="rename-input" data-testid="site-rename-input" aria-label={t('sites.renameOf', { name: site.name })} value={rename.draft} maxLength={500} autoFocus onChange={(e) => rename.change(e.target.value)} onKeyDown={onKeyDown} onBlur={() => finish(true)} />
        ) : (
          <span className="site-cell-name">
            <span className={`site-mark site-mark-${site.kind}`} aria-hidden="true" />
            {site.name}
          </span>
        )}
      </th>
      <td>
        {editable ? (
          <select aria-label={t('sites.kindOf', { name: site.name })} data-testid="site-kind" value={site.kind} onChange={(e) => onKind(SiteKind.parse(e.target.value))}>
            <Options values={SiteKind.options} label={(k) => t(`sites.kinds.${k}`)} />
          </select>
        ) : (
          t(`sites.kinds.${site.kind}`)
        )}
      </td>
      <td className="num" data-testid="site-count">
        {count}
      </td>
      {editable && (
        <td className="row-actions">
          <button type="button" className="btn btn-small" data-testid="site-rename" onClick={() => rename.start(site.name)}>
            {t('sites.rename')}
          </button>
          <button type="button" className="btn btn-small btn-quiet-danger" data-testid="site-remove" aria-label={t('sites.removeOf', { name: site.name })} onClick={onRemove}>
            {t('sites.remove')}
          </button>
        </td>
      )}
    </tr>
  );
}

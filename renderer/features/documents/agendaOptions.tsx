import type { AgendaItemView } from '../../../shared/ydoc/meeting';
import { visibleText } from '../../app/visible-text';

/** Agenda items as `<option>`s, numbered and indented so the tree still reads in a flat list. */
export function AgendaOptions({ agenda }: { agenda: readonly AgendaItemView[] }) {
  return (
    <>
      {agenda.map((item) => (
        <option key={item.id} value={item.id}>
          {'\u00a0\u00a0'.repeat(item.depth)}
          {item.number}. {visibleText(item.title)}
        </option>
      ))}
    </>
  );
}

import styles from './search.module.css';
/**
 * The core marks matched words with \u0002 … \u0003. They become <mark> elements; the rest
 * stays text, which React escapes, so nothing in a document can inject markup here.
 */
export function Snippet({ text }: { text: string }) {
  const parts: { text: string; hit: boolean }[] = [];
  let hit = false;
  let buf = '';
  for (const ch of text) {
    if (ch === '\u0002' || ch === '\u0003') {
      if (buf) parts.push({ text: buf, hit });
      buf = '';
      hit = ch === '\u0002';
    } else buf += ch;
  }
  if (buf) parts.push({ text: buf, hit });
  return (
    <span className={styles.snippet}>
      {parts.map((p, i) => (p.hit ? <mark key={i}>{p.text}</mark> : <span key={i}>{p.text}</span>))}
    </span>
  );
}

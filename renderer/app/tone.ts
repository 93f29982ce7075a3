/**
 * The tones a state chip, pill or badge takes: one pair of background and text colours each,
 * written once as the `.tone-*` primitives of renderer/styles.css. A feature says which tone
 * each of its states takes (a `Record<State, Tone>` beside the component) instead of writing
 * the colour pair again in its own stylesheet.
 */
export type Tone = 'plain' | 'grey' | 'quiet' | 'blue' | 'navy' | 'green' | 'amber' | 'red' | 'alert';

/** The class of a tone; '' for a state the feature gave no tone (it keeps its own colours). */
export function toneClass(tone: Tone | undefined): string {
  return tone ? `tone-${tone}` : '';
}

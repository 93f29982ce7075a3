/** Small stroke icons drawn inline: no icon font, nothing fetched, crisp at any zoom. */
const paths = {
  up: 'M8 12.5v-9M4 7l4-4 4 4',
  down: 'M8 3.5v9M4 9l4 4 4-4',
  indent: 'M3 3.5h10M7 8h6M3 12.5h10M3 6l2.5 2L3 10',
  outdent: 'M3 3.5h10M7 8h6M3 12.5h10M5.5 6L3 8l2.5 2',
  add: 'M8 3v10M3 8h10',
  addChild: 'M4 3v5.5a2 2 0 0 0 2 2h7M10.5 8l2.5 2.5-2.5 2.5',
  edit: 'M10.5 2.5l3 3L6 13H3v-3z',
  trash: 'M3 4.5h10M6.5 4.5V3h3v1.5M4.5 4.5l.7 9h5.6l.7-9',
  attach: 'M11.5 7.5l-4.2 4.2a2.5 2.5 0 0 1-3.5-3.5l5-5a1.7 1.7 0 0 1 2.4 2.4l-5 5a.8.8 0 0 1-1.2-1.2L9.5 5',
  undo: 'M5.5 3.5L2.5 6.5l3 3M2.5 6.5h7a3.5 3.5 0 0 1 0 7H7',
  redo: 'M10.5 3.5l3 3-3 3M13.5 6.5h-7a3.5 3.5 0 0 0 0 7H9',
  grip: 'M6 3.5h.01M10 3.5h.01M6 8h.01M10 8h.01M6 12.5h.01M10 12.5h.01',
  doc: 'M4 2h5.5L12.5 5v9h-8.5zM9.5 2v3h3',
  close: 'M4 4l8 8M12 4l-8 8',
} as const;

export type IconName = keyof typeof paths;

export function Icon({ name }: { name: IconName }) {
  return (
    <svg className={`icon icon-${name}`} viewBox="0 0 16 16" aria-hidden="true">
      <path d={paths[name]} fill="none" stroke="currentColor" strokeWidth={name === 'grip' ? 2.6 : 1.6} strokeLinecap="round" strokeLinejoin="round" />
    </svg>
  );
}

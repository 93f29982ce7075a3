/**
 * stylelint for renderer/**\/*.css (issue 16): colours live in renderer/app/tokens.css and
 * nowhere else, so a raw hex, rgb()/hsl() or named colour in any other stylesheet fails
 * `npm run lint:css` (and so `npm test`). The rest is stylelint's own possible-error rules,
 * written out because no shared config package is installed.
 */
const colourFunctions = ['rgb', 'rgba', 'hsl', 'hsla', 'hwb', 'lab', 'lch', 'oklab', 'oklch', 'color'];

export default {
  rules: {
    // Colours only through tokens.
    'color-no-hex': [true, { message: 'Raw hex colour: use a token from renderer/app/tokens.css (var(--…)).' }],
    'color-named': ['never', { message: 'Named colour: use a token from renderer/app/tokens.css (var(--…)).' }],
    'function-disallowed-list': [colourFunctions, { message: 'Colour function: use a token from renderer/app/tokens.css (var(--…)).' }],

    // Possible errors.
    'annotation-no-unknown': true,
    'at-rule-no-unknown': true,
    'block-no-empty': true,
    'color-no-invalid-hex': true,
    'comment-no-empty': true,
    'custom-property-no-missing-var-function': true,
    'declaration-block-no-duplicate-custom-properties': true,
    'declaration-block-no-duplicate-properties': [true, { ignore: ['consecutive-duplicates-with-different-values'] }],
    'declaration-block-no-shorthand-property-overrides': true,
    'font-family-no-duplicate-names': true,
    'font-family-no-missing-generic-family-keyword': true,
    'function-calc-no-unspaced-operator': true,
    'keyframe-block-no-duplicate-selectors': true,
    'keyframe-declaration-no-important': true,
    'media-feature-name-no-unknown': true,
    'named-grid-areas-no-invalid': true,
    'no-duplicate-at-import-rules': true,
    'no-invalid-double-slash-comments': true,
    'no-invalid-position-at-import-rule': true,
    // `composes` is CSS Modules' own: a feature's class built on a primitive of renderer/styles.css.
    'property-no-unknown': [true, { ignoreProperties: ['composes'] }],
    // :global(…) is how a CSS Module reaches a class it does not own (pdf.js's text layer).
    'selector-pseudo-class-no-unknown': [true, { ignorePseudoClasses: ['global', 'local'] }],
    'selector-pseudo-element-no-unknown': true,
    'selector-type-no-unknown': [true, { ignore: ['custom-elements'] }],
    'string-no-newline': true,
    'unit-no-unknown': true,
  },
  overrides: [
    {
      // The one file where colours are written as values.
      files: ['renderer/app/tokens.css'],
      rules: { 'color-no-hex': null, 'color-named': null, 'function-disallowed-list': null },
    },
  ],
};

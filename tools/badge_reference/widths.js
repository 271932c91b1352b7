// Reference section widths from shields.io's renderer, badge-maker.
//
// Reads {"styles": [...], "cases": [[label, message], ...]} as JSON on stdin and writes
// {"badgeMaker": VERSION, "results": {style: [[leftWidth, rightWidth], ...]}, "logoResults": (the
// same with input.logo as logoBase64), "upper": [...]} to stdout; "upper" has each case upper-cased as for-the-badge does (JavaScript's Unicode version).
// The widths are read back from the SVG that badge-maker renders (the two background rects),
// so they are what a shields.io badge really shows. Run by tools/gen_badge_widths.py.
import { readFileSync } from 'node:fs'
import { makeBadge } from 'badge-maker'

const { version } = JSON.parse(
  readFileSync(new URL('./node_modules/badge-maker/package.json', import.meta.url), 'utf8'),
)

function sectionWidths(svg) {
  // Background rects are the only rects with a `fill` that is not a gradient or a link target.
  const rects = [...svg.matchAll(/<rect ([^>]*)\/>/g)]
    .map(m => m[1])
    .filter(a => /fill="/.test(a) && !/fill="url\(/.test(a) && !/rgba\(0,0,0,0\)/.test(a))
  const widths = rects.map(a => Number(/width="([^"]+)"/.exec(a)[1]))
  return widths.length === 1 ? [0, widths[0]] : [widths[0], widths[1]]
}

const input = JSON.parse(readFileSync(0, 'utf8'))
const results = {}
const logoResults = {}
for (const style of input.styles) {
  results[style] = input.cases.map(([label, message]) =>
    sectionWidths(makeBadge({ label, message, color: 'blue', style })),
  )
  // the same badges with a logo (input.logo, a data: URI; badge-maker draws it 14 px wide)
  logoResults[style] = input.cases.map(([label, message]) =>
    sectionWidths(makeBadge({ label, message, color: 'blue', style, logoBase64: input.logo })),
  )
}
const upper = input.cases.map(([label, message]) => [label.toUpperCase(), message.toUpperCase()])
process.stdout.write(JSON.stringify({ badgeMaker: version, results, logoResults, upper }))

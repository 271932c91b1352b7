// Reference colours from badge-maker's own colour reader (css-color-converter).
//
// Reads a JSON list of colour strings on stdin and writes {"badgeMaker": VERSION, "colors":
// [{"color": …, "accepted": bool, "rgba": [r, g, b, a] | null, "svgFill": …}]} to stdout:
// whether makeBadge accepts the colour (it falls back to its default green when not), the
// channels it reads from it (what it judges text brightness on), and the fill it draws.
// Run by tools/gen_badge_widths.py --colors.
import { readFileSync } from 'node:fs'
import { makeBadge } from 'badge-maker'
import { fromString } from 'css-color-converter'

const { version } = JSON.parse(
  readFileSync(new URL('./node_modules/badge-maker/package.json', import.meta.url), 'utf8'),
)
const colors = JSON.parse(readFileSync(0, 'utf8')).map(color => {
  const svg = makeBadge({ message: 'm', color, style: 'flat-square' })
  const fill = /<rect x="0" width="[^"]+" height="20" fill="([^"]+)"/.exec(svg)
  const svgFill = fill ? fill[1] : /<rect width="[^"]+" height="20" fill="([^"]+)"/.exec(svg)[1]
  // badge-maker falls back to its default, #4b0, for a colour it cannot read
  const accepted = svgFill !== '#4b0' || ['brightgreen', 'success'].includes(color.trim())
  const parsed = fromString(svgFill) // what its text colour (brightness) is judged on
  return { color, accepted, rgba: accepted && parsed ? parsed.toRgbaArray() : null, svgFill }
})
process.stdout.write(JSON.stringify({ badgeMaker: version, colors }))

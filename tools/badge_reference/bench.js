// Render badges with shields.io's own renderer and report its rate, for benchmarks/badges.py.
//
// Reads {"cases": [[label, message], ...], "repeats": N} as JSON on stdin, renders every case
// with badge-maker's makeBadge (flat style) N times, and writes
// {"badgeMaker": VERSION, "rates": [badges per second, one per repeat]} to stdout. The clock is
// process.hrtime.bigint(); reading and parsing the input is not timed.
import { readFileSync } from 'node:fs'
import { makeBadge } from 'badge-maker'

const { version } = JSON.parse(
  readFileSync(new URL('./node_modules/badge-maker/package.json', import.meta.url), 'utf8'),
)
const input = JSON.parse(readFileSync(0, 'utf8'))
const rates = []
let sink = 0
for (let r = 0; r < input.repeats; r++) {
  const start = process.hrtime.bigint()
  for (const [label, message] of input.cases) {
    sink += makeBadge({ label, message, color: 'blue', style: 'flat' }).length
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9
  rates.push(input.cases.length / seconds)
}
process.stdout.write(JSON.stringify({ badgeMaker: version, rates, bytes: sink }))

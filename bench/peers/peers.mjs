#!/usr/bin/env node
// Warm, in-process timing of the Node prose linters on a corpus of letters.
//
//   node bench/peers/peers.mjs CORPUS_DIR
//
// Reads every *.txt in CORPUS_DIR, then for each linter runs one untimed pass
// over all letters (JIT warm-up, lazy loading) and one timed pass. Prints
// {"write-good": {"letters", "seconds", "per_letter_ms", "findings"}, "alex": {...}}.
// Only linting is timed: files are read, and both modules loaded, beforehand.
import {readdirSync, readFileSync} from 'node:fs'
import {createRequire} from 'node:module'
import {join} from 'node:path'
import {performance} from 'node:perf_hooks'
import {text as alexText} from 'alex'

const require = createRequire(import.meta.url)
const writeGood = require('write-good') // CommonJS

const linters = {
  // Default checks (eprime is opt-in and stays off, as on the CLI).
  'write-good': (letter) => writeGood(letter).length,
  // Plain text, not markdown: the letters are not markdown, and `alex --text`
  // is what cold() runs on the CLI side.
  alex: (letter) => alexText(letter).messages.length
}

function lintAll(lint, letters) {
  let findings = 0
  for (const letter of letters) findings += lint(letter)
  return findings
}

function main() {
  const dir = process.argv[2]
  if (!dir) {
    console.error('usage: node peers.mjs CORPUS_DIR')
    process.exit(2)
  }
  const names = readdirSync(dir).filter((name) => name.endsWith('.txt')).sort()
  if (names.length === 0) {
    console.error(`no *.txt letters in ${dir}`)
    process.exit(2)
  }
  const letters = names.map((name) => readFileSync(join(dir, name), 'utf8'))

  const report = {}
  for (const [name, lint] of Object.entries(linters)) {
    lintAll(lint, letters) // warm, untimed
    const start = performance.now()
    const findings = lintAll(lint, letters)
    const seconds = (performance.now() - start) / 1000
    report[name] = {
      letters: letters.length,
      seconds: Number(seconds.toFixed(6)),
      per_letter_ms: Number(((seconds * 1000) / letters.length).toFixed(4)),
      findings
    }
  }
  process.stdout.write(JSON.stringify(report) + '\n')
}

main()

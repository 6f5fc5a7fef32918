// Writes the package.json of the published `cte-rules` npm package: the one of
// bindings/node with the development fields left out and one optional
// dependency per platform package (the names napi's loader, index.js, requires),
// as `napi pre-publish` writes them at release.
//   node packaging/npm-main-package.js BINDINGS_NODE_DIR OUT_PACKAGE_JSON
'use strict'

const fs = require('node:fs')
const path = require('node:path')

const [nodeDir, out] = process.argv.slice(2)
if (!nodeDir || !out) {
  console.error('usage: node packaging/npm-main-package.js BINDINGS_NODE_DIR OUT_PACKAGE_JSON')
  process.exit(2)
}
const pkg = JSON.parse(fs.readFileSync(path.join(nodeDir, 'package.json'), 'utf8'))
const optionalDependencies = {}
for (const platform of fs.readdirSync(path.join(nodeDir, 'npm')).sort()) {
  const platformPkg = JSON.parse(fs.readFileSync(path.join(nodeDir, 'npm', platform, 'package.json'), 'utf8'))
  if (platformPkg.version !== pkg.version) {
    console.error(`npm/${platform}/package.json has version ${platformPkg.version}, the main package ${pkg.version}`)
    process.exit(1)
  }
  optionalDependencies[platformPkg.name] = platformPkg.version
}
delete pkg.devDependencies
delete pkg.scripts
pkg.optionalDependencies = optionalDependencies
fs.writeFileSync(out, JSON.stringify(pkg, null, 2) + '\n')

// Builds the static files Django serves from build/static (settings.STATICFILES_DIRS).
// Run with `npm run build`.
import { copyFileSync, cpSync, mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import * as sass from 'sass'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const out = join(root, 'build', 'static')
const govuk = join(root, 'node_modules', 'govuk-frontend', 'dist')

rmSync(out, { recursive: true, force: true })
for (const dir of ['css', 'js', 'images']) mkdirSync(join(out, dir), { recursive: true })

const css = sass.compile(join(root, 'frontend', 'scss', 'application.scss'), {
  style: 'compressed',
  loadPaths: [govuk],
  // GOV.UK Frontend's own deprecation notices are not ours to fix.
  quietDeps: true
})
writeFileSync(join(out, 'css', 'application.css'), css.css)

const copies = [
  [join(govuk, 'govuk', 'govuk-frontend.min.js'), join(out, 'js', 'govuk-frontend.min.js')],
  [join(root, 'node_modules', 'htmx.org', 'dist', 'htmx.min.js'), join(out, 'js', 'htmx.min.js')],
  [join(root, 'frontend', 'js', 'application.mjs'), join(out, 'js', 'application.mjs')],
  [join(govuk, 'govuk', 'assets', 'manifest.json'), join(out, 'manifest.json')]
]
for (const [from, to] of copies) copyFileSync(from, to)
cpSync(join(govuk, 'govuk', 'assets', 'images'), join(out, 'images'), { recursive: true })
// Waypost is not a GOV.UK service: its own icon, not the crown.
copyFileSync(join(root, 'frontend', 'images', 'waypost-icon.svg'), join(out, 'images', 'waypost-icon.svg'))

console.log(`Built ${out}`)

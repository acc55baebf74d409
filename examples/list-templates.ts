import * as fs from 'fs';
import * as path from 'path';

// Prints where `npm run synth` left the templates, so a newcomer knows what to open.
const outdir = path.resolve(process.argv[2] ?? 'cdk.out');
const templates = fs.readdirSync(outdir).filter((file) => file.endsWith('.template.json')).sort();
if (templates.length === 0) {
  console.error(`No templates in ${outdir}: the synth did not produce any stacks.`);
  process.exit(1);
}
console.log(`Synthesized ${templates.length} template(s) into ${outdir}:`);
for (const template of templates) {
  const body = JSON.parse(fs.readFileSync(path.join(outdir, template), 'utf-8'));
  const resources = Object.keys(body.Resources ?? {}).length;
  console.log(`  ${path.join(outdir, template)}  (${resources} resources)`);
}

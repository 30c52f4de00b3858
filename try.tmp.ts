import { createHandlerTarget, demoFixture, runConformance } from './src/index.ts';
import { handWrittenStateMock, type StateBug } from './test/broken-mocks/hand-written-state-mocks.ts';
for (const bug of ['none','permissionKept','wholeMailboxRemoved','mirrorRemoved','someValuesDropped','tokenKept','crossOrganizationLookup'] as StateBug[]) {
  const report = await runConformance({ target: createHandlerTarget(handWrittenStateMock(demoFixture, bug)), fixture: demoFixture, seed: 1 });
  const failed = report.operations.flatMap(o => o.checks.filter(c => c.failed > 0).map(c => `${o.operation}.${c.name}:${c.failed}`));
  console.log(bug, failed.join(' '));
  for (const o of report.operations) for (const c of o.checks) if (c.notChecked) console.log('  notChecked', o.operation, c.notChecked);
  const f = report.failures.find(f => f.check === 'deleteEffect');
  if (f) console.log('  ', JSON.stringify(f.input), '\n   expected:', f.expected, '\n   observed:', f.observed, '\n  ', f.reproduce.kit, '\n  ', f.reproduce.awsCli);
  if (bug === 'none') console.log(report.failures.slice(0,3).map(f => `${f.check} ${f.description} ${f.expected} / ${f.observed}`));
}

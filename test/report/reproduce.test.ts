import { describe, expect, it } from 'vitest';
import { findOperationSpec, loadOperationSpecs } from '../../src/index.ts';
import { codeRunReproduceContext, reproduction, sequenceReproduction, type ReproduceContext } from '../../src/report/reproduce.ts';

const spec = findOperationSpec(loadOperationSpecs(), 'DeletePersonalAccessToken');
const input = { OrganizationId: 'm-0f1e2d3c4b5a69788796a5b4c3d2e1f0', PersonalAccessTokenId: 'tok-1' };
const path = 'DeletePersonalAccessToken.valid:3';

describe('reproduction commands', () => {
  it('replay a run from code with runConformance, and give no AWS CLI command: it would reach the real service, not the in-process target', () => {
    const commands = reproduction(codeRunReproduceContext, spec, { kind: 'input', input }, 7, path);

    expect(commands.kit).toBe(`runConformance({ ...the same options, operations: ['DeletePersonalAccessToken'], seed: 7, path: '${path}' })`);
    expect(commands.awsCli).toBeUndefined();
    expect(sequenceReproduction(codeRunReproduceContext, spec, ['DeleteMailboxPermissions', 'DeletePersonalAccessToken'], [{ operation: 'DeletePersonalAccessToken', input }], 7, path)).toEqual({
      kit: `runConformance({ ...the same options, operations: ['DeleteMailboxPermissions', 'DeletePersonalAccessToken'], seed: 7, path: '${path}' })`,
      awsCli: undefined,
    });
  });

  it("give no AWS CLI command for the CLI's embedded mock either, which has no endpoint", () => {
    const embedded: ReproduceContext = { kitArgs: ['--profile', 'aws'], endpointUrl: undefined, region: undefined };

    const commands = reproduction(embedded, spec, { kind: 'input', input }, 7, path);

    expect(commands.kit).toBe(`npx workmail-conformance run --profile aws --operation DeletePersonalAccessToken --seed 7 --path ${path}`);
    expect(commands.awsCli).toBeUndefined();
  });

  it('send the AWS CLI to the endpoint of a served target, and to the real service only where the run was against it', () => {
    const served: ReproduceContext = { kitArgs: ['--endpoint', 'http://127.0.0.1:4566'], endpointUrl: 'http://127.0.0.1:4566', region: 'us-east-1' };
    const service: ReproduceContext = { kitArgs: ['--live'], endpointUrl: undefined, region: 'eu-west-1', realService: true };

    expect(reproduction(served, spec, { kind: 'input', input }, 7, path).awsCli).toBe(
      `aws workmail delete-personal-access-token --cli-input-json '${JSON.stringify(input)}' --endpoint-url http://127.0.0.1:4566 --region us-east-1`,
    );
    expect(reproduction(service, spec, { kind: 'input', input }, 7, path).awsCli).toBe(`aws workmail delete-personal-access-token --cli-input-json '${JSON.stringify(input)}' --region eu-west-1`);
  });

  it('give no AWS CLI command for a body the AWS CLI cannot express', () => {
    const served: ReproduceContext = { kitArgs: [], endpointUrl: 'http://127.0.0.1:4566', region: 'us-east-1' };

    expect(reproduction(served, spec, { kind: 'raw', text: '{"OrganizationId":' }, 7, path).awsCli).toBeUndefined();
  });
});

import { createSigV4Signer } from '../src/target/sigv4-signer.ts';
const credentials = { accessKeyId: 'AKID', secretAccessKey: 'secret' };
const provider = () => Promise.resolve(credentials);
const lean = createSigV4Signer({ service: 'workmail', region: 'us-east-1', credentials: provider });
const n = 50000;
for (let round = 0; round < 3; round++) {
  const start = performance.now();
  for (let i = 0; i < n; i++) {
    const body = `{"OrganizationId":"m-0f1e2d3c4b5a69788796a5b4c3d2e1f0","PersonalAccessTokenId":"${i}"}`;
    await lean.sign({ method: 'POST', path: '/', headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'WorkMailService.DeletePersonalAccessToken', host: '127.0.0.1:1234', 'content-length': String(body.length) }, body: Buffer.from(body) });
  }
  console.log('lean', ((performance.now() - start) * 1000 / n).toFixed(1), 'µs');
}

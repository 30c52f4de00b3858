import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { checkEndpointReachable } from '../../src/target/check-endpoint-reachable.ts';

/** A self-signed certificate for localhost and its key, made for this test alone (openssl, valid until 2126): a stand-in's own. */
const selfSigned = {
  key: `-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgVup2q02bHcqLRVen
o49UioTZRRSyEvtawdm9w7XI5N2hRANCAAQePYnj6rnB0bPFDRY3H7lZWjXo/wVl
emG8ckcIWPeDK8JHtrGfA4sF03qq9rU8b2rAYu5OncRiDaUWPf//+2H8
-----END PRIVATE KEY-----`,
  cert: `-----BEGIN CERTIFICATE-----
MIIBljCCATugAwIBAgIUarAmfsYzXeDvXqDVSO9tAxXWYWYwCgYIKoZIzj0EAwIw
FDESMBAGA1UEAwwJbG9jYWxob3N0MCAXDTI2MTIwMjEyMDA0NVoYDzIxMjYxMTA4
MTIwMDQ1WjAUMRIwEAYDVQQDDAlsb2NhbGhvc3QwWTATBgcqhkjOPQIBBggqhkjO
PQMBBwNCAAQePYnj6rnB0bPFDRY3H7lZWjXo/wVlemG8ckcIWPeDK8JHtrGfA4sF
03qq9rU8b2rAYu5OncRiDaUWPf//+2H8o2kwZzAdBgNVHQ4EFgQUZVq23jsbkySM
bO3uMBxGw/j58RAwHwYDVR0jBBgwFoAUZVq23jsbkySMbO3uMBxGw/j58RAwDwYD
VR0TAQH/BAUwAwEB/zAUBgNVHREEDTALgglsb2NhbGhvc3QwCgYIKoZIzj0EAwID
SQAwRgIhAPvFJm1g0zesersq6Kjc53+s3sx2Enk45iyLIK4uBCDFAiEAyj+1bqSw
9wSzOg797Camn0E2X5ZXeUnrdqmdZU8PgAs=
-----END CERTIFICATE-----`,
};

let server: Server | undefined;
afterEach(async () => {
  await new Promise((resolve) => server?.close(resolve) ?? resolve(undefined));
  server = undefined;
});

describe('checkEndpointReachable over https', () => {
  it('says, of a certificate Node does not trust (a stand-in with its own), how to make Node trust it (trialF #7)', async () => {
    server = createServer(selfSigned, (_request, response) => response.end());
    await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;

    const problem = await checkEndpointReachable(`https://localhost:${port}`, 2000);

    expect(problem).toBe(`cannot connect to https://localhost:${port}/ (DEPTH_ZERO_SELF_SIGNED_CERT): Node does not trust its certificate; for a stand-in signed by a certificate authority of your own, start the kit with NODE_EXTRA_CA_CERTS=<that authority's PEM file>`);
  });
});

import { connect as connectTcp, isIP, type Socket } from 'node:net';
import { connect as connectTls } from 'node:tls';
import { isConfigError } from '../config-error.ts';
import { describeEndpoint, parseEndpoint } from './describe-endpoint.ts';

/** What to do about a TLS error of certificate validation (`DEPTH_ZERO_SELF_SIGNED_CERT`, `CERT_HAS_EXPIRED`, …); '' for any other error. */
function certificateNote(code: string | undefined): string {
  if (code === undefined || !/CERT|SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER/.test(code)) return '';
  return ": Node does not trust its certificate; for a stand-in signed by a certificate authority of your own, start the kit with NODE_EXTRA_CA_CERTS=<that authority's PEM file>";
}

/**
 * Opens (then closes) one TCP or TLS connection to an endpoint; resolves to a one-line problem, or `undefined` when it connects.
 *
 * @example
 * await checkEndpointReachable('http://127.0.0.1:9', 1000); // 'cannot connect to http://127.0.0.1:9/ (ECONNREFUSED)'
 */
export async function checkEndpointReachable(endpoint: string, timeoutMs: number): Promise<string | undefined> {
  let url: URL;
  try {
    url = parseEndpoint(endpoint, 'endpoint');
  } catch (error) {
    if (isConfigError(error)) return error.message;
    throw error;
  }
  const isHttps = url.protocol === 'https:';
  const port = url.port === '' ? (isHttps ? 443 : 80) : Number(url.port);
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  const shown = describeEndpoint(url);
  // A network that reaches the service only through a proxy fails here: the kit connects directly, and says so.
  const proxy = ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy'].find((name) => (process.env[name] ?? '') !== '');
  const proxyNote = proxy === undefined ? '' : `; ${proxy} is set, but the kit connects directly: a proxy is not supported yet`;
  return new Promise((resolve) => {
    let socket: Socket;
    const done = (problem: string | undefined): void => {
      clearTimeout(timer);
      socket.destroy();
      resolve(problem === undefined ? undefined : `${problem}${proxyNote}`);
    };
    const timer = setTimeout(() => done(`cannot connect to ${shown} (no connection within ${timeoutMs} ms)`), timeoutMs);
    if (isHttps) {
      // SNI carries host names only (RFC 6066): Node warns when it is given an IP address.
      socket = connectTls({ host, port, ...(isIP(host) === 0 ? { servername: host } : {}), ALPNProtocols: ['http/1.1'] }, () => done(undefined));
    } else {
      socket = connectTcp({ host, port }, () => done(undefined));
    }
    socket.on('error', (error: NodeJS.ErrnoException) => done(`cannot connect to ${shown} (${error.code ?? error.message})${certificateNote(error.code)}`));
  });
}

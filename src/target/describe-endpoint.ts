import { ConfigError } from '../config-error.ts';

/** A URL's scheme (kept, `$1`) and its user and password (`user:password@`). */
const userinfo = /^([a-z][a-z0-9+.-]*:\/\/)[^/?#@]*@/i;

/**
 * Parses an endpoint as an http(s) URL, or throws a one-line {@link ConfigError} naming where the value came from.
 *
 * @example
 * parseEndpoint('http://127.0.0.1:4566', '--endpoint').port; // '4566'
 */
export function parseEndpoint(endpoint: string, source: string): URL {
  // A user and password in the URL (http://user:password@host) are never repeated in a message: it goes to CI logs.
  const shown = endpoint.replace(userinfo, '$1***@');
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    // The WHATWG parser refuses a port over 65535 with the rest: say which part is wrong.
    const port = /^https?:\/\/[^/?#]*:(\d+)(?:[/?#]|$)/i.exec(endpoint)?.[1];
    if (port !== undefined && Number(port) > 65_535) throw new ConfigError(`${source}: '${shown}' has port ${port}; a port is at most 65535`);
    // An http(s) URL whose host the parser refuses (an IPv4 address with a part over 255, a space): the host is what is wrong.
    if (/^https?:\/\//i.test(endpoint)) throw new ConfigError(`${source}: '${shown}' has a host that is no valid name or address`);
    throw new ConfigError(`${source}: '${shown}' is not an http(s) URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ConfigError(`${source}: '${shown}' is not an http(s) URL`);
  }
  return url;
}

/**
 * Whether a URL's host is an AWS service host (`*.amazonaws.com`, `*.amazonaws.com.cn`, `*.api.aws`): the real service, or a
 * VPC endpoint of it, never a mock.
 *
 * @example
 * isAwsServiceHost(new URL('https://workmail.eu-west-1.amazonaws.com')); // true
 * isAwsServiceHost(new URL('https://workmail.eu-west-1.amazonaws.com.')); // true
 * isAwsServiceHost(new URL('http://127.0.0.1:4566')); // false
 */
function isAwsServiceHost(url: URL): boolean {
  // A fully qualified name may end in a dot (`workmail.us-east-1.amazonaws.com.`): the same host.
  const host = url.hostname.replace(/\.+$/, '');
  return /\.amazonaws\.com(\.cn)?$/i.test(host) || /\.api\.aws$/i.test(host);
}

/**
 * Whether requests to an endpoint reach the real WorkMail service: none given (the AWS SDK's own endpoint for the region), or
 * one on an AWS host.
 *
 * @example
 * reachesRealService(undefined); // true
 * reachesRealService(new URL('http://127.0.0.1:4566')); // false
 */
export function reachesRealService(endpoint: URL | undefined): boolean {
  return endpoint === undefined || isAwsServiceHost(endpoint);
}

/**
 * An endpoint as reports may show it: scheme, host, port and path, without user info, query or fragment.
 *
 * @example
 * describeEndpoint(new URL('http://key:secret@127.0.0.1:4566/?x=1')); // 'http://127.0.0.1:4566/'
 */
export function describeEndpoint(url: URL): string {
  return `${url.protocol}//${url.host}${url.pathname}`;
}

/**
 * An endpoint as given, less any user and password in it: what a message, a command or a recording may show of it.
 *
 * @example
 * withoutUserinfo('http://user:secret@127.0.0.1:4566'); // 'http://127.0.0.1:4566'
 */
export function withoutUserinfo(endpoint: string): string {
  return endpoint.replace(userinfo, '$1');
}

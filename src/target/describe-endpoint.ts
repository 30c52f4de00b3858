import { ConfigError } from '../config-error.ts';

/**
 * Parses an endpoint as an http(s) URL, or throws a one-line {@link ConfigError} naming where the value came from.
 *
 * @example
 * parseEndpoint('http://127.0.0.1:4566', '--endpoint').port; // '4566'
 */
export function parseEndpoint(endpoint: string, source: string): URL {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    throw new ConfigError(`${source}: '${endpoint}' is not an http(s) URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ConfigError(`${source}: '${endpoint}' is not an http(s) URL`);
  }
  return url;
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

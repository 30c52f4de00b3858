import packageJson from '../package.json' with { type: 'json' };

/**
 * The kit's version, as package.json gives it: in reports, recordings and `--version`.
 *
 * @example
 * toolVersion; // '0.1.0'
 */
export const toolVersion: string = packageJson.version;

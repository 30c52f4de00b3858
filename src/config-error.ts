/**
 * A mistake in what the user gave the kit (a flag, a spec, a fixture, an endpoint), reported as one line with exit code 2.
 *
 * @example
 * throw new ConfigError('state.json: $.organizations[0].id: expected string');
 */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  readonly exitCode = 2;
}

/**
 * Whether a value is a {@link ConfigError}, across module copies (no `instanceof`).
 *
 * @example
 * if (isConfigError(error)) console.error(error.message);
 */
export function isConfigError(value: unknown): value is ConfigError {
  return value instanceof Error && value.name === 'ConfigError';
}

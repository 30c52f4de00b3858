const noticeSwitch = 'AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED';

/**
 * Creates an AWS SDK client without the SDK's once-per-process notice that its releases after January 2027 need Node 22
 * (the kit's locked SDK supports Node 20, and the CLI sets the same switch). The switch is set only while `create` runs,
 * and only if the user has not set it.
 *
 * @example
 * const client = withoutSdkNodeNotice(() => new WorkMailClient({ region: 'us-east-1' }));
 */
export function withoutSdkNodeNotice<T>(create: () => T): T {
  if (process.env[noticeSwitch] !== undefined) return create();
  process.env[noticeSwitch] = 'true';
  try {
    return create();
  } finally {
    delete process.env[noticeSwitch];
  }
}

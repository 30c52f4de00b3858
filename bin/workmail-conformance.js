#!/usr/bin/env node
// Runs the TypeScript sources directly (through tsx), so a checkout works after `npm ci` with no build step.
import { register } from 'tsx/esm/api';

// The AWS SDK warns on every run under Node 20 about its releases after January 2027; the lockfile pins one that supports Node 20.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
register();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));

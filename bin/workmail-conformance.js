#!/usr/bin/env node
// Runs the compiled CLI in dist/ (built by `npm run build`, which `npm ci` and `npm install` run through `prepare`).

// The AWS SDK warns on every run under Node 20 about its releases after January 2027; the lockfile pins one that supports Node 20.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const { main } = await import('../dist/cli.mjs');
process.exitCode = await main(process.argv.slice(2));

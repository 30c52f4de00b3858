'use strict';
// What `require('workmail-conformance/vitest')` loads (Jest, a CommonJS file): the entry is ES modules only, as vitest 4 is,
// and this says what to use instead, where the resolver would only say that no such path is exported.
throw new Error(
  "workmail-conformance/vitest is ES modules only, as vitest 4 is, and cannot be loaded with require (Jest, CommonJS): in a vitest suite, import it from an ES module; under Jest or plain Node, use runConformance and checkFailureMessage from 'workmail-conformance' (README: \"In Jest or plain Node\")",
);

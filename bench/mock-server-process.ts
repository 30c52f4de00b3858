// Child-process entry of the benchmark: serves the reference mock over loopback HTTP in its own event loop.
// The kit as installed (dist/, through the package's own name): `npm run build` first.
import { createWorkMailMock, startMockServer } from 'workmail-conformance';

/** Messages the parent sends: restore the fixture's state before each measured run, or stop. */
type ParentMessage = { readonly type: 'reset' } | { readonly type: 'usage' } | { readonly type: 'close' };

const mock = createWorkMailMock();
/** Requests answered so far: what a client really sent, whatever it counts itself (List reads and stateful steps included). */
let answered = 0;
const countingMock: typeof mock = {
  handle(request) {
    answered += 1;
    return mock.handle(request);
  },
  get state() {
    return mock.state;
  },
  readings: mock.readings,
  reset: () => mock.reset(),
};
const server = await startMockServer({ mock: countingMock, port: 0 });
process.send?.({ type: 'ready', url: server.url });
process.on('message', (message: ParentMessage) => {
  if (message.type === 'reset') {
    mock.reset();
    process.send?.({ type: 'reset-done' });
  } else if (message.type === 'usage') {
    const { user, system } = process.cpuUsage();
    process.send?.({ type: 'usage', cpuMicros: user + system, answered });
  } else {
    void server.close().then(() => process.exit(0));
  }
});
process.on('disconnect', () => void server.close().then(() => process.exit(0)));

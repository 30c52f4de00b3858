// Preloaded into a CLI child process: at SIGHUP, the output streams fail as a closed terminal's do (EIO), before the CLI's
// own SIGHUP handler runs. Node has no pseudo-terminal to close, so the test closes this stand-in for one.
process.on('SIGHUP', () => {
  for (const stream of [process.stdout, process.stderr]) stream.emit('error', Object.assign(new Error('write EIO'), { code: 'EIO', errno: -5, syscall: 'write' }));
});

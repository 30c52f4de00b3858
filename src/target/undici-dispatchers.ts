// undici's entry module loads everything the package offers (fetch, WebSocket, caches, mock agents, interceptors): about
// 0.1 s of a run's start on a quiet machine, twice that under load. The wire transport needs only Pool and Client, whose
// modules load on their own. undici declares no `exports` map, so these files are reachable by path; the lockfile pins the
// version, and every transport test goes through them.
import type { Client as UndiciClient, Pool as UndiciPool } from 'undici';
import clientModule from 'undici/lib/dispatcher/client.js';
import poolModule from 'undici/lib/dispatcher/pool.js';

/** undici's `Client` (one connection), loaded without the rest of undici. */
export const Client = clientModule as typeof UndiciClient;
/** undici's `Pool` (keep-alive connections to one origin), loaded without the rest of undici. */
export const Pool = poolModule as typeof UndiciPool;

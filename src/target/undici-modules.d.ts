// The two undici files src/target/undici-dispatchers.ts loads by path; their types are undici's own, applied there.
declare module 'undici/lib/dispatcher/client.js' {
  const client: unknown;
  export default client;
}
declare module 'undici/lib/dispatcher/pool.js' {
  const pool: unknown;
  export default pool;
}

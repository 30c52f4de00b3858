/**
 * The recording format this kit writes (the header's `format`). A later kit reads every earlier format: a recording may be the
 * only trace of how the service behaved. Format 1 added `format`, `settings` and the end line; a recording without them is
 * read as before. Format 2 added the end line's `sha256` (always written there: the SHA-256 of every line before it), each
 * exchange's `at`, and a destructive live run's `putBackPending` lines and `restoreJournal`. Format 3's `sha256` covers the
 * end line too (as written without that member). Format 4 added `request` lines (the requests that are no case: reads,
 * the stateful phase's steps, a live run's put backs, each with its answer) and the end line's `requests`.
 */
export const recordingFormat = 4;

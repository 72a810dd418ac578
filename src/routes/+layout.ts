// Data lives in IndexedDB, so pages render on the client only; the server serves the shell and /api.
export const ssr = false;
export const prerender = false;

// An empty, prerendered page: the service worker answers every navigation with it offline.
export const prerender = true;

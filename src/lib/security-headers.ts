/**
 * Headers every response of the app's server carries (added in hooks.server.ts). Pages get their
 * Content-Security-Policy from SvelteKit (`kit.csp` in svelte.config.js), which knows the hash or
 * nonce of its inline start-up script; everything else (JSON, photos, PDFs, errors) gets one here.
 * The prerendered shell is served by adapter-node before the hooks run and carries its policy in a
 * <meta>, where frame-ancestors is ignored: the service worker adds these headers to the shell it
 * answers navigations with (`withShellHeaders`). No imports: the worker loads this module too.
 */

export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
	'x-content-type-options': 'nosniff',
	// The verify link carries the seal hash in its query; no other site needs to see any URL.
	'referrer-policy': 'no-referrer',
	// The photo picker may open the camera and record the position; nothing else is needed.
	'permissions-policy': 'camera=(self), geolocation=(self), microphone=(), payment=(), usb=()',
	// For browsers without CSP frame-ancestors.
	'x-frame-options': 'DENY'
};

/** A JSON answer or an image loads nothing and is never framed. */
const NOT_A_PAGE_CSP = "default-src 'none'; frame-ancestors 'none'";
/** Chromium's PDF viewer runs inside the PDF's document, so only framing is forbidden there. */
const PDF_CSP = "frame-ancestors 'none'";

export function addSecurityHeaders(response: Response): Response {
	const { headers } = response;
	for (const [name, value] of Object.entries(SECURITY_HEADERS)) {
		if (!headers.has(name)) headers.set(name, value);
	}
	if (!headers.has('content-security-policy')) {
		const pdf = headers.get('content-type')?.startsWith('application/pdf') ?? false;
		headers.set('content-security-policy', pdf ? PDF_CSP : NOT_A_PAGE_CSP);
	}
	return response;
}

/** The shell's own <meta> policy stays in force; this one adds what a <meta> cannot say. */
const SHELL_CSP = "frame-ancestors 'none'";

export function withShellHeaders(shell: Response): Response {
	const headers = new Headers(shell.headers);
	for (const [name, value] of Object.entries(SECURITY_HEADERS)) headers.set(name, value);
	headers.set('content-security-policy', SHELL_CSP);
	return new Response(shell.body, {
		status: shell.status,
		statusText: shell.statusText,
		headers
	});
}

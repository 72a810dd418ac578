/**
 * Canonical JSON for the seal: the RFC 8785 (JCS) form of a plain JSON value, so the device, the
 * server and anyone re-checking a PDF years later derive the same bytes from the same content.
 *
 * JCS fixes the key order (UTF-16 code units), the number form (ECMAScript's shortest round trip)
 * and string escaping; the `canonicalize` package does that part. Around it we add:
 *
 * - Only plain JSON goes in: null, booleans, finite numbers, strings, arrays and plain objects.
 *   The package would call a Date's toJSON(), turn undefined or a hole in an array into null and
 *   drop functions; each would make the sealed bytes depend on something that is not data. An
 *   undefined object property is left out, as JSON.stringify does, so an optional field may be
 *   absent or undefined alike.
 * - Seal rule: every string and every key is NFC. JCS does not normalise Unicode, so "ộ" typed
 *   precomposed or decomposed would give two hashes. We refuse rather than normalise: normalising
 *   here would let two different stored contents verify against one seal and would hide a builder
 *   that skipped domain/text.ts. The error lists the JSON Pointer (RFC 6901) of every offender.
 *
 * `jcs` is plain RFC 8785 (no NFC rule), kept for the RFC's own test vectors and for members that
 * are ASCII by construction (JWK thumbprints).
 */
import canonicalize from 'canonicalize';

export type JsonValue =
	null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue | undefined };

export type CanonicalProblem =
	| 'not-nfc'
	| 'key-not-nfc'
	| 'lone-surrogate'
	| 'not-finite'
	| 'undefined-in-array'
	| 'unsupported-type'
	| 'circular'
	| 'too-deep';

export type CanonicalIssue = { path: string; problem: CanonicalProblem };

export class CanonicalJsonError extends Error {
	readonly issues: readonly CanonicalIssue[];

	constructor(issues: CanonicalIssue[]) {
		const listed = issues
			.slice(0, 10)
			.map((issue) => `${JSON.stringify(issue.path)} (${issue.problem})`)
			.join(', ');
		const more = issues.length > 10 ? ` and ${issues.length - 10} more` : '';
		super(`Content cannot be sealed as canonical JSON: ${listed}${more}`);
		this.name = 'CanonicalJsonError';
		this.issues = issues;
	}
}

// Minutes nest about six levels; the limit only keeps hostile input from exhausting the stack.
const MAX_DEPTH = 64;

function pointer(parent: string, key: string | number): string {
	return `${parent}/${String(key).replace(/~/g, '~0').replace(/\//g, '~1')}`;
}

function hasLoneSurrogate(text: string): boolean {
	return /\p{Surrogate}/u.test(text);
}

function checkString(text: string, path: string, requireNfc: boolean, isKey: boolean) {
	if (hasLoneSurrogate(text)) return { path, problem: 'lone-surrogate' } as const;
	if (requireNfc && text.normalize('NFC') !== text) {
		return { path, problem: isKey ? 'key-not-nfc' : 'not-nfc' } as const;
	}
	return null;
}

function isPlainObject(value: object): value is Record<string, unknown> {
	const proto: unknown = Object.getPrototypeOf(value);
	return proto === Object.prototype || proto === null;
}

function collectIssues(root: unknown, requireNfc: boolean): CanonicalIssue[] {
	const issues: CanonicalIssue[] = [];
	const ancestors = new Set<object>();

	const visit = (value: unknown, path: string, depth: number): void => {
		if (value === null || typeof value === 'boolean') return;
		if (typeof value === 'number') {
			if (!Number.isFinite(value)) issues.push({ path, problem: 'not-finite' });
			return;
		}
		if (typeof value === 'string') {
			const issue = checkString(value, path, requireNfc, false);
			if (issue) issues.push(issue);
			return;
		}
		if (typeof value !== 'object' || !(Array.isArray(value) || isPlainObject(value))) {
			issues.push({ path, problem: 'unsupported-type' });
			return;
		}
		if (ancestors.has(value) || depth >= MAX_DEPTH) {
			issues.push({ path, problem: ancestors.has(value) ? 'circular' : 'too-deep' });
			return;
		}

		ancestors.add(value);
		if (Array.isArray(value)) {
			for (let i = 0; i < value.length; i++) {
				const itemPath = pointer(path, i);
				// `i in value` is false for a hole, which the package would print as nothing at all.
				if (!(i in value) || value[i] === undefined) {
					issues.push({ path: itemPath, problem: 'undefined-in-array' });
				} else visit(value[i], itemPath, depth + 1);
			}
		} else {
			for (const [key, item] of Object.entries(value)) {
				const itemPath = pointer(path, key);
				const keyIssue = checkString(key, itemPath, requireNfc, true);
				if (keyIssue) issues.push(keyIssue);
				if (item !== undefined) visit(item, itemPath, depth + 1);
			}
		}
		ancestors.delete(value);
	};

	visit(root, '', 0);
	return issues;
}

function serialise(value: unknown, requireNfc: boolean): string {
	const issues = collectIssues(value, requireNfc);
	const text = issues.length === 0 ? canonicalize(value) : undefined;
	if (text === undefined) {
		throw new CanonicalJsonError(
			issues.length ? issues : [{ path: '', problem: 'unsupported-type' }]
		);
	}
	return text;
}

/** Plain RFC 8785 JCS of a JSON value; throws CanonicalJsonError for anything that is not JSON. */
export function jcs(value: unknown): string {
	return serialise(value, false);
}

/** JCS under the seal's rules (every string and key NFC); throws CanonicalJsonError otherwise. */
export function canonicalJson(value: unknown): string {
	return serialise(value, true);
}

/** The UTF-8 bytes that are hashed and signed. */
export function canonicalBytes(value: unknown): Uint8Array<ArrayBuffer> {
	return new TextEncoder().encode(canonicalJson(value));
}

/**
 * The authorization matrix: for every API route and method, which roles may call it about their
 * own delegation's records and about another's. The suite fails on a route on disk that is not
 * listed here.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

export const ROLES = ['admin', 'lead', 'member', 'viewer', 'none'] as const;
export type Role = (typeof ROLES)[number];
export type Owner = 'own' | 'other';

/** Per delegation: an inspection, its signed minutes, the PDF bytes' seal and a photo's hash. */
export const world = {} as Record<
	Owner,
	{ inspection: string; minutes: string; sha256: string; photo: string }
>;

/**
 * Who may do what: `allow` roles get past authorization (any status but 401/403), the others
 * 403, and no session 401. `own`/`other` apply to routes about one delegation's records. A rule
 * with `hidden` refuses with 404 instead, as for a record that does not exist, and its allowed
 * roles must get 200.
 */
export type Rule = {
	allow: Record<Owner, readonly Role[]>;
	path: (owner: Owner) => string;
	json?: unknown;
	body?: Buffer;
	hidden?: true;
};
const everyone: readonly Role[] = ['admin', 'lead', 'member', 'viewer'];
const admins: readonly Role[] = ['admin'];
const same = (roles: readonly Role[]) => ({ own: roles, other: roles });
const fixed = (path: string) => () => path;

export const MATRIX: Record<string, Rule> = {
	'POST admin/delegations': {
		allow: same(admins),
		path: fixed('/api/admin/delegations'),
		json: {}
	},
	'PATCH admin/delegations/[id]': {
		allow: same(admins),
		path: fixed('/api/admin/delegations/x'),
		json: {}
	},
	'POST admin/delegations/[id]/members': {
		allow: same(admins),
		path: fixed('/api/admin/delegations/x/members'),
		json: {}
	},
	'PATCH admin/delegations/[id]/members/[userId]': {
		allow: same(admins),
		path: fixed('/api/admin/delegations/x/members/y'),
		json: {}
	},
	'DELETE admin/delegations/[id]/members/[userId]': {
		allow: same(admins),
		path: fixed('/api/admin/delegations/x/members/y')
	},
	'POST admin/inspections': {
		allow: same(admins),
		path: fixed('/api/admin/inspections'),
		json: {}
	},
	'GET admin/overview': { allow: same(admins), path: fixed('/api/admin/overview') },
	'POST admin/units': { allow: same(admins), path: fixed('/api/admin/units'), json: {} },
	'PATCH admin/units/[id]': { allow: same(admins), path: fixed('/api/admin/units/x'), json: {} },
	'DELETE admin/units/[id]': { allow: same(admins), path: fixed('/api/admin/units/no-such-unit') },
	'POST admin/users': { allow: same(admins), path: fixed('/api/admin/users'), json: {} },
	'PATCH admin/users/[id]': { allow: same(admins), path: fixed('/api/admin/users/x'), json: {} },
	'POST auth/login': {
		allow: same([...everyone, 'none']),
		path: fixed('/api/auth/login'),
		json: {}
	},
	'GET auth/me': { allow: same(everyone), path: fixed('/api/auth/me') },
	// Left to the last request of each role: it ends the session (see `order`).
	'POST auth/logout': { allow: same(everyone), path: fixed('/api/auth/logout') },
	'POST conflicts/[id]/resolve': {
		allow: same(everyone),
		path: fixed(`/api/conflicts/${crypto.randomUUID()}/resolve`)
	},
	'POST devices/key': { allow: same(everyone), path: fixed('/api/devices/key'), json: {} },
	'GET health': { allow: same([...everyone, 'none']), path: fixed('/api/health') },
	// HEAD and GET answer the same people: whoever may read the inspection.
	'HEAD minutes/[id]/pdf': {
		allow: { own: everyone, other: ['admin', 'viewer'] },
		path: (o) => `/api/minutes/${world[o].minutes}/pdf`
	},
	'GET minutes/[id]/pdf': {
		allow: { own: everyone, other: ['admin', 'viewer'] },
		path: (o) => `/api/minutes/${world[o].minutes}/pdf`
	},
	'PUT minutes/[id]/pdf': {
		allow: { own: ['admin', 'lead', 'member'], other: ['admin'] },
		path: (o) => `/api/minutes/${world[o].minutes}/pdf`,
		body: Buffer.from('not a pdf')
	},
	// Photo bytes go to the readers of an inspection with a photo row naming them.
	'HEAD photos/[sha256]': {
		allow: { own: everyone, other: ['admin', 'viewer'] },
		path: (o) => `/api/photos/${world[o].photo}`,
		hidden: true
	},
	'GET photos/[sha256]': {
		allow: { own: everyone, other: ['admin', 'viewer'] },
		path: (o) => `/api/photos/${world[o].photo}`,
		hidden: true
	},
	// Bytes alone open nothing: any signed-in person may send them (the route's PUT says why).
	'PUT photos/[sha256]': {
		allow: same(everyone),
		path: fixed(`/api/photos/${'a'.repeat(64)}`),
		body: Buffer.from('x')
	},
	'GET sync/pull': { allow: same(everyone), path: fixed('/api/sync/pull?cursor=0') },
	'POST sync/push': { allow: same(everyone), path: fixed('/api/sync/push'), json: {} }
};

/** Every method exported by every src/routes/api/**\/+server.ts, as "METHOD route". */
export function routesOnDisk(): string[] {
	const root = join('src', 'routes', 'api');
	const files = readdirSync(root, { recursive: true, encoding: 'utf8' }).filter((f) =>
		f.endsWith('+server.ts')
	);
	return files.flatMap((file) => {
		const source = readFileSync(join(root, file), 'utf8');
		const route = relative('.', file).replace(/\/?\+server\.ts$/, '');
		return [...source.matchAll(/export const (GET|HEAD|POST|PUT|PATCH|DELETE|OPTIONS)\b/g)].map(
			(m) => `${m[1]} ${route}`
		);
	});
}

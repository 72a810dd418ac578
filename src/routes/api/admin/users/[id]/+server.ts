import { json } from '@sveltejs/kit';
import { changeUser, UserChangeSchema } from '$lib/server/admin/users';
import { getDb } from '$lib/server/db/sqlite';
import { readJson, requireAdmin } from '$lib/server/http';
import type { RequestHandler } from './$types';

export const PATCH: RequestHandler = async ({ locals, params, request }) => {
	const admin = requireAdmin(locals);
	const change = await readJson(request, UserChangeSchema);
	await changeUser(getDb(), admin, params.id, change, locals.session?.id);
	return json({ ok: true });
};

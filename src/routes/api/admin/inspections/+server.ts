import { json } from '@sveltejs/kit';
import { AssignmentSchema, assignInspection } from '$lib/server/admin/assign';
import { getDb } from '$lib/server/db/sqlite';
import { readJson, requireAdmin } from '$lib/server/http';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = async ({ locals, request }) => {
	const admin = requireAdmin(locals);
	const input = await readJson(request, AssignmentSchema);
	return json(await assignInspection(getDb(), admin, input), { status: 201 });
};

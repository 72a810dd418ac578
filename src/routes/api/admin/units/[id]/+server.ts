import { json } from '@sveltejs/kit';
import { changeUnit, deleteUnit, UnitInputSchema } from '$lib/server/admin/units';
import { getDb } from '$lib/server/db/sqlite';
import { readJson, requireAdmin } from '$lib/server/http';
import type { RequestHandler } from './$types';

export const PATCH: RequestHandler = async ({ locals, params, request }) => {
	requireAdmin(locals);
	const input = await readJson(request, UnitInputSchema);
	await changeUnit(getDb(), params.id, input);
	return json({ ok: true });
};

export const DELETE: RequestHandler = async ({ locals, params }) => {
	requireAdmin(locals);
	await deleteUnit(getDb(), params.id);
	return json({ ok: true });
};

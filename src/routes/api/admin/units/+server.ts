import { json } from '@sveltejs/kit';
import { addUnit, UnitInputSchema } from '$lib/server/admin/units';
import { getDb } from '$lib/server/db/sqlite';
import { readJson, requireAdmin } from '$lib/server/http';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = async ({ locals, request }) => {
	requireAdmin(locals);
	const input = await readJson(request, UnitInputSchema);
	return json(await addUnit(getDb(), input), { status: 201 });
};

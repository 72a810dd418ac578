import { json } from '@sveltejs/kit';
import { getDb } from '$lib/server/db/sqlite';
import { apiError, requireUser } from '$lib/server/http';
import { resolveConflict } from '$lib/server/sync/resolve';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = async ({ locals, params }) => {
	const user = requireUser(locals);
	const outcome = await resolveConflict(getDb(), user, params.id);
	if (outcome === 'not-found') return apiError(404, 'not-found', 'Không tìm thấy xung đột này.');
	if (outcome === 'forbidden') {
		return apiError(403, 'forbidden', 'Chỉ trưởng đoàn mới xử lý được xung đột của đoàn.');
	}
	return json({ ok: true });
};

import { describe, expect, it } from 'vitest';
import type { PushMutation } from '$lib/sync/protocol';
import { checkPatch } from './validate';

const INSPECTION = '00000000-0000-4000-8000-000000000001';

const mutation = (
	entity: PushMutation['entity'],
	patch: Record<string, unknown>
): PushMutation => ({
	mutationId: '00000000-0000-4000-8000-000000000002',
	entity,
	entityId: entity === 'answer' ? `${INSPECTION}:1.1` : INSPECTION,
	inspectionId: INSPECTION,
	op: 'upsert',
	patch,
	at: '2025-07-15T08:00:00.000Z',
	base: {}
});

describe('checkPatch', () => {
	it.each(['constructor', 'toString', 'hasOwnProperty', 'valueOf'])(
		'refuses %s, a name every object inherits, as an unknown field',
		(field) => {
			for (const entity of ['answer', 'inspection', 'finding', 'photo'] as const) {
				expect(checkPatch(mutation(entity, { [field]: 'x' }))).toEqual({
					ok: false,
					message: `Trường không hợp lệ: ${field}`
				});
			}
		}
	);

	it('still takes the fields of the schema', () => {
		expect(checkPatch(mutation('answer', { result: 'pass' }))).toEqual({
			ok: true,
			patch: { result: 'pass' }
		});
	});
});

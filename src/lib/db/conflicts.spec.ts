import { describe, expect, it } from 'vitest';
import { openFor } from './conflicts';
import type { ConflictRow } from './database';
import { useFreshDatabase } from './test-fixtures';

const database = useFreshDatabase();

function conflict(id: string, overrides: Partial<ConflictRow> = {}): ConflictRow {
	const side = {
		value: 'pass',
		by: 'Nguyễn Văn An',
		deviceId: 'dev-a',
		at: '2025-08-15T08:00:00.000Z'
	};
	return {
		id,
		inspectionId: 'i-1',
		entity: 'answer',
		entityId: 'i-1:A1',
		field: 'result',
		overwritten: side,
		applied: { ...side, value: 'fail', deviceId: 'dev-b' },
		createdAt: '2025-08-15T09:00:00.000Z',
		resolvedAt: null,
		...overrides
	};
}

describe('conflicts.openFor', () => {
	it('lists the unresolved conflicts of one inspection, oldest first', async () => {
		await database().conflicts.bulkPut([
			conflict('c2', { createdAt: '2025-08-15T10:00:00.000Z' }),
			conflict('c1'),
			conflict('c3', { resolvedAt: '2025-08-15T11:00:00.000Z' }),
			conflict('c4', { inspectionId: 'i-2' })
		]);
		expect((await openFor('i-1')).map((c) => c.id)).toEqual(['c1', 'c2']);
	});
});

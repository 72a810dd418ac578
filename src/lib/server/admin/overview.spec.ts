import { afterEach, beforeEach, expect, it } from 'vitest';
import type { TempDatabase } from '../test-db';
import { seededDatabase } from './fixtures';
import { overview } from './overview';

let temp: TempDatabase;
beforeEach(async () => (temp = await seededDatabase()));
afterEach(() => temp.remove());

it('lists users, delegations with members, units and templates', async () => {
	const o = await overview(temp.db);
	expect(o.users.find((u) => u.login === 'admin')).toMatchObject({ disabled: false });
	expect(o.delegations[0]?.members.map((m) => m.role).sort()).toEqual([
		'thanh-vien',
		'thanh-vien',
		'thu-ky',
		'truong-doan'
	]);
	expect(o.units.find((u) => u.id === 'hbt-bach-dang')).toMatchObject({
		name: 'UBND phường Bạch Đằng',
		kind: 'ubnd-phuong',
		parentId: 'hn-quan-hai-ba-trung',
		inUse: false
	});
	// A district is the parent of wards, so it cannot go.
	expect(o.units.find((u) => u.id === 'hn-quan-hai-ba-trung')?.inUse).toBe(true);
	expect(o.templates[0]?.title.vi).toBeTruthy();
});

/**
 * What a device and the server hold of one inspection, read the same way for both, so a trial can
 * compare them with what the screen acknowledged: answers (result and note per item) and photos
 * by file name (every photo a trial adds has a name of its own, so two rows of one name are a
 * duplicate).
 */
import type { APIRequestContext, Page } from '@playwright/test';

export type Held = {
	answers: Record<string, { result?: string | null; note?: string }>;
	/** file name → how many photo rows carry it (target item in `photoItems`) */
	photos: Record<string, number>;
	photoItems: Record<string, string>;
	/** sha256 of every photo row, for checking the server holds the bytes */
	photoHashes: string[];
	/** photos whose full-size bytes are not held (device only; the server is asked per hash) */
	bytesMissing: string[];
};

type PhotoRow = {
	id: string;
	inspectionId: string;
	fileName: string;
	sha256: string;
	target: { kind: string; itemId?: string };
};

function collect(
	inspectionId: string,
	fields: { itemId: string; field: string; value: unknown }[],
	photos: PhotoRow[],
	fullBytes?: Set<string>
): Held {
	const held: Held = { answers: {}, photos: {}, photoItems: {}, photoHashes: [], bytesMissing: [] };
	for (const f of fields) {
		const row = (held.answers[f.itemId] ??= {});
		if (f.field === 'result') row.result = f.value as string | null;
		if (f.field === 'note') row.note = f.value as string;
	}
	for (const p of photos.filter((row) => row.inspectionId === inspectionId)) {
		held.photos[p.fileName] = (held.photos[p.fileName] ?? 0) + 1;
		held.photoItems[p.fileName] = p.target.itemId ?? p.target.kind;
		held.photoHashes.push(p.sha256);
		if (fullBytes && !fullBytes.has(`${p.id}:full`)) held.bytesMissing.push(p.fileName);
	}
	return held;
}

/** Reads IndexedDB directly, not through the app: what survives is what is stored. */
export async function onDevice(page: Page, inspectionId: string): Promise<Held> {
	const raw = await page.evaluate(
		(id) =>
			new Promise<{ fields: unknown[]; photos: unknown[]; bytes: string[] }>((resolve, reject) => {
				const open = indexedDB.open('kiem-tra');
				open.onerror = () => reject(open.error);
				open.onsuccess = () => {
					const tx = open.result.transaction(['answerFields', 'photos', 'photoBytes']);
					const out = { fields: [] as unknown[], photos: [] as unknown[], bytes: [] as string[] };
					tx.objectStore('photoBytes').getAllKeys().onsuccess = (e) =>
						(out.bytes = (e.target as IDBRequest<string[]>).result);
					tx.objectStore('answerFields').index('inspectionId').getAll(id).onsuccess = (e) =>
						(out.fields = (e.target as IDBRequest).result);
					tx.objectStore('photos').index('inspectionId').getAll(id).onsuccess = (e) =>
						(out.photos = (e.target as IDBRequest).result);
					tx.oncomplete = () => {
						open.result.close();
						resolve(out);
					};
					tx.onerror = () => reject(tx.error);
				};
			}),
		inspectionId
	);
	return collect(
		inspectionId,
		raw.fields as { itemId: string; field: string; value: unknown }[],
		raw.photos as PhotoRow[],
		new Set(raw.bytes)
	);
}

type Pulled = {
	changes: {
		entity: string;
		entityId: string;
		inspectionId: string | null;
		deleted?: boolean;
		fields: Record<string, { value: unknown }>;
	}[];
	cursor: number;
	more: boolean;
};

/** Everything the server gives this account, every page of the feed. */
export async function pullAll(request: APIRequestContext, origin: string) {
	const changes: Pulled['changes'] = [];
	let cursor = 0;
	for (;;) {
		const response = await request.get(`${origin}/api/sync/pull?cursor=${cursor}&limit=500`);
		if (!response.ok()) throw new Error(`pull answered ${response.status()}`);
		const page = (await response.json()) as Pulled;
		changes.push(...page.changes);
		cursor = page.cursor;
		if (!page.more) return changes;
	}
}

export async function onServer(
	request: APIRequestContext,
	origin: string,
	inspectionId: string
): Promise<Held & { rowsPerId: Record<string, number> }> {
	const changes = (await pullAll(request, origin)).filter((c) => !c.deleted);
	const rowsPerId: Record<string, number> = {};
	for (const c of changes) rowsPerId[c.entityId] = (rowsPerId[c.entityId] ?? 0) + 1;
	const value = (c: Pulled['changes'][number], name: string) => c.fields[name]?.value;
	const fields = changes
		.filter((c) => c.entity === 'answer' && c.entityId.startsWith(`${inspectionId}:`))
		.flatMap((c) => {
			const itemId = c.entityId.slice(inspectionId.length + 1);
			return ['result', 'note']
				.filter((f) => f in c.fields)
				.map((field) => ({ itemId, field, value: value(c, field) }));
		});
	const photos = changes
		.filter((c) => c.entity === 'photo')
		.map((c) => ({
			id: c.entityId,
			inspectionId: c.inspectionId ?? '',
			fileName: value(c, 'fileName') as string,
			sha256: value(c, 'sha256') as string,
			target: value(c, 'target') as PhotoRow['target']
		}));
	return { ...collect(inspectionId, fields, photos), rowsPerId };
}

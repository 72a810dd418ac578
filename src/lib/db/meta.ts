import { newId } from '$lib/domain/ids';
import { db } from './connection';

export class ValidationError extends Error {
	constructor(
		readonly code: string,
		readonly field?: string
	) {
		super(code);
		this.name = 'ValidationError';
	}
}

async function read<T>(key: string): Promise<T | undefined> {
	return (await db().meta.get(key))?.value as T | undefined;
}

let knownDeviceId: { db: unknown; id: string } | undefined;

/**
 * Stable id of this browser profile, recorded with every answer (which device said it). It never
 * changes once stored, so it is read once per connection, off the answer-tap path.
 */
export async function deviceId(): Promise<string> {
	const database = db();
	if (knownDeviceId?.db === database) return knownDeviceId.id;
	const id = await readOrCreateDeviceId();
	knownDeviceId = { db: database, id };
	return id;
}

async function readOrCreateDeviceId(): Promise<string> {
	const existing = await read<string>('deviceId');
	if (existing) return existing;
	const id = `dev-${newId()}`;
	// Two tabs racing here must end with one id: add() fails for the loser, which then reads.
	try {
		await db().meta.add({ key: 'deviceId', value: id });
		return id;
	} catch {
		return (await read<string>('deviceId')) ?? id;
	}
}

/** Read inside the saving transaction, so a name changed in another tab is seen at once. */
export function inspectorName(): Promise<string> {
	return read<string>('inspectorName').then((name) => name ?? '');
}

export async function setInspectorName(name: string): Promise<void> {
	await db().meta.put({ key: 'inspectorName', value: name.normalize('NFC').trim().slice(0, 200) });
}

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

const NAME_KEY = 'kiem-tra.inspector-name';
let nameInMemory = '';

/**
 * Who is typing on this device, recorded with every answer. Kept in localStorage: it is read on
 * every tap, synchronously, and a change made in another tab is seen at once.
 */
export function inspectorName(): string {
	try {
		return globalThis.localStorage?.getItem(NAME_KEY) ?? nameInMemory;
	} catch {
		return nameInMemory;
	}
}

export async function setInspectorName(name: string): Promise<void> {
	nameInMemory = name.normalize('NFC').trim().slice(0, 200);
	try {
		globalThis.localStorage?.setItem(NAME_KEY, nameInMemory);
	} catch {
		// Private mode may refuse storage: the name then lasts for this session.
	}
}

import { newId } from '$lib/domain';
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

/** Stable id of this browser profile, recorded with every answer (which device said it). */
export async function deviceId(): Promise<string> {
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

export async function inspectorName(): Promise<string> {
	return (await read<string>('inspectorName')) ?? '';
}

export async function setInspectorName(name: string): Promise<void> {
	await db().meta.put({ key: 'inspectorName', value: name.normalize('NFC').trim().slice(0, 200) });
}

/** Client-generated ids double as server ids, so they must be globally unique: UUID v4. */
export function newId(): string {
	return crypto.randomUUID();
}

export function nowIso(): string {
	return new Date().toISOString();
}

/** One answer per (inspection, item): two tabs or two devices answering the same item meet on the same row. */
export function answerId(inspectionId: string, itemId: string): string {
	return `${inspectionId}:${itemId}`;
}

export function answerFieldKey(inspectionId: string, itemId: string, field: string): string {
	return `${answerId(inspectionId, itemId)}:${field}`;
}

/**
 * Request bodies built on the fixture's real ids: push batches whose mutations are mutated one
 * field at a time, and uploads that are, or pretend to be, JPEGs.
 */
import fc from 'fast-check';
import { answerMutation, inspectionMutation, pdfWith, type Fixture } from './fixture';
import { hostileValue, mutatedBody, toJson } from './payloads';

const ENTITIES = [
	'inspection',
	'answer',
	'finding',
	'photo',
	'indicatorValues',
	'minutes'
] as const;

/** The id a mutation of this entity must carry to pass the id checks and reach the patch's. */
const entityIdFor = (entity: string, inspectionId: string) =>
	entity === 'answer'
		? `${inspectionId}:2.1`
		: entity === 'inspection' || entity === 'indicatorValues'
			? inspectionId
			: crypto.randomUUID();

export const pushBody = (f: Fixture) => {
	const answer = answerMutation(f.inspectionId, '2.1', 'na');
	const patches: Record<(typeof ENTITIES)[number], Record<string, unknown>> = {
		inspection: { status: 'draft' },
		answer: answer.patch,
		finding: { description: 'x', legalBasis: '' },
		photo: { caption: 'y' },
		indicatorValues: { 'counts.received': 1 },
		minutes: { inspectionId: f.inspectionId, version: 1 }
	};
	const mutation = fc.oneof(
		{ weight: 1, arbitrary: mutatedBody(answer) },
		{
			weight: 4,
			arbitrary: fc
				.constantFrom(...ENTITIES)
				.chain((entity) => mutatedBody(patches[entity]).map((p) => [entity, p] as const))
				.map(([entity, p]) => ({
					...answer,
					mutationId: crypto.randomUUID(),
					entity,
					entityId: entityIdFor(entity, f.inspectionId),
					patch: p
				}))
		},
		{ weight: 1, arbitrary: fc.constant(inspectionMutation(crypto.randomUUID())) }
	);
	return fc
		.oneof(
			mutatedBody({ deviceId: f.sessions.member.deviceId, mutations: [answer] }),
			fc
				.array(mutation, { minLength: 1, maxLength: 3 })
				.map((mutations) => ({ deviceId: 'd', mutations })),
			hostileValue
		)
		.map((body) => Buffer.from(toJson(body)));
};

export const jpeg = (f: Fixture) =>
	fc.oneof(
		fc.constant(f.photo.bytes),
		fc.constant(f.photo.bytes.subarray(0, 100)),
		fc.constant(Buffer.alloc(0)),
		fc
			.uint8Array({ maxLength: 3000 })
			.map((b) => Buffer.concat([Buffer.from([0xff, 0xd8, 0xff]), Buffer.from(b)])),
		fc.constantFrom(
			pdfWith('x'),
			Buffer.from('<?php system($_GET["c"]); ?>'),
			Buffer.from('GIF89a<script>alert(1)</script>')
		)
	);

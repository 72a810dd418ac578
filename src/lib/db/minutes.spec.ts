import { describe, expect, it } from 'vitest';
import { draftMinutes } from '$lib/minutes/draft';
import type { MinutesDocument } from '$lib/minutes/model';
import { generateDeviceKey } from '$lib/minutes/seal/device-key';
import { sealContent, verifySeal } from '$lib/minutes/seal/seal';
import { sampleInput } from '../../../tests/fixtures/minutes/sample';
import { signaturePng } from '../../../tests/fixtures/minutes/signature-png';
import { deviceKey, forgetKeyRegistration, markKeyRegistered, registeredKeyId } from './device-key';
import * as minutes from './minutes';
import { countPending } from './outbox';
import { useFreshDatabase } from './test-fixtures';

const database = useFreshDatabase();
const AT = '2025-11-20T10:00:00.000Z';

function draft(): MinutesDocument {
	return draftMinutes(sampleInput());
}

async function signAll(id: string, doc: MinutesDocument) {
	for (const [i, block] of doc.signatures.entries()) {
		await minutes.saveSignature(
			id,
			block.id,
			{ name: block.name || `Người ký ${i + 1}`, title: block.title },
			i === 0
				? { status: 'refused', reason: 'Chưa thống nhất nội dung mục III.2', at: AT }
				: { status: 'signed', image: signaturePng(i), signedAt: AT }
		);
	}
}

describe('minutes drafts', () => {
	it('keeps one open draft per inspection, on this device only', async () => {
		const first = await minutes.createDraft(draft());
		const again = await minutes.createDraft(draft());
		expect(again.id).toBe(first.id);
		expect(first).toMatchObject({ version: 1, status: 'draft', supersedes: null });
		await minutes.saveDraft(first.id, { ...first.content, unitComments: ['Đơn vị thống nhất.'] });
		expect((await minutes.latestFor(first.content.inspectionId))?.content.unitComments).toEqual([
			'Đơn vị thống nhất.'
		]);
		expect(await countPending()).toBe(0);
	});

	it('refuses content that does not fit the model, and keeps the stored draft', async () => {
		const row = await minutes.createDraft(draft());
		await expect(minutes.saveDraft(row.id, { ...row.content, title: '' })).rejects.toMatchObject({
			code: 'invalid-minutes',
			field: 'title'
		});
		expect((await minutes.latestFor(row.inspectionId))?.content.title).toBe(row.content.title);
	});
});

describe('signing and sealing', () => {
	it('freezes the text, collects signatures, and seals with its queue entry in one step', async () => {
		const row = await minutes.createDraft(draft());
		await minutes.startSigning(row.id);
		await expect(minutes.saveDraft(row.id, row.content)).rejects.toMatchObject({
			code: 'minutes-signing'
		});
		await signAll(row.id, row.content);
		const signing = (await minutes.latestFor(row.inspectionId)) as minutes.Minutes;
		expect(signing.content.signatures[0]?.signature.status).toBe('refused');

		const key = await deviceKey();
		const seal = await sealContent(signing.content, key, { signedAt: AT });
		const signed = await minutes.seal(row.id, signing.content, seal);
		expect(signed.status).toBe('signed');
		expect(await minutes.isSigned(row.inspectionId)).toBe(true);
		const queue = await database().queue.toArray();
		expect(queue).toHaveLength(1);
		expect(queue[0]).toMatchObject({ entity: 'minutes', entityId: row.id });
		const verdict = await verifySeal(queue[0]?.patch['content'], queue[0]?.patch['seal'], () =>
			Promise.resolve(key.publicKeyJwk)
		);
		expect(verdict.ok).toBe(true);

		// Signed minutes never change; a correction starts a new version that supersedes them.
		await expect(minutes.backToDraft(row.id)).rejects.toMatchObject({ code: 'minutes-signed' });
		const correction = await minutes.createDraft(signed.content, signed);
		expect(correction).toMatchObject({ version: 2, supersedes: row.id, status: 'draft' });
		expect((await minutes.listFor(row.inspectionId)).map((m) => m.status)).toEqual([
			'signed',
			'draft'
		]);
	});

	it('will not seal a text that changed after the seal was computed', async () => {
		const row = await minutes.createDraft(draft());
		await minutes.startSigning(row.id);
		const seal = await sealContent(row.content, await generateDeviceKey(), { signedAt: AT });
		await signAll(row.id, row.content);
		await expect(minutes.seal(row.id, row.content, seal)).rejects.toMatchObject({
			code: 'minutes-changed'
		});
		expect(await database().queue.count()).toBe(0);
	});

	it('going back to editing drops the signatures already given', async () => {
		const row = await minutes.createDraft(draft());
		await minutes.startSigning(row.id);
		await signAll(row.id, row.content);
		await minutes.backToDraft(row.id);
		const back = (await minutes.latestFor(row.inspectionId)) as minutes.Minutes;
		expect(back.status).toBe('draft');
		expect(back.content.signatures.every((s) => s.signature.status === 'pending')).toBe(true);
	});
});

describe('device key and PDFs', () => {
	it('makes one non-extractable key per device and remembers its registration', async () => {
		const key = await deviceKey();
		expect(key.privateKey.extractable).toBe(false);
		expect((await deviceKey()).keyId).toBe(key.keyId);
		expect(await registeredKeyId()).toBeUndefined();
		await markKeyRegistered(key.keyId);
		expect(await registeredKeyId()).toBe(key.keyId);
		// Another person signs in: the same key is registered again, under them.
		await forgetKeyRegistration();
		expect(await registeredKeyId()).toBeUndefined();
		expect((await deviceKey()).keyId).toBe(key.keyId);
	});

	it('keeps each PDF until the server has it', async () => {
		await minutes.storePdf('m1', new Uint8Array([0x25, 0x50, 0x44, 0x46]).buffer, 'a'.repeat(64));
		expect(await minutes.unsentPdfs()).toEqual(['m1']);
		await minutes.markPdfUploaded('m1');
		expect(await minutes.unsentPdfs()).toEqual([]);
		expect((await minutes.pdfOf('m1'))?.bytes.byteLength).toBe(4);
	});
});

/**
 * Signed minutes arriving through push (docs/SYNC.md, "Signed minutes"). They are not merged
 * like other rows: the content and seal are checked, stored once and never changed.
 *
 * - The patch must match MinutesPatchSchema, and its content must be the schema's own output
 *   (NFC, trimmed), because the seal covers the content exactly as sent.
 * - The writer must be allowed to write the inspection; the seal must verify with a key
 *   registered for one of the writer's own devices.
 * - An inspection has one line of minutes: the first (version 1, superseding nothing), then
 *   corrections, each superseding the latest and numbered one more. A correction is the only
 *   write a signed inspection accepts.
 * - The same minutes id again: `duplicate` with the same seal hash, `signed` with another.
 *
 * Accepted minutes set inspections_index.signed_at, after which push refuses every other change
 * to the inspection as `signed`, and go into the feed so members' devices pull them.
 */
import type { Transaction } from 'kysely';
import type { MutationResult, PushMutation } from '$lib/sync/protocol';
import { MinutesPatchSchema, type MinutesPatch } from '$lib/sync/minutes-wire';
import { canonicalJson } from '$lib/minutes/seal/canonical';
import { verifySeal, type SealFailure } from '$lib/minutes/seal/seal';
import { canWriteInspection } from '../auth/access';
import type { AuthUser } from '../auth/session';
import type { FeedBatch } from '../db/feed-batch';
import type { DB } from '../db/schema';
import { keysOf } from './keys';

/** The part of push's batch that accepting minutes uses. */
export type MinutesBatch = {
	trx: Transaction<DB>;
	user: AuthUser;
	deviceId: string;
	feed: FeedBatch;
	/** Inspections push found open to this writer; a signed one must leave the set. */
	admitted: Set<string>;
};

type Rejection = Extract<MutationResult, { status: 'rejected' }>;

function reject(m: PushMutation, reason: Rejection['reason'], message: string): Rejection {
	return { mutationId: m.mutationId, status: 'rejected', reason, message: message.slice(0, 500) };
}

/** Why a seal failed, in words for the person whose device sent it. */
export const SEAL_FAILURE_MESSAGES: Record<SealFailure, string> = {
	malformed: 'Dấu niêm phong không đúng định dạng.',
	'unsupported-version': 'Dấu niêm phong thuộc một phiên bản ứng dụng mới hơn máy chủ.',
	'invalid-content': 'Nội dung biên bản không ở dạng chuẩn để niêm phong.',
	altered: 'Nội dung biên bản không khớp với mã băm trong dấu niêm phong.',
	'unknown-key':
		'Khóa niêm phong của thiết bị chưa được đăng ký cho tài khoản này. Hãy đăng nhập lại trên thiết bị đã ký.',
	'key-mismatch': 'Khóa trong dấu niêm phong không khớp với khóa đã đăng ký.',
	'bad-signature': 'Dấu niêm phong không được tạo bằng khóa của thiết bị đã đăng ký.'
};

const IMMUTABLE = 'Biên bản đã ký không thể thay đổi.';

function firstIssue(error: { issues: { path: PropertyKey[]; message: string }[] }): string {
	const issue = error.issues[0];
	const where = issue?.path.map(String).join('.') || 'patch';
	return `Biên bản không hợp lệ ở ${where}: ${issue?.message ?? ''}`.trim();
}

export async function acceptMinutes(batch: MinutesBatch, m: PushMutation): Promise<MutationResult> {
	const { trx, user } = batch;
	if (m.op !== 'upsert') return reject(m, 'signed', 'Biên bản đã ký không thể xóa.');
	const parsed = MinutesPatchSchema.safeParse(m.patch);
	if (!parsed.success) return reject(m, 'invalid', firstIssue(parsed.error));
	const patch = parsed.data;
	if (patch.inspectionId !== m.inspectionId) {
		return reject(m, 'invalid', 'Biên bản không thuộc cuộc kiểm tra đã nêu.');
	}

	const index = await trx
		.selectFrom('inspections_index')
		.select(['signed_at'])
		.where('inspection_id', '=', m.inspectionId)
		.executeTakeFirst();
	if (!index) return reject(m, 'not-found', 'Cuộc kiểm tra chưa có trên máy chủ.');
	if (!(await canWriteInspection(trx, user, m.inspectionId))) {
		return reject(m, 'forbidden', 'Bạn không có quyền ký biên bản của cuộc kiểm tra này.');
	}

	const same = await trx
		.selectFrom('minutes')
		.select(['sha256', 'inspection_id'])
		.where('id', '=', m.entityId)
		.executeTakeFirst();
	if (same) {
		if (same.sha256 !== patch.seal.sha256 || same.inspection_id !== m.inspectionId) {
			return reject(m, 'signed', IMMUTABLE);
		}
		const row = await batch.feed.row('minutes', m.entityId);
		return { mutationId: m.mutationId, status: 'duplicate', version: row?.version ?? 0 };
	}

	const verdict = await verifySeal(m.patch['content'], patch.seal, keysOf(trx, user.id));
	if (!verdict.ok) return reject(m, 'invalid', SEAL_FAILURE_MESSAGES[verdict.reason]);
	const content = canonicalJson(patch.content);
	if (content !== canonicalJson(m.patch['content'])) {
		return reject(m, 'invalid', 'Nội dung biên bản chưa được chuẩn hóa trước khi niêm phong.');
	}

	const refused = await checkLine(trx, m, patch, index.signed_at);
	if (refused) return refused;

	const receivedAt = new Date().toISOString();
	await trx
		.insertInto('minutes')
		.values({
			id: m.entityId,
			inspection_id: m.inspectionId,
			version: patch.version,
			supersedes: patch.supersedes,
			content,
			sha256: verdict.sha256,
			seal: JSON.stringify(patch.seal),
			key_id: verdict.keyId,
			user_id: user.id,
			device_id: patch.deviceId,
			signed_at: patch.signedAt,
			received_at: receivedAt
		})
		.execute();
	if (!index.signed_at) {
		await trx
			.updateTable('inspections_index')
			.set({ signed_at: patch.signedAt })
			.where('inspection_id', '=', m.inspectionId)
			.execute();
	}
	batch.admitted.delete(m.inspectionId);
	return record(batch, m, { ...patch, receivedAt });
}

/** Whether these minutes may start or continue the inspection's line of minutes. */
async function checkLine(
	trx: Transaction<DB>,
	m: PushMutation,
	patch: MinutesPatch,
	signedAt: string | null
): Promise<Rejection | null> {
	const latest = await trx
		.selectFrom('minutes')
		.select(['id', 'version'])
		.where('inspection_id', '=', m.inspectionId)
		.orderBy('version', 'desc')
		.executeTakeFirst();
	if (!latest) {
		if (signedAt) return reject(m, 'signed', 'Cuộc kiểm tra đã được ký.');
		if (patch.supersedes !== null || patch.version !== 1) {
			return reject(m, 'invalid', 'Cuộc kiểm tra chưa có biên bản nào để đính chính.');
		}
		return null;
	}
	if (patch.supersedes === null) {
		return reject(
			m,
			'signed',
			'Cuộc kiểm tra đã có biên bản được ký; chỉ có thể lập biên bản đính chính.'
		);
	}
	if (patch.supersedes !== latest.id) {
		return reject(
			m,
			'signed',
			`Biên bản được đính chính không phải bản mới nhất (phiên bản ${latest.version}).`
		);
	}
	if (patch.version !== latest.version + 1) {
		return reject(m, 'invalid', `Biên bản đính chính phải là phiên bản ${latest.version + 1}.`);
	}
	return null;
}

/** Puts the minutes in the feed, every field at one version, as the server holds them. */
async function record(
	{ feed, user, deviceId }: MinutesBatch,
	m: PushMutation,
	fields: MinutesPatch & { receivedAt: string }
): Promise<MutationResult> {
	const version = await feed.nextVersion();
	await feed.stampRow(
		{ entity: 'minutes', entityId: m.entityId, inspectionId: m.inspectionId },
		version
	);
	const state = { version, by: user.id, deviceId, at: m.at };
	feed.writeFields(
		'minutes',
		m.entityId,
		Object.fromEntries(Object.entries(fields).map(([name, value]) => [name, { value, ...state }]))
	);
	return { mutationId: m.mutationId, status: 'applied', version };
}

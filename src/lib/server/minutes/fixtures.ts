/**
 * For the minutes specs: a small signed minutes document (two signers, one refusal), sealed with
 * a device key made on the spot, and the push mutation that carries it. The document is built
 * here rather than drafted from an inspection: the server only sees the frozen content.
 */
import type { MinutesDocument } from '$lib/minutes/model';
import { generateDeviceKey, type DeviceKey } from '$lib/minutes/seal/device-key';
import { sealContent } from '$lib/minutes/seal/seal';
import type { MinutesPatch } from '$lib/sync/minutes-wire';
import type { PushMutation } from '$lib/sync/protocol';

/** A 1×1 transparent PNG: a signature image as signature_pad's toDataURL gives one. */
export const SIGNATURE_PNG =
	'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';

let counter = 0;
export const uuid = () => `00000000-0000-4000-8000-${String(++counter).padStart(12, '0')}`;

export function minutesDocument(
	inspectionId: string,
	change: (doc: MinutesDocument) => void = () => {}
): MinutesDocument {
	const ground = {
		number: '1234/QĐ-UBND',
		date: '2025-03-15',
		issuer: 'Chủ tịch UBND',
		subject: ''
	};
	const doc: MinutesDocument = {
		schemaVersion: 1,
		inspectionId,
		header: {
			governingBody: 'UBND thành phố Hà Nội',
			issuingBody: 'Đoàn kiểm tra công tác CCHC',
			number: '05',
			symbol: 'BB-ĐKT',
			placeDate: null
		},
		title: 'Biên bản kiểm tra',
		subtitle: 'Công tác kiểm soát thủ tục hành chính',
		grounds: { decision: ground, plan: null, others: [] },
		opening: {
			date: '2025-11-20',
			startTime: '08:30',
			place: 'Trụ sở UBND phường Bạch Mai',
			subject: 'công tác kiểm soát thủ tục hành chính',
			unitName: 'UBND phường Bạch Mai',
			periodFrom: '2025-01-01',
			periodTo: '2025-10-31'
		},
		participants: {
			delegation: [
				{ id: 'm1', honorific: 'ong', name: 'Nguyễn Văn An', position: '', role: 'truong-doan' }
			],
			unit: [{ id: 'u1', honorific: 'ba', name: 'Lê Thị Hoa', position: 'Phó Chủ tịch' }],
			others: []
		},
		scope: { contents: ['Việc công khai thủ tục hành chính.'], methods: [] },
		results: { strengths: ['Niêm yết đầy đủ.'], shortcomings: [], figures: [] },
		unitComments: [],
		conclusions: { summary: ['Đơn vị thực hiện tốt.'], actions: [] },
		closing: { endDate: null, endTime: '11:00', copies: 3, keptBy: '' },
		signatures: [
			{
				id: 'unit',
				party: 'unit',
				memberId: null,
				role: 'Đại diện đơn vị được kiểm tra',
				title: 'Phó Chủ tịch UBND phường',
				name: 'Lê Thị Hoa',
				signature: { status: 'signed', image: SIGNATURE_PNG, signedAt: '2025-11-20T04:01:00.000Z' }
			},
			{
				id: 'head',
				party: 'delegation',
				memberId: 'm1',
				role: 'Trưởng đoàn',
				title: '',
				name: 'Nguyễn Văn An',
				signature: { status: 'signed', image: SIGNATURE_PNG, signedAt: '2025-11-20T04:02:00.000Z' }
			},
			{
				id: 'other',
				party: 'other',
				memberId: null,
				role: 'Đại diện Mặt trận Tổ quốc',
				title: '',
				name: 'Trần Văn Bình',
				signature: {
					status: 'refused',
					reason: 'Không đồng ý kết luận.',
					at: '2025-11-20T04:03:00.000Z'
				}
			}
		],
		recipients: ['Như trên', 'Lưu: VT'],
		annexes: { photos: [], checklist: [], indicators: [] }
	};
	change(doc);
	return doc;
}

export type Sealed = { patch: MinutesPatch; key: DeviceKey };

export async function sealedPatch(
	doc: MinutesDocument,
	key: DeviceKey,
	line: { version?: number; supersedes?: string | null; deviceId?: string } = {}
): Promise<MinutesPatch> {
	const seal = await sealContent(doc, key, { signedAt: '2025-11-20T04:05:00.000Z' });
	return {
		inspectionId: doc.inspectionId,
		version: line.version ?? 1,
		supersedes: line.supersedes ?? null,
		content: doc,
		seal,
		signedAt: seal.signedAt,
		deviceId: line.deviceId ?? 'dev-a'
	};
}

export function minutesMutation(id: string, patch: MinutesPatch): PushMutation {
	return {
		mutationId: uuid(),
		entity: 'minutes',
		entityId: id,
		inspectionId: patch.inspectionId,
		op: 'upsert',
		// Through JSON, as the push route receives it.
		patch: JSON.parse(JSON.stringify(patch)) as Record<string, unknown>,
		at: '2025-11-20T04:06:00.000Z',
		base: {}
	};
}

export { generateDeviceKey };

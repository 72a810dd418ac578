import { config } from '$lib/server/config';
import { canReadInspection, canWriteInspection } from '$lib/server/auth/access';
import { getDb } from '$lib/server/db/sqlite';
import { apiError, requireUser } from '$lib/server/http';
import {
	isPdf,
	readMinutesPdf,
	sealMarkersIn,
	storeMinutesPdf,
	type StoreOutcome
} from '$lib/server/minutes/pdf-store';
import { minutesById, type MinutesRow } from '$lib/server/minutes/records';
import { MAX_MINUTES_PDF_BYTES } from '$lib/sync/minutes-wire';
import type { RequestHandler } from './$types';

const STATUS: Record<StoreOutcome, number> = { created: 201, same: 200, different: 409 };

type Found = { minutes: MinutesRow } | { response: Response };

async function find(id: string): Promise<Found> {
	const minutes = await minutesById(getDb(), id);
	if (!minutes) return { response: apiError(404, 'not-found', 'Máy chủ chưa có biên bản này.') };
	return { minutes };
}

function forbidden(): Response {
	return apiError(403, 'forbidden', 'Bạn không có quyền xem biên bản này.');
}

function pdfHeaders(minutes: MinutesRow): Record<string, string> {
	return {
		'content-type': 'application/pdf',
		'content-length': String(minutes.pdf_bytes ?? 0),
		etag: `"${minutes.pdf_sha256 ?? ''}"`,
		'content-disposition': `inline; filename="bien-ban-${minutes.id}.pdf"`,
		'cache-control': 'private, max-age=31536000, immutable'
	};
}

/** The body, or null when adapter-node's BODY_SIZE_LIMIT cut it off. */
async function bodyOf(request: Request): Promise<Uint8Array | null> {
	try {
		return new Uint8Array(await request.arrayBuffer());
	} catch (e) {
		if ((e as { status?: unknown }).status === 413) return null;
		throw e;
	}
}

/**
 * Whether the server holds the PDF. HEAD and GET answer the same people: whoever may read the
 * inspection (its delegation, administrators, viewers), who already pull the minutes' content
 * and seal that the PDF renders.
 */
export const HEAD: RequestHandler = async ({ locals, params }) => {
	const user = requireUser(locals);
	const found = await find(params.id);
	if ('response' in found) return new Response(null, { status: 404 });
	const { minutes } = found;
	if (!(await canReadInspection(getDb(), user, minutes.inspection_id))) {
		return new Response(null, { status: 403 });
	}
	if (!minutes.pdf_sha256) return new Response(null, { status: 404 });
	return new Response(null, { status: 200, headers: pdfHeaders(minutes) });
};

export const GET: RequestHandler = async ({ locals, params }) => {
	const user = requireUser(locals);
	const found = await find(params.id);
	if ('response' in found) return found.response;
	const { minutes } = found;
	if (!(await canReadInspection(getDb(), user, minutes.inspection_id))) return forbidden();
	if (!minutes.pdf_sha256) {
		return apiError(404, 'no-pdf', 'Máy chủ chưa nhận bản PDF của biên bản này.');
	}
	const bytes = await readMinutesPdf(config().dataDir, minutes.id);
	return new Response(bytes, { headers: pdfHeaders(minutes) });
};

/**
 * The PDF the signing device made, once: 201 stored, 200 the same bytes again, 409 other bytes.
 * It must be a PDF and carry the seal marker of these very minutes. The first copy becomes the
 * reference every uploaded copy is compared with, so only those who may write the inspection
 * (its delegation, an administrator) provide it; a viewer cannot.
 */
export const PUT: RequestHandler = async ({ locals, params, request }) => {
	const user = requireUser(locals);
	const found = await find(params.id);
	if ('response' in found) return found.response;
	const { minutes } = found;
	const db = getDb();
	if (!(await canWriteInspection(db, user, minutes.inspection_id))) return forbidden();

	const tooBig = () =>
		apiError(413, 'too-big', `Tệp PDF quá lớn (tối đa ${MAX_MINUTES_PDF_BYTES / 1024 / 1024} MB).`);
	if (Number(request.headers.get('content-length') ?? 0) > MAX_MINUTES_PDF_BYTES) return tooBig();
	const bytes = await bodyOf(request);
	if (!bytes || bytes.length > MAX_MINUTES_PDF_BYTES) return tooBig();
	if (bytes.length === 0) return apiError(400, 'empty', 'Tệp PDF rỗng.');
	if (!isPdf(bytes)) return apiError(415, 'not-a-pdf', 'Tệp gửi lên không phải tệp PDF.');
	if (!sealMarkersIn(bytes).includes(minutes.sha256)) {
		return apiError(422, 'wrong-seal', 'Tệp PDF không mang dấu niêm phong của biên bản này.');
	}
	const outcome = await storeMinutesPdf(db, config().dataDir, minutes.id, bytes);
	if (outcome === 'different') {
		return apiError(409, 'signed', 'Biên bản đã ký không thể thay đổi.');
	}
	return new Response(null, { status: STATUS[outcome] });
};

import { getDb } from '$lib/server/db/sqlite';
import { verifyPdf, type Verification } from '$lib/server/minutes/verify';
import { MAX_MINUTES_PDF_BYTES } from '$lib/sync/minutes-wire';
import type { Actions } from './$types';

/** Room for the multipart envelope around the largest PDF. */
const ENVELOPE = 64 * 1024;

async function formOf(request: Request): Promise<FormData | Verification> {
	if (Number(request.headers.get('content-length') ?? 0) > MAX_MINUTES_PDF_BYTES + ENVELOPE) {
		return { outcome: 'too-large' };
	}
	try {
		return await request.formData();
	} catch (e) {
		// adapter-node's BODY_SIZE_LIMIT fails the stream with 413; anything else is a bad form.
		return { outcome: (e as { status?: unknown }).status === 413 ? 'too-large' : 'no-file' };
	}
}

const answer = (result: Verification) => ({ result });

/** An uploaded copy of the minutes, compared and forgotten: nothing is stored. */
export const actions = {
	default: async ({ request }) => {
		const form = await formOf(request);
		if (!(form instanceof FormData)) return answer(form);
		const file = form.get('pdf');
		if (!(file instanceof File) || file.size === 0) return answer({ outcome: 'no-file' });
		if (file.size > MAX_MINUTES_PDF_BYTES) return answer({ outcome: 'too-large' });
		return answer(await verifyPdf(getDb(), new Uint8Array(await file.arrayBuffer())));
	}
} satisfies Actions;

/**
 * The shareable picture of a result: a bitmap is the right output here (chat apps show images,
 * not PDFs), so html2canvas draws the summary card. The minutes' text never goes this way.
 */
import { download } from '../download';

export async function renderCard(card: HTMLElement): Promise<Blob> {
	const { default: html2canvas } = await import('html2canvas');
	const canvas = await html2canvas(card, { scale: 2, backgroundColor: '#ffffff', logging: false });
	return new Promise((resolve, reject) =>
		canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('empty canvas'))), 'image/png')
	);
}

export type Handed = 'shared' | 'downloaded' | 'cancelled';

/** The Web Share sheet where the device has one for files, a download everywhere else. */
export async function shareOrDownload(
	blob: Blob,
	fileName: string,
	title: string
): Promise<Handed> {
	const file = new File([blob], fileName, { type: blob.type });
	if (navigator.canShare?.({ files: [file] })) {
		try {
			await navigator.share({ files: [file], title });
			return 'shared';
		} catch (error) {
			if (error instanceof DOMException && error.name === 'AbortError') return 'cancelled';
			// Share refused for another reason (no gesture left, policy): fall back to a download.
		}
	}
	download(blob, fileName);
	return 'downloaded';
}

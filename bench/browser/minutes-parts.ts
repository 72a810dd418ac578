/**
 * Where a PDF's bytes go, for the minutes bench's size table: page content streams, embedded
 * fonts (programs, ToUnicode maps, descriptors, widths), images (JPEG and PNG streams with their
 * dictionaries) and the rest (page tree, catalogue, info, cross-reference table). Reads jsPDF's
 * uncompressed object syntax; not a general PDF parser.
 */
export type Parts = { total: number; content: number; fonts: number; images: number; rest: number };

export function pdfParts(pdf: Uint8Array): Parts {
	// windows-1252 decodes every byte to one UTF-16 unit, so string offsets are byte offsets.
	const text = new TextDecoder('latin1').decode(pdf);
	const contents = new Set(Array.from(text.matchAll(/\/Contents (\d+) 0 R/g), (m) => m[1]));
	const parts: Parts = { total: pdf.length, content: 0, fonts: 0, images: 0, rest: 0 };
	let counted = 0;
	for (const m of text.matchAll(/(\d+) 0 obj\s*<<([^]*?)endobj/g)) {
		const head = (m[2] ?? '').slice(0, 200);
		const size = m[0].length;
		counted += size;
		if (contents.has(m[1])) parts.content += size;
		else if (head.includes('/Subtype /Image')) parts.images += size;
		else if (/\/Length1 |\/Type \/FontDescriptor|\/Type \/Font\b/.test(head)) parts.fonts += size;
		else parts.rest += size;
	}
	parts.rest += pdf.length - counted;
	return parts;
}

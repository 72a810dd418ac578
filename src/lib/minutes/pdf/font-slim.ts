/**
 * jsPDF subsets the glyphs it embeds but copies some tables whole, among them `post`, which in
 * Tinos holds a name for each of its 2,500 glyphs: about 15 KB compressed in every face of every
 * PDF. Text extraction reads the ToUnicode map jsPDF writes, never glyph names, so the table is
 * cut to its 32-byte header (format 3.0, "no names") before the font is registered. The rest of
 * the file is rebuilt byte for byte with fresh offsets and checksums.
 */

const POST_HEADER = 32;

function checksum(bytes: Uint8Array): number {
	let sum = 0;
	const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	for (let i = 0; i < bytes.length; i += 4) {
		const word =
			i + 4 <= bytes.length
				? view.getUint32(i)
				: Array.from({ length: 4 }, (_, k) => bytes[i + k] ?? 0).reduce((a, b) => a * 256 + b, 0);
		sum = (sum + word) >>> 0;
	}
	return sum;
}

type Table = { tag: string; data: Uint8Array };

function readTables(font: Uint8Array): Table[] {
	const view = new DataView(font.buffer, font.byteOffset, font.byteLength);
	const count = view.getUint16(4);
	return Array.from({ length: count }, (_, i) => {
		const entry = 12 + 16 * i;
		const tag = String.fromCharCode(...font.subarray(entry, entry + 4));
		const offset = view.getUint32(entry + 8);
		const length = view.getUint32(entry + 12);
		return { tag, data: font.subarray(offset, offset + length) };
	});
}

/** Returns the font with a names-free `post` table; any other input comes back unchanged. */
export function slimFont(font: Uint8Array): Uint8Array {
	const view = new DataView(font.buffer, font.byteOffset, font.byteLength);
	if (font.length < 12 || view.getUint32(0) !== 0x00010000) return font;
	const tables = readTables(font).map(({ tag, data }) => {
		if (tag !== 'post' || data.length <= POST_HEADER) return { tag, data };
		const post = data.slice(0, POST_HEADER);
		new DataView(post.buffer).setUint32(0, 0x00030000);
		return { tag, data: post };
	});
	const headerLength = 12 + 16 * tables.length;
	const padded = (n: number) => (n + 3) & ~3;
	const total = tables.reduce((n, t) => n + padded(t.data.length), headerLength);
	const out = new Uint8Array(total);
	const outView = new DataView(out.buffer);
	out.set(font.subarray(0, 12));
	let offset = headerLength;
	let headAt = -1;
	tables.forEach(({ tag, data }, i) => {
		const entry = 12 + 16 * i;
		const copy = tag === 'head' ? data.slice() : data;
		// The head table's checksum is computed with its adjustment field zeroed.
		if (tag === 'head') new DataView(copy.buffer).setUint32(8, 0);
		out.set(new TextEncoder().encode(tag), entry);
		outView.setUint32(entry + 4, checksum(copy));
		outView.setUint32(entry + 8, offset);
		outView.setUint32(entry + 12, copy.length);
		out.set(copy, offset);
		if (tag === 'head') headAt = offset;
		offset += padded(copy.length);
	});
	if (headAt >= 0) outView.setUint32(headAt + 8, (0xb1b0afba - checksum(out)) >>> 0);
	return out;
}

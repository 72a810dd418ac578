/** A bare jsPDF document with the four Tinos faces, uncompressed, for specs that read its bytes. */
import { jsPDF } from 'jspdf';
import { loadFonts, registerFonts } from './fonts';
import { nodeFontLoader } from './fonts-node';

export async function testDocument(): Promise<jsPDF> {
	const doc = new jsPDF({ unit: 'mm', format: 'a4', compress: false, putOnlyUsedFonts: true });
	registerFonts(doc, await loadFonts(nodeFontLoader));
	return doc;
}

/** The PDF's bytes as a binary string, where stream contents can be searched and sliced. */
export const pdfString = (doc: jsPDF): string => doc.output();

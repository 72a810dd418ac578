import type { FontStyle } from './fonts';

/**
 * Tinos (metric-compatible with Times New Roman, full Vietnamese) from the npm package, one file
 * per style. The browser gets them as build assets (fonts-browser.ts), Node reads them in place
 * (fonts-node.ts); both use these paths.
 */
export const TINOS_PACKAGE = '@expo-google-fonts/tinos';

export const TINOS_FILES: Record<FontStyle, string> = {
	normal: '400Regular/Tinos_400Regular.ttf',
	bold: '700Bold/Tinos_700Bold.ttf',
	italic: '400Regular_Italic/Tinos_400Regular_Italic.ttf',
	bolditalic: '700Bold_Italic/Tinos_700Bold_Italic.ttf'
};

/**
 * The browser's font loader. The TTFs are imported as URLs, so Vite copies them into the build
 * under content-hashed names (/_app/immutable/assets/…); SvelteKit lists them in the service
 * worker's `build` files, which are precached and kept across versions. The PDF can then be made
 * offline from the first visit on. Fetches are same-origin and answered from that cache.
 * The fonts' licence (SIL OFL 1.1) ships beside them as static/licenses/tinos-ofl.txt.
 */
import bold from '@expo-google-fonts/tinos/700Bold/Tinos_700Bold.ttf?url';
import boldItalic from '@expo-google-fonts/tinos/700Bold_Italic/Tinos_700Bold_Italic.ttf?url';
import normal from '@expo-google-fonts/tinos/400Regular/Tinos_400Regular.ttf?url';
import italic from '@expo-google-fonts/tinos/400Regular_Italic/Tinos_400Regular_Italic.ttf?url';
import type { FontLoader, FontStyle } from './fonts';

export const FONT_URLS: Record<FontStyle, string> = {
	normal,
	bold,
	italic,
	bolditalic: boldItalic
};

export const browserFontLoader: FontLoader = async (style) => {
	const response = await fetch(FONT_URLS[style]);
	if (!response.ok) throw new Error(`font ${style}: HTTP ${response.status}`);
	return response.arrayBuffer();
};

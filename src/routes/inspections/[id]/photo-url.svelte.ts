import { photos } from '$lib/db';

/**
 * An object URL for a stored photo's bytes, made when needed and revoked when the view that
 * asked for it goes away, so a gallery of 80 photos does not pin 80 blobs in memory.
 */
export class PhotoUrl {
	url = $state<string | null>(null);
	#made: string | null = null;

	constructor(id: () => string | null, size: 'full' | 'thumb') {
		$effect(() => {
			const photoId = id();
			let cancelled = false;
			if (photoId) {
				void photos.blobOf(photoId, size).then((blob) => {
					if (cancelled || !blob) return;
					this.#made = URL.createObjectURL(blob);
					this.url = this.#made;
				});
			}
			return () => {
				cancelled = true;
				if (this.#made) URL.revokeObjectURL(this.#made);
				this.#made = null;
				this.url = null;
			};
		});
	}
}

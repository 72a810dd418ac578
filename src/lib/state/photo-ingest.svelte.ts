/**
 * A batch of photo files on its way into the store: one at a time through the ingest worker,
 * each committed on its own, so one bad file never stops the others and a full disk leaves only
 * whole photos behind. The screen reads the progress and the failures from here.
 */
import type { Photo, PhotoLocation, PhotoTarget } from '$lib/domain';
import { nowIso } from '$lib/domain/ids';
import { photos, storageInfo } from '$lib/db';
import { PhotoProcessor } from '$lib/photos/ingest';
import type { PhotoProblem } from '$lib/photos/pipeline';
import { saveStatus } from './save-status.svelte';

export type IngestProblem = PhotoProblem | 'storage-full' | 'failed';
export type IngestFailure = { fileName: string; problem: IngestProblem };

/** Above this share of the quota, adding photos warns first. */
export const NEARLY_FULL = 0.9;

const LOCATION_KEY = 'kiem-tra.photo-location';

/** Whether photos without GPS get the device's position: off until the person turns it on. */
export function deviceLocationWanted(): boolean {
	try {
		return globalThis.localStorage?.getItem(LOCATION_KEY) === 'on';
	} catch {
		return false;
	}
}

export function setDeviceLocationWanted(on: boolean): void {
	try {
		globalThis.localStorage?.setItem(LOCATION_KEY, on ? 'on' : 'off');
	} catch {
		// Private mode may refuse storage: the choice then lasts for this page only.
	}
}

function deviceLocation(): Promise<PhotoLocation | null> {
	if (!deviceLocationWanted() || !globalThis.navigator?.geolocation) return Promise.resolve(null);
	return new Promise((resolve) => {
		navigator.geolocation.getCurrentPosition(
			({ coords }) =>
				resolve({
					lat: coords.latitude,
					lon: coords.longitude,
					accuracyM: Number.isFinite(coords.accuracy) ? Math.round(coords.accuracy) : null,
					source: 'device'
				}),
			() => resolve(null),
			{ timeout: 5000, maximumAge: 60_000 }
		);
	});
}

/** Whether storage is close enough to full that the person should hear it before adding more. */
export async function storageNearlyFull(): Promise<boolean> {
	const { usage, quota } = await storageInfo();
	return usage !== null && quota !== null && quota > 0 && usage / quota >= NEARLY_FULL;
}

export class PhotoIngest {
	total = $state(0);
	done = $state(0);
	current = $state<string | null>(null);
	failures = $state<IngestFailure[]>([]);
	#processor = new PhotoProcessor();

	get running(): boolean {
		return this.current !== null;
	}

	async run(files: File[], inspectionId: string, target: PhotoTarget): Promise<number> {
		this.total = files.length;
		this.done = 0;
		this.failures = [];
		let added = 0;
		let place: Promise<PhotoLocation | null> | undefined;
		const offsetMinutes = -new Date().getTimezoneOffset();
		try {
			for (const file of files) {
				this.current = file.name;
				const result = await this.#processor.process(file, file.name, {
					offsetMinutes,
					now: nowIso()
				});
				if (!result.ok) {
					this.failures.push({ fileName: file.name, problem: result.problem });
				} else {
					const { gps, ...photo } = result.photo;
					const location: PhotoLocation | null = gps
						? { ...gps, accuracyM: null, source: 'exif' }
						: await (place ??= deviceLocation());
					try {
						await saveStatus.run(() => photos.add({ ...photo, location, inspectionId, target }));
						added++;
					} catch (error) {
						const full = (error as { name?: string }).name === 'StorageFullError';
						this.failures.push({ fileName: file.name, problem: full ? 'storage-full' : 'failed' });
					}
				}
				this.done++;
			}
		} finally {
			this.current = null;
		}
		return added;
	}

	/**
	 * Stores an annotated copy of `original` as a photo of its own: same target, time and place,
	 * its own bytes and hash. The original is left exactly as it was.
	 */
	async addAnnotated(
		original: Photo,
		jpeg: Blob,
		annotations: Record<string, unknown>[]
	): Promise<Photo> {
		const result = await this.#processor.process(jpeg, original.fileName, {
			offsetMinutes: -new Date().getTimezoneOffset(),
			now: nowIso()
		});
		if (!result.ok) throw new Error(result.problem);
		const { gps: _gps, ...photo } = result.photo;
		return saveStatus.run(() =>
			photos.add({
				...photo,
				takenAt: original.takenAt,
				takenAtSource: original.takenAtSource,
				location: original.location,
				inspectionId: original.inspectionId,
				target: original.target,
				caption: original.caption,
				versionOf: original.versionOf ?? original.id,
				annotations
			})
		);
	}

	dismiss(): void {
		this.failures = [];
		this.total = 0;
		this.done = 0;
	}

	dispose(): void {
		this.#processor.dispose();
	}
}

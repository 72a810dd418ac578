import { createContext } from 'svelte';
import type { Answer, Finding, Inspection, Photo, PhotoTarget } from '$lib/domain';

/** The open inspection's live rows, shared by its tabs so each is queried once. */
export type InspectionContext = {
	readonly inspection: Inspection | undefined;
	readonly answers: ReadonlyMap<string, Answer>;
	readonly answersLoaded: boolean;
	readonly findings: Finding[];
	readonly photos: Photo[];
	/** Signed minutes exist: the inspection is read-only for good (a correction is new minutes). */
	readonly signed: boolean;
	/** Opens the camera or the gallery; what is chosen is stored as evidence for `target`. */
	pickPhotos(target: PhotoTarget, mode: 'camera' | 'gallery'): void;
	/** Opens the full-screen viewer at one photo, browsing the photos of `scope`. */
	openPhoto(photoId: string, scope: PhotoTarget | 'all'): void;
};

export const [getInspectionContext, setInspectionContext] = createContext<InspectionContext>();

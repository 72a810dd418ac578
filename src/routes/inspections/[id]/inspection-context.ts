import { createContext } from 'svelte';
import type { Answer, Finding, Inspection } from '$lib/domain';

/** The open inspection's live rows, shared by its tabs so each is queried once. */
export type InspectionContext = {
	readonly inspection: Inspection | undefined;
	readonly answers: ReadonlyMap<string, Answer>;
	readonly answersLoaded: boolean;
	readonly findings: Finding[];
};

export const [getInspectionContext, setInspectionContext] = createContext<InspectionContext>();

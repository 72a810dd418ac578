import { t } from '$lib/i18n/index.svelte';
import type { AnnotatorLabels } from './Annotator.svelte';

/** Every string the annotation editor shows, in the current language. */
export function annotatorLabels(): AnnotatorLabels {
	return {
		canvas: t('annotate.canvas'),
		tools: t('annotate.tools'),
		arrow: t('annotate.arrow'),
		ellipse: t('annotate.ellipse'),
		rect: t('annotate.rect'),
		text: t('annotate.text'),
		colors: t('annotate.colors'),
		red: t('annotate.red'),
		yellow: t('annotate.yellow'),
		blue: t('annotate.blue'),
		white: t('annotate.white'),
		textPrompt: t('annotate.textPrompt'),
		undo: t('annotate.undo'),
		redo: t('annotate.redo'),
		clear: t('annotate.clear'),
		cancel: t('common.cancel'),
		save: t('annotate.save'),
		saving: t('annotate.saving'),
		loading: t('common.loading'),
		failed: t('error.unknown')
	};
}

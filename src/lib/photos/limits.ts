/** Well above any phone camera's output; larger files are refused before being read. */
export const MAX_PHOTO_BYTES = 40 * 1024 * 1024;

/** Decoding takes about 4 bytes a pixel, so this keeps one decode near 400 MB on a phone. */
export const MAX_PHOTO_PIXELS = 100_000_000;

/** Longer side of a stored photo, in pixels. */
export const LONG_EDGE = 2048;

/** Longer side of a thumbnail, in pixels. */
export const THUMB_EDGE = 320;

export const JPEG_QUALITY = 0.8;

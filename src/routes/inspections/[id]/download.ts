/** Hands a file made on the device to the browser's download, offline as online. */
export function download(blob: Blob, fileName: string): void {
	const url = URL.createObjectURL(blob);
	const link = document.createElement('a');
	link.href = url;
	link.download = fileName;
	link.click();
	// Revoked later, not at once: some browsers start reading the URL after click() returns.
	setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

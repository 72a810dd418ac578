class Connectivity {
	online = $state(typeof navigator === 'undefined' ? true : navigator.onLine);

	start(): () => void {
		const update = () => (this.online = navigator.onLine);
		addEventListener('online', update);
		addEventListener('offline', update);
		return () => {
			removeEventListener('online', update);
			removeEventListener('offline', update);
		};
	}
}

export const connectivity = new Connectivity();

/** What every sandbox command line shares: close the simulator on Ctrl+C, and a one-line error. */

export function closeOnSignal(close: () => Promise<void>): void {
	const stop = (): void => {
		close().then(
			() => process.exit(0),
			() => process.exit(1),
		);
	};
	process.once('SIGINT', stop);
	process.once('SIGTERM', stop);
}

export function runCli(main: () => Promise<void>): void {
	main().catch((error: Error) => {
		console.error(error.message);
		process.exitCode = 1;
	});
}

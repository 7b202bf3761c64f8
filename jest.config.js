/** Unit tests run against the TypeScript sources; e2e tests drive a real n8n with the built package. */
const tsJest = ['ts-jest', { diagnostics: false }];

module.exports = {
	// A real n8n boots in seconds per CLI call; the first e2e run may also install it (minutes).
	testTimeout: 300000,
	projects: [
		{
			displayName: 'unit',
			testEnvironment: 'node',
			transform: { '^.+\\.ts$': tsJest },
			testMatch: ['<rootDir>/test/unit/**/*.test.ts'],
		},
		{
			displayName: 'e2e',
			testEnvironment: 'node',
			transform: { '^.+\\.ts$': tsJest },
			testMatch: ['<rootDir>/test/e2e/**/*.test.ts'],
		},
	],
};

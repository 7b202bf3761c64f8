/** Unit tests run against the TypeScript sources; e2e tests drive a real n8n with the built package. */
const tsJest = ['ts-jest', { isolatedModules: true, diagnostics: false }];

module.exports = {
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
			testTimeout: 300000,
		},
	],
};

// n8n's own community-node rules, exactly as @n8n/node-cli ships them (cloud-compatible set).
import { config } from '@n8n/node-cli/eslint';

export default [
	...config,
	{ ignores: ['dist/**', '.build/**', 'node_modules/**', 'test/**', 'bench/**', 'sandbox/**', 'core/**', '*.js', '*.mjs'] },
];

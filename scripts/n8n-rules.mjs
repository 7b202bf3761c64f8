/**
 * The eslint-plugin-n8n-nodes-base rule sets n8n applies to a community package, with the rules it
 * turns off there, as @n8n/node-cli's lint config and scan-community-package 0.32.0's
 * buildScanConfig() both write them. One copy for eslint.config.mjs (npm run lint) and
 * scripts/scan.mjs (npm run scan).
 */
import n8nNodesBase from 'eslint-plugin-n8n-nodes-base';

export { n8nNodesBase };

export const n8nNodesBaseRules = {
	/** package.json */
	community: { ...n8nNodesBase.configs.community.rules },
	/** credentials/**.ts */
	credentials: {
		...n8nNodesBase.configs.credentials.rules,
		// Not valid for community nodes.
		'n8n-nodes-base/cred-class-field-documentation-url-miscased': 'off',
		// @n8n/community-nodes/credential-password-field is the more accurate rule.
		'n8n-nodes-base/cred-class-field-type-options-password-missing': 'off',
	},
	/** nodes/**.ts */
	nodes: {
		...n8nNodesBase.configs.nodes.rules,
		// Inputs and outputs may be NodeConnectionTypes instead of the string "main".
		'n8n-nodes-base/node-class-description-inputs-wrong-regular-node': 'off',
		'n8n-nodes-base/node-class-description-outputs-wrong': 'off',
		// A third-party API may well have a maximum.
		'n8n-nodes-base/node-param-type-options-max-value-present': 'off',
	},
};

/** OpenAI's error body, `{ error: { message, type, param, code } }`, with the statuses it comes with. */

export class OpenAiError extends Error {
	constructor(
		readonly status: number,
		message: string,
		readonly type: string,
		readonly param: string | null = null,
		readonly code: string | null = null,
	) {
		super(message);
	}

	body(): { error: { message: string; type: string; param: string | null; code: string | null } } {
		return { error: { message: this.message, type: this.type, param: this.param, code: this.code } };
	}
}

/** How OpenAI echoes a wrong key: the start and the last four characters. */
function maskKey(key: string): string {
	if (key.length <= 8) return key;
	return `${key.slice(0, key.startsWith('sk-proj-') ? 8 : 3)}${'*'.repeat(Math.max(0, key.length - (key.startsWith('sk-proj-') ? 12 : 7)))}${key.slice(-4)}`;
}

const INVALID = 'invalid_request_error';

export const errors = {
	noKey: () =>
		new OpenAiError(
			401,
			"You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY), or as the password field (with blank username) if you're accessing the API from your browser and are prompted for a username and password. You can obtain an API key from https://platform.openai.com/account/api-keys.",
			INVALID,
		),
	wrongKey: (key: string) =>
		new OpenAiError(
			401,
			`Incorrect API key provided: ${maskKey(key)}. You can find your API key at https://platform.openai.com/account/api-keys.`,
			INVALID,
			null,
			'invalid_api_key',
		),
	invalidUrl: (method: string, path: string) => new OpenAiError(404, `Invalid URL (${method} ${path})`, INVALID),
	badJson: () =>
		new OpenAiError(
			400,
			"We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly. The OpenAI API expects a JSON payload, but what was sent was not valid JSON. If you have trouble figuring out how to fix this, please contact us through our help center at help.openai.com.)",
			INVALID,
		),
	noModel: () => new OpenAiError(400, 'you must provide a model parameter', INVALID),
	unknownModel: (model: string) =>
		new OpenAiError(
			404,
			`The model \`${model}\` does not exist or you do not have access to it.`,
			INVALID,
			null,
			'model_not_found',
		),
	missing: (param: string) =>
		new OpenAiError(400, `Missing required parameter: '${param}'.`, INVALID, param, 'missing_required_parameter'),
	invalidType: (param: string, expected: string) =>
		new OpenAiError(400, `Invalid type for '${param}': expected ${expected}.`, INVALID, param, 'invalid_type'),
	invalidValue: (param: string, message: string) =>
		new OpenAiError(400, `Invalid value for '${param}': ${message}`, INVALID, param, 'invalid_value'),
	invalidParam: (param: string, message: string) =>
		new OpenAiError(400, `Invalid parameter: ${message}`, INVALID, param),
	emptyMessages: () =>
		new OpenAiError(
			400,
			"Invalid 'messages': empty array. Expected an array with minimum length 1, but got an empty array instead.",
			INVALID,
			'messages',
			'empty_array',
		),
	rateLimited: (model: string) =>
		new OpenAiError(
			429,
			`Rate limit reached for ${model} in organization org-sandbox on requests per min (RPM): Limit 3, Used 3, Requested 1. Please try again in 20s.`,
			'requests',
			null,
			'rate_limit_exceeded',
		),
	server: () =>
		new OpenAiError(500, 'The server had an error while processing your request. Sorry about that!', 'server_error'),
	overloaded: () => new OpenAiError(503, 'The engine is currently overloaded, please try again later', 'server_error'),
	/** Not OpenAI's: the test's script could not answer this request (400, so clients do not retry). */
	script: (message: string) => new OpenAiError(400, `[chat simulator script] ${message}`, 'sim_script_error'),
};

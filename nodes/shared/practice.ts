/** The Chairside Practice Profile credential, read once per run by any Chairside node. */
import {
	NodeOperationError,
	type FunctionsBase,
	type ICredentialTestFunctions,
	type ICredentialsDecrypted,
	type INodeCredentialTestResult,
} from 'n8n-workflow';
import { clockText } from '../../core/practice/send-policy';
import {
	parsePracticeProfile,
	PracticeProfileError,
	type PracticeProfile,
	type PracticeProfileFields,
} from '../../core/practice/profile';

/** Nodes list it as a literal `{ name: 'chairsidePracticeApi', required: true }`: n8n's lint reads the list without resolving constants. */
export const PRACTICE_CREDENTIAL = 'chairsidePracticeApi';

export async function readPracticeProfile(ctx: FunctionsBase): Promise<PracticeProfile> {
	const fields = (await ctx.getCredentials(PRACTICE_CREDENTIAL)) as PracticeProfileFields;
	try {
		return parsePracticeProfile(fields);
	} catch (error) {
		const description =
			error instanceof PracticeProfileError
				? 'Open the Chairside Practice Profile credential and fix the field; nothing was sent.'
				: undefined;
		throw new NodeOperationError(ctx.getNode(), error as Error, { description });
	}
}

/** The credential's Test: the same checks every node makes before it runs, each naming its field. */
export async function practiceProfileTest(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	try {
		const profile = parsePracticeProfile((credential.data ?? {}) as PracticeProfileFields);
		return {
			status: 'OK',
			message: `${profile.name}: ${profile.zone}, messages ${clockText(profile.send.window.start)}-${clockText(profile.send.window.end)}`,
		};
	} catch (error) {
		return { status: 'Error', message: (error as Error).message };
	}
}

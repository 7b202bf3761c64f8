/** The Chairside Practice Profile credential, read once per run by any Chairside node. */
import { NodeOperationError, type FunctionsBase, type INodeCredentialDescription } from 'n8n-workflow';
import { parsePracticeProfile, PracticeProfileError, type PracticeProfile, type PracticeProfileFields } from '../../core/practice/profile';

export const PRACTICE_CREDENTIAL = 'chairsidePracticeApi';

export const practiceCredential: INodeCredentialDescription = { name: PRACTICE_CREDENTIAL, required: true };

export async function readPracticeProfile(ctx: FunctionsBase): Promise<PracticeProfile> {
	const fields = (await ctx.getCredentials(PRACTICE_CREDENTIAL)) as PracticeProfileFields;
	try {
		return parsePracticeProfile(fields);
	} catch (error) {
		if (error instanceof PracticeProfileError) throw new NodeOperationError(ctx.getNode(), error.message, { description: 'Open the Chairside Practice Profile credential and fix the field; nothing was sent.' });
		throw error;
	}
}

/**
 * Input refused by name. A message names the field and what is wrong with it, never the value:
 * the value may be a patient's words.
 */
import type { ZodError } from 'zod';

export class CoordinatorInputError extends Error {
	constructor(
		/** The parameter's name (`note`, `patientId`...). */
		readonly field: string,
		message: string,
		/** What to do about it. */
		readonly hint?: string,
	) {
		super(message);
		this.name = 'CoordinatorInputError';
	}
}

/** The first problem zod found, in words that name the field (by its label) and not the value. */
export function inputError(error: ZodError, labels: Record<string, string>): CoordinatorInputError {
	const issue = error.issues[0];
	const field = String(issue?.path[0] ?? '');
	const label = labels[field] ?? field;
	switch (issue?.code) {
		case 'invalid_type':
			return new CoordinatorInputError(
				field,
				issue.received === 'undefined'
					? `${label} is missing`
					: `${label} must be ${issue.expected === 'string' ? 'text' : issue.expected}`,
			);
		case 'invalid_enum_value':
			return new CoordinatorInputError(field, `${label} must be one of ${issue.options.join(', ')}`);
		case 'too_big':
			return new CoordinatorInputError(
				field,
				`${label} is longer than ${String(issue.maximum)} characters`,
				'Keep it to a short sentence; the chart has the details.',
			);
		default:
			return new CoordinatorInputError(field, `${label} ${issue?.message ?? 'is not valid'}`);
	}
}

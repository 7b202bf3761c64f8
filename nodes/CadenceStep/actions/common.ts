import { NodeOperationError, type IDataObject, type IExecuteFunctions, type INodeExecutionData } from 'n8n-workflow';
import { subjectOf } from '../../../core/journey/subject';
import type { SubjectInput } from '../../../core/journey/engine';
import type { Anchor } from '../../../core/journey/template';
import { failedItem, type Operation } from '../../shared/router';
import type { Settings } from '../settings';
import { describe, type Journal } from '../../shared/journal';

export type CadenceOperation = Operation<Settings>;

/**
 * Subjects from the first input, for the operations that work over the whole run (the router's
 * Continue On Fail is per item). A bad item is an error naming the item and the field, or, with
 * Continue On Fail, an error item on `errors` while the good items go on.
 */
export function subjectsFrom(
	ctx: IExecuteFunctions,
	errors: INodeExecutionData[],
	anchor: Anchor | null = null,
): SubjectInput[] {
	const subjects: SubjectInput[] = [];
	ctx.getInputData(0).forEach((item, i) => {
		try {
			subjects.push({ subject: subjectOf(item.json as IDataObject, anchor), item: i });
		} catch (error) {
			const message = `Item ${i}: ${describe(error)}`;
			errors.push(failedItem(ctx, i, new NodeOperationError(ctx.getNode(), message, { itemIndex: i })));
		}
	});
	return subjects;
}

/** pairedItem: the input item the subject came from, else the enrollment's row on the journal input. */
export function paired(item: number | null, journal: Journal, enrollment: string): { item: number; input?: number } {
	if (item !== null) return { item };
	return { item: journal.position.get(enrollment) ?? 0, input: 1 };
}

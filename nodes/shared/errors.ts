import { NodeApiError, NodeOperationError, type INode, type JsonObject } from 'n8n-workflow';
import { PmsApiError } from '../../core/pms/http';

/** A PMS answer as n8n's API error (status, Open Dental's words, the path); anything else as an operation error. */
export function toNodeError(node: INode, error: unknown, itemIndex?: number): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	if (error instanceof PmsApiError) {
		return new NodeApiError(node, { message: error.message, httpCode: String(error.status) } as JsonObject, {
			itemIndex,
			message: error.message,
			httpCode: String(error.status),
			description: `Open Dental ${error.path} answered ${error.status} after ${error.attempts} attempt(s)`,
		});
	}
	return new NodeOperationError(node, error as Error, { itemIndex });
}

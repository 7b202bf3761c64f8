/**
 * Practice Report > Huddle Rows as the daily huddle workflow (workflows/daily-unscheduled-treatment.json)
 * calls it: the PMS cases in, one row per case out, paired with its case, every cell safe.
 */
import type { IExecuteFunctions } from 'n8n-workflow';
import { PracticeReport } from '../../../nodes/PracticeReport/PracticeReport.node';
import workflow from '../../../workflows/daily-unscheduled-treatment.json';

const cases = [
	{
		patient: {
			id: '501',
			firstName: '=HYPERLINK("https://evil.example","x")',
			lastName: 'Lopez',
			mobile: '+15125550123',
		},
		category: 'crown',
		totalFee: 3200,
		ageDays: 4,
		provider: 'DOC1',
		contactability: { sms: true },
	},
	{
		patient: { id: '502', firstName: 'Sam', lastName: 'Lee', mobile: null },
		category: 'implant',
		totalFee: 4100,
		ageDays: 9,
		provider: '@DOC2',
		contactability: { sms: false },
	},
];

function context(parameters: Record<string, unknown>): IExecuteFunctions {
	return {
		getInputData: () => cases.map((json) => ({ json })),
		getNodeParameter: (name: string, _i: number, fallback?: unknown) => parameters[name] ?? fallback,
	} as unknown as IExecuteFunctions;
}

describe('Practice Report > Huddle Rows', () => {
	it('is what the daily huddle workflow puts before Convert to File', () => {
		const huddle = workflow.nodes.find((n) => n.name === 'Huddle Rows');
		expect(huddle).toMatchObject({ type: 'n8n-nodes-chairside.practiceReport', parameters: { operation: 'huddle' } });
		expect(workflow.connections['Huddle Rows'].main[0][0].node).toBe('To CSV');
		expect(workflow.nodes.some((n) => n.type === 'n8n-nodes-base.set' || n.type === 'n8n-nodes-base.code')).toBe(false);
	});
	it('turns each case into a safe row, paired with its case', async () => {
		const [out] = await new PracticeReport().execute.call(context({ operation: 'huddle' }));
		expect(out.map((o) => o.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		expect(out.map((o) => o.json)).toEqual([
			{
				Patient: `'=HYPERLINK("https://evil.example","x") Lopez`,
				Chart: '501',
				Mobile: "'+15125550123",
				Treatment: 'Crown',
				Value: 3200,
				'Days Waiting': 4,
				Provider: 'DOC1',
				'Can Text': true,
			},
			{
				Patient: 'Sam Lee',
				Chart: '502',
				Mobile: '',
				Treatment: 'Implant',
				Value: 4100,
				'Days Waiting': 9,
				Provider: "'@DOC2",
				'Can Text': false,
			},
		]);
	});
});

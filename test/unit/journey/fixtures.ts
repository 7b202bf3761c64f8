import type { PracticeProfile } from '../../../core/journey/copy';
import type { JourneySubject } from '../../../core/journey/subject';

export const PRACTICE: PracticeProfile = {
	name: 'Riverside Dental',
	phone: '(512) 555-0100',
	address: '100 Main St, Austin, TX 78701',
	bookingLink: 'https://book.riverside.example/now',
	defaultProvider: 'your dentist',
	providerNames: { DOC1: 'Dr. Rivera' },
};

export function crownCase(over: Record<string, unknown> = {}): Record<string, unknown> {
	return {
		caseId: 'case-501',
		source: 'opendental',
		patient: {
			id: '501',
			firstName: 'Maria',
			lastName: 'Lopez',
			mobile: '+15125550123',
			email: 'maria@example.com',
			timezone: 'America/Chicago',
			smsConsent: 'yes',
			preferredChannel: null,
			clinic: null,
			provider: 'DOC1',
			status: 'active',
		},
		procedures: [
			{
				code: 'D2740',
				description: 'Crown - porcelain/ceramic',
				category: 'crown',
				fee: 3200,
				tooth: '14',
				surface: null,
				plannedDate: null,
				status: 'unscheduled',
				line: null,
			},
		],
		totalFee: 3200,
		openFee: 3200,
		category: 'crown',
		layman: 'your crown',
		presentedAt: '2026-03-02',
		ageDays: 2,
		status: 'unscheduled',
		provider: 'DOC1',
		nextAppointment: null,
		...over,
	};
}

export type { JourneySubject };

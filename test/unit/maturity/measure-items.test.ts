/** Merged PMS node items sorted by shape; what does not fit is skipped with its index and why. */
import { sortItems } from '../../../core/maturity/items';

const appointment = {
	id: '11',
	patientId: '7',
	status: 'completed',
	start: '2026-06-22T09:00:00.000-05:00',
	lengthMinutes: 60,
	provider: 'RDH1',
	operatory: 'Hyg 1',
	clinic: null,
	isHygiene: true,
	confirmed: '19',
	pmsIds: { AptNum: 11, PatNum: 7 },
};
const patient = {
	id: '7',
	firstName: 'Maria',
	lastName: 'Garcia',
	mobile: '+13125550134',
	email: null,
	timezone: 'America/Chicago',
};
const procedure = {
	id: '90',
	patientId: '7',
	code: 'D1110',
	description: 'Prophylaxis - adult',
	category: 'hygiene',
	milestone: null,
	occurredOn: '2026-06-22',
	appointmentId: '11',
	provider: 'RDH1',
	fee: 120,
	tooth: null,
	pmsIds: { ProcNum: 90, PatNum: 7, AptNum: 11 },
};
const presented = {
	planId: '5',
	patientId: '7',
	presentedOn: '2026-06-22',
	status: 'scheduled',
	fee: 1450,
	acceptedFee: 1450,
	provider: 'DDS1',
	pmsIds: { TreatPlanNum: 5 },
};

describe('sortItems', () => {
	it('tells appointments, completed procedures and presented plans apart, keeping only what is measured', () => {
		const sorted = sortItems([presented, { ...appointment, patient, nextAppointment: null }, procedure]);
		expect(sorted.appointments).toEqual([
			{
				id: '11',
				patientId: '7',
				status: 'completed',
				start: appointment.start,
				patient: { firstName: 'Maria', lastName: 'Garcia', mobile: '+13125550134' },
			},
		]);
		expect(sorted.procedures).toEqual([
			{ id: '90', patientId: '7', occurredOn: '2026-06-22', fee: 120, provider: 'RDH1' },
		]);
		expect(sorted.plans).toEqual([
			{
				planId: '5',
				patientId: '7',
				presentedOn: '2026-06-22',
				status: 'scheduled',
				fee: 1450,
				acceptedFee: 1450,
				provider: 'DDS1',
			},
		]);
		expect(sorted.skipped).toEqual([]);
	});

	it('takes an appointment without a patient block', () => {
		expect(sortItems([appointment]).appointments).toEqual([
			{ id: '11', patientId: '7', status: 'completed', start: appointment.start },
		]);
	});

	it('skips malformed items, error items and strangers, each with its index and why', () => {
		const sorted = sortItems([
			appointment,
			{ ...appointment, id: '12', status: 'cancelled' },
			{ ...appointment, id: '13', start: '06/22/2026 9:00' },
			{ ...appointment, id: 14 },
			{ ...appointment, id: '15', patient: { name: 'Maria' } },
			{ ...procedure, id: '91', fee: '120' },
			{ ...procedure, id: '92', occurredOn: '2026-6-2' },
			{ ...presented, planId: '6', status: 'accepted' },
			{ ...presented, planId: '', fee: 10 },
			{ error: 'Open Dental answered 504 on /treatplans' },
			{ name: 'Sticky note' },
			null,
			[appointment],
			42,
		]);
		expect(sorted.appointments).toHaveLength(1);
		expect(sorted.procedures).toHaveLength(0);
		expect(sorted.plans).toHaveLength(0);
		expect(sorted.skipped).toEqual([
			{ index: 1, why: 'appointment without a usable status' },
			{ index: 2, why: 'appointment without a usable start' },
			{ index: 3, why: 'appointment without a usable id' },
			{ index: 4, why: 'appointment without a usable patient.firstName' },
			{ index: 5, why: 'completed procedure without a usable fee' },
			{ index: 6, why: 'completed procedure without a usable occurredOn' },
			{ index: 7, why: 'presented plan without a usable status' },
			{ index: 8, why: 'presented plan without a usable planId' },
			{ index: 9, why: 'an error item: Open Dental answered 504 on /treatplans' },
			{ index: 10, why: 'not an appointment, completed procedure or presented plan' },
			{ index: 11, why: 'not an object' },
			{ index: 12, why: 'not an object' },
			{ index: 13, why: 'not an object' },
		]);
	});

	it('counts an item merged in twice once, and says which it repeats', () => {
		const sorted = sortItems([
			appointment,
			procedure,
			{ ...appointment },
			presented,
			{ ...procedure, fee: 130 },
			{ ...appointment, id: '12' },
		]);
		expect(sorted.appointments.map((a) => a.id)).toEqual(['11', '12']);
		expect(sorted.procedures).toHaveLength(1);
		expect(sorted.skipped).toEqual([
			{ index: 2, why: 'the same appointment as item 0' },
			{ index: 4, why: 'the same completed procedure as item 1' },
		]);
	});

	it('sorts nothing into nothing', () => {
		expect(sortItems([])).toEqual({ appointments: [], procedures: [], plans: [], skipped: [] });
	});
});

/** Word lists for the synthetic practice. Every person here is fictional. */

export const FIRST_NAMES: readonly string[] = [
	'Maria', 'James', 'Aisha', 'Wei', 'Olivia', 'Mohammed', 'Sofia', 'Liam', 'Priya', 'Noah',
	'Fatima', 'Ethan', 'Mei', 'Lucas', 'Amara', 'Mateo', 'Hana', 'Daniel', 'Chloe', 'Jamal',
	'Emma', 'Diego', 'Yuki', 'Benjamin', 'Zainab', 'Samuel', 'Isabella', 'Kwame', 'Ava', 'Rahul',
	'Grace', 'Andre', 'Leila', 'Michael', 'Ana', 'David', 'Nia', 'Carlos', 'Ji-woo', 'Sarah',
	'Omar', 'Emily', 'Santiago', 'Ngozi', 'Ryan', 'Elena', 'Tariq', 'Madison', 'Hiroshi', 'Lauren',
	'Jose', 'Abigail', 'Dmitri', 'Camila', 'Kevin', 'Mary Ann', 'Luis', 'Jasmine', 'Thomas', 'Valentina',
	'Arjun', 'Hannah', 'Marcus', 'Lucia', 'Tyrone', 'Anne-Marie', 'Chen', 'Rebecca', 'Ibrahim', 'Natalie',
	'Juan', 'Keisha', 'Patrick', 'Ximena', 'Robert', 'Anika', 'Tomas', 'Megan', 'Kofi', 'Linda',
	'Alejandro', 'Sakura', 'William', 'Imani', 'Hector', 'Jennifer', 'Ravi', 'Gabriela', 'Sean', 'Thi',
	'Rosa', 'Malik', 'Katherine', 'Minh', 'Victoria', 'Pedro', 'Esther', 'Connor', 'Adaeze', 'George',
];

export const LAST_NAMES: readonly string[] = [
	'Garcia', 'Smith', 'Nguyen', 'Johnson', 'Patel', 'Williams', 'Kim', 'Brown', 'Rodriguez', 'Lee',
	"O'Brien", 'Martinez', 'Chen', 'Davis', 'Hernandez', 'Okafor', 'Wilson', 'Lopez', 'Anderson', 'Khan',
	'Smith-Jones', 'Thomas', 'Gonzalez', 'Taylor', 'Tran', 'Moore', 'Ali', 'Jackson', 'Perez', 'Martin',
	"O'Connor", 'Thompson', 'Sanchez', 'White', 'Wang', 'Harris', 'Ramirez', 'Clark', 'Singh', 'Lewis',
	"D'Angelo", 'Robinson', 'Flores', 'Walker', 'Yamamoto', 'Young', 'Rivera', 'Allen', 'Mensah', 'King',
	'Garcia-Lopez', 'Wright', 'Torres', 'Scott', 'Pham', 'Green', 'Ahmed', 'Baker', 'Nakamura', 'Adams',
	'McDonald', 'Nelson', 'Reyes', 'Hill', 'Cohen', 'Campbell', 'Kowalski', 'Mitchell', 'Ortiz', 'Carter',
	'Washington', 'Roberts', 'Morales', 'Phillips', 'Ivanov', 'Evans', 'Cruz', 'Turner', 'Park', 'Diaz',
	'Parker', 'Gutierrez', 'Collins', 'Adeyemi', 'Edwards', 'Murphy', 'Stewart', 'Chavez', 'Morris', 'Rossi',
	'Lin', 'Rogers', 'Ng', 'Brooks', 'Castillo', 'Bennett', 'Hussain', 'Wood', 'Jimenez', 'Fischer',
];

/** Clinic names, with the short code staff see in exports. */
export const CLINIC_NAMES: readonly (readonly [string, string])[] = [
	['LKSD', 'Lakeside Family Dental'],
	['RVRS', 'Riverside Dental Care'],
	['DTWN', 'Downtown Smiles'],
	['NGAT', 'Northgate Dental'],
	['WSTF', 'Westfield Dentistry'],
	['OKPK', 'Oak Park Dental Group'],
];

/** Real US area codes per time zone, so a clinic's patients mostly have local numbers. */
export const AREA_CODES: Readonly<Record<string, readonly string[]>> = {
	'America/New_York': ['212', '646', '718', '617', '404', '305', '215', '202', '919', '704'],
	'America/Chicago': ['312', '773', '630', '847', '214', '713', '512', '612', '314', '615'],
	'America/Denver': ['303', '720', '801', '385', '505', '406', '307', '719'],
	'America/Phoenix': ['602', '480', '520', '623', '928'],
	'America/Los_Angeles': ['213', '310', '323', '415', '510', '408', '619', '206', '503', '702'],
};

export const TIME_ZONES: readonly string[] = Object.keys(AREA_CODES);

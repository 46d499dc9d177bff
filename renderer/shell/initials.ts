// The board's badges use the same rule as the wall's (src/domain), so a person has one mark everywhere.
export { personInitials as initials } from '../../src/domain/person-initials';

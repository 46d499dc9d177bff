import { plateKey } from '../../domain/plate';

/**
 * The lower-cased text an appointment is found by in the list view: customer name, phone,
 * e-mail, plate (as typed and as letters and digits only) and work order.
 */
export function searchTextOf(fields: {
  name?: string | null;
  phone?: string | null;
  email?: string | null;
  plate?: string | null;
  workOrder?: string | null;
}): string {
  const parts = [fields.name, fields.phone, fields.email, fields.plate, fields.workOrder];
  if (fields.plate) parts.push(plateKey(fields.plate));
  return parts
    .filter((p): p is string => !!p)
    .join(' ')
    .toLowerCase();
}

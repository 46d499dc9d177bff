import type { Role } from '../../src/api/v2/auth';
import { useI18n } from '../i18n';

/** A labelled choice of one of `roles`, each named in the user's language. */
export function RoleSelect<R extends Role>({ label, name, roles, value, onChange }: { label: string; name: string; roles: readonly R[]; value: R; onChange: (role: R) => void }) {
  const { t } = useI18n();
  return (
    <label>
      {label}
      <select name={name} value={value} onChange={(e) => onChange(e.target.value as R)}>
        {roles.map((role) => (
          <option key={role} value={role}>
            {t(`role.${role}`)}
          </option>
        ))}
      </select>
    </label>
  );
}

import type { ReactNode } from 'react';
import { Outcome } from './Outcome';
import type { Notice } from './use-action';

/**
 * The foot of a form: what its last action came to, then its buttons — the way out first
 * (`leave`: Cancel or Close, never busy), then the form's own (`children`).
 */
export function FormActions({ notice = null, leave, onLeave, children }: { notice?: Notice; leave: string; onLeave: () => void; children?: ReactNode }) {
  return (
    <>
      <Outcome notice={notice} />
      <div className="form-actions">
        <button type="button" className="button" onClick={onLeave}>
          {leave}
        </button>
        {children}
      </div>
    </>
  );
}

import { useState } from 'react';
import { USER_ROLES, type UserRole } from '../../src/api/v2/auth';
import { CreateUserSchema, UpdateUserSchema, type Invitation, type UpdateUserInput, type User } from '../../src/api/v2/users';
import { useI18n } from '../i18n';
import { FormActions } from '../shell/FormActions';
import { Modal } from '../shell/Modal';
import { api, useBoard } from '../state/store';
import { fieldProblems } from './field-problems';
import { Problem } from './Problem';
import { IssuedSecret } from './IssuedSecret';
import { PagedTable } from './PagedTable';
import { RoleSelect } from './RoleSelect';
import { RowActions, type RowAction } from './RowActions';
import { useSession } from './session-state';
import { usePages } from './use-pages';
import { usePeopleAction } from './use-people-action';

interface Draft {
  name: string;
  email: string;
  role: UserRole;
  inboxes: string[];
}

const EMPTY: Draft = { name: '', email: '', role: 'advisor', inboxes: [] };
const DRAFT_FIELDS = ['name', 'email', 'role', 'inboxes'] as const;

/** What an edit changes: only those fields go to the backend. */
function patchOf(user: User, draft: Draft): UpdateUserInput {
  return {
    ...(draft.name.trim() !== user.name ? { name: draft.name.trim() } : {}),
    ...(draft.email.trim() !== user.email ? { email: draft.email.trim() } : {}),
    ...(draft.role !== user.role ? { role: draft.role } : {}),
    ...(draft.inboxes.join() !== user.inboxes.join() ? { inboxes: draft.inboxes } : {}),
  };
}

/**
 * Settings → People (managers): the organisation's people, a page at a time; a new person is
 * invited with a one-time code, shown here once to pass on. Edits, removals and new codes go
 * to the backend, whose refusals (the last manager, yourself) are shown beside the list.
 */
export function PeopleDialog() {
  const { t, dateAt } = useI18n();
  const inboxes = useBoard((s) => s.inboxes);
  const [editing, setEditing] = useState<User | 'new' | null>(null);
  // Each code stays on screen until the manager says it was passed on: it is shown only this once.
  const [invitations, setInvitations] = useState<Invitation[]>([]);
  const me = useSession((s) => s.session?.user?.id ?? null);
  // Read once when the dialog opens; "More" reads on.
  const users = usePages<User>((after) => api().listUsers(after === undefined ? {} : { after }), []);
  const close = () => useBoard.setState({ dialog: null });

  const replace = (user: User) => users.setItems((current) => (current.some((u) => u._id === user._id) ? current.map((u) => (u._id === user._id ? user : u)) : [user, ...current]));
  // A new code for someone voids their earlier one, which then goes from the screen.
  const showInvitation = (invitation: Invitation) => setInvitations((shown) => [invitation, ...shown.filter((i) => i.user._id !== invitation.user._id)]);
  const dropInvitation = (userId: string) => setInvitations((shown) => shown.filter((i) => i.user._id !== userId));
  const inboxNames = (ids: string[]) => (ids.length === 0 ? t('inbox.all') : ids.map((id) => inboxes.find((i) => i.id === id)?.name ?? id).join(', '));

  return (
    <Modal title={t('people.title')} onClose={close} wide>
      <div className="form">
        <div className="settings-head">
          <p className="muted">{t('people.lead')}</p>
          <button type="button" className="button primary" onClick={() => setEditing('new')}>
            {t('people.add')}
          </button>
        </div>
        {invitations.map((invitation) => (
          <IssuedSecret
            key={invitation.user._id}
            title={t('people.invitationFor', { name: invitation.user.name })}
            lead={t('people.invitationLead', { name: invitation.user.name, email: invitation.user.email })}
            secret={invitation.code}
            until={invitation.expiresAt}
            onDone={() => dropInvitation(invitation.user._id)}
          />
        ))}
        {editing && (
          <UserForm
            key={editing === 'new' ? 'new' : editing._id}
            user={editing === 'new' ? null : editing}
            onDone={(saved) => {
              setEditing(null);
              if ('code' in saved) {
                showInvitation(saved);
                replace(saved.user);
              } else replace(saved);
            }}
            onCancel={() => setEditing(null)}
          />
        )}
        <PagedTable pages={users} className="people-table" heads={[t('people.name'), t('field.email'), t('people.role'), t('people.inboxes'), t('people.state')]} actions empty={t('people.none')}>
          {users.items.map((user) => (
            <tr key={user._id} data-user={user.email}>
              <td>
                <div className="people-name" title={user.name}>
                  {user.name}
                </div>
              </td>
              <td className="people-email">{user.email}</td>
              <td>{t(`role.${user.role}`)}</td>
              <td>{inboxNames(user.inboxes)}</td>
              <td>
                {user.invited
                  ? t('people.invited')
                  : user.lastSignInAt !== null
                    ? t('people.lastSignIn', { date: dateAt(user.lastSignInAt) })
                    : t('people.neverSignedIn')}
                {user.oidc && <span className="muted"> · {t('people.oidc')}</span>}
              </td>
              <td className="row-actions">
                <UserActions
                  user={user}
                  self={user._id === me}
                  onEdit={() => setEditing(user)}
                  onInvited={showInvitation}
                  onRemoved={() => {
                    dropInvitation(user._id);
                    users.setItems((current) => current.filter((u) => u._id !== user._id));
                  }}
                />
              </td>
            </tr>
          ))}
        </PagedTable>
      </div>
    </Modal>
  );
}

/**
 * A person's actions, each with its own outcome beside it (a refusal is about that person).
 * Nobody removes themselves (the backend refuses it; another manager can), so their own row has no Remove.
 */
function UserActions({ user, self, onEdit, onInvited, onRemoved }: { user: User; self: boolean; onEdit: () => void; onInvited: (invitation: Invitation) => void; onRemoved: () => void }) {
  const { t } = useI18n();
  const remove: RowAction = {
    label: t('people.remove'),
    danger: true,
    confirm: t('people.removeConfirm', { name: user.name }),
    run: async () => {
      await api().removeUser({ id: user._id });
      onRemoved();
    },
  };
  return (
    <RowActions
      actions={[
        { label: t('people.edit'), open: onEdit },
        { label: t('people.reinvite'), run: async () => onInvited(await api().inviteUser({ id: user._id })) },
        ...(self ? [] : [remove]),
      ]}
    />
  );
}

function UserForm({ user, onDone, onCancel }: { user: User | null; onDone: (saved: User | Invitation) => void; onCancel: () => void }) {
  const { t } = useI18n();
  const inboxes = useBoard((s) => s.inboxes);
  const [draft, setDraft] = useState<Draft>(user ? { name: user.name, email: user.email, role: user.role, inboxes: user.inboxes } : EMPTY);
  const [shown, setShown] = useState(false);
  const { busy, notice, run } = usePeopleAction();
  const patch = user && patchOf(user, draft);
  // A new person is checked whole; an edit only in what it changes (an old record may lack what a new one needs).
  const problems = fieldProblems(patch ? UpdateUserSchema.safeParse(patch) : CreateUserSchema.safeParse(draft));
  const problem = (field: keyof Draft) => (shown ? problems[field] : undefined);
  const set = (change: Partial<Draft>) => setDraft((d) => ({ ...d, ...change }));

  const save = () => {
    setShown(true);
    if (DRAFT_FIELDS.some((field) => problems[field])) return;
    void run(async () => {
      if (!user) onDone(await api().createUser({ ...draft, name: draft.name.trim(), email: draft.email.trim() }));
      else onDone(patch && Object.keys(patch).length > 0 ? await api().updateUser({ id: user._id, patch }) : user);
      return null;
    });
  };

  return (
    <fieldset className="settings-form">
      <legend>{user ? t('people.editTitle', { name: user.name }) : t('people.addTitle')}</legend>
      <div className="form-grid">
        <label>
          {t('people.name')}
          <input name="name" autoFocus value={draft.name} aria-invalid={problem('name') !== undefined} onChange={(e) => set({ name: e.target.value })} />
          <Problem problem={problem('name')} />
        </label>
        <label>
          {t('field.email')}
          <input name="email" type="email" value={draft.email} aria-invalid={problem('email') !== undefined} onChange={(e) => set({ email: e.target.value })} />
          <Problem problem={problem('email')} />
        </label>
        <RoleSelect label={t('people.role')} name="role" roles={USER_ROLES} value={draft.role} onChange={(role) => set({ role })} />
        <div className="inbox-choice" role="group" aria-label={t('people.inboxes')}>
          <span className="inbox-choice-title">
            {t('people.inboxes')} <span className="hint">{t('people.inboxesHint')}</span>
          </span>
          {inboxes.map((inbox) => (
            <label key={inbox.id} className="checkbox">
              <input
                type="checkbox"
                checked={draft.inboxes.includes(inbox.id)}
                onChange={(e) => set({ inboxes: e.target.checked ? [...draft.inboxes, inbox.id] : draft.inboxes.filter((id) => id !== inbox.id) })}
              />
              {inbox.name}
            </label>
          ))}
        </div>
      </div>
      <FormActions notice={notice} leave={t('manual.cancel')} onLeave={onCancel}>
        <button type="button" className="button primary" disabled={busy} onClick={save}>
          {user ? t('people.save') : t('people.invite')}
        </button>
      </FormActions>
    </fieldset>
  );
}

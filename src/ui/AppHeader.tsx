import type { SignedInUser } from '../state/app';
import { userDisplayName } from '../record/people';

const VIEW_TITLE = { technician: 'Documentation review', physician: 'Query inbox' } as const;

export function AppHeader({ user, view }: { user: SignedInUser | undefined; view: keyof typeof VIEW_TITLE | undefined }) {
  const name = user ? userDisplayName(user) : undefined;
  return (
    <header class="app-header">
      <span class="brand" aria-label="Clarify">Clarify</span>
      <h1 class="view-title">{view ? VIEW_TITLE[view] : 'Clarify'}</h1>
      <span class="signed-in" aria-label="Signed-in user">
        {name ? <>Signed in as <strong>{name}</strong></> : 'Signed in through the EHR'}
      </span>
    </header>
  );
}

import type { InboxStore } from '../state/app';

/** The physician's inbox of clarification queries. The query workflow fills it in a later issue. */
export function PhysicianInbox({ inbox }: { inbox: InboxStore }) {
  return (
    <section aria-labelledby="inbox-title" class="panel">
      <h2 id="inbox-title">Query inbox</h2>
      {inbox.queries.value.length === 0 ? <p class="muted">Clarification queries addressed to you will be listed here.</p> : null}
    </section>
  );
}

/** The physician's inbox of clarification queries. The query workflow lands in a later issue. */
export function PhysicianInbox() {
  return (
    <section aria-labelledby="inbox-title" class="panel">
      <h2 id="inbox-title">Query inbox</h2>
      <p class="muted">Clarification queries addressed to you will be listed here.</p>
    </section>
  );
}

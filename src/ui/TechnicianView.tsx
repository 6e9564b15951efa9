/** The technician's review of the launched patient. Record loading and the checks land in later issues. */
export function TechnicianView() {
  return (
    <section aria-labelledby="review-title" class="panel">
      <h2 id="review-title">Documentation review</h2>
      <p class="muted">
        Clarify is connected to this patient's chart. Reading the full record and flagging documentation
        gaps and coding discrepancies come next.
      </p>
    </section>
  );
}

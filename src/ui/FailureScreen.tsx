import { FAILURE_MESSAGES } from '../messages';
import type { Failure } from '../state/app';
import { MOCK_EHR } from '../config';

export function FailureScreen({ failure }: { failure: Failure }) {
  const message = FAILURE_MESSAGES[failure.kind];
  return (
    <main class="centered">
      <section class="failure" role="alert" aria-labelledby="failure-title">
        <h1 id="failure-title">{message.title}</h1>
        <p>{message.explanation}</p>
        {failure.detail ? <p class="failure-detail">Details: {failure.detail}</p> : null}
        <p class="failure-action">{message.action}</p>
        {MOCK_EHR && failure.kind !== 'unreachable' ? (
          <p><a href="/launch/mock-ehr.html" target="_top">Open the mock EHR launcher</a></p>
        ) : null}
      </section>
    </main>
  );
}

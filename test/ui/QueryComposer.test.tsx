// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, within } from '@testing-library/preact';
import { useState } from 'preact/hooks';
import { QueryComposer } from '../../src/ui/QueryComposer';
import { checkQuery } from '../../src/query/check-query';
import type { QueryDraft } from '../../src/query/draft';
import type { Composer } from '../../src/state/queries';
import { HYPONATREMIA } from '../query/queries';

afterEach(cleanup);

const recipient = { reference: 'Practitioner/pr-1', display: 'Dr. Alonso Hettinger', source: 'ATND' as const, sourceLabel: 'attending of the encounter' };

/** The composer as the app drives it: the draft in state, the check run on every change. */
const PHYSICIANS = [{ reference: 'Practitioner/pr-2', display: 'Dr. Lorena Ward' }, { reference: 'Practitioner/pr-3', display: 'Dr. Lionel Wardell' }];

function Harness({ initial, onSend = () => undefined, send = { state: 'editing' } as Composer['send'], withRecipient = true, onChoose = () => undefined }: {
  initial: QueryDraft; onSend?: () => void; send?: Composer['send']; withRecipient?: boolean; onChoose?: (choice: { reference: string; display: string }) => void;
}) {
  const [draft, setDraft] = useState(initial);
  const composer: Composer = { findingId: 'f-1', draft, identifier: 'q-1', send, ...(withRecipient ? { recipient } : {}) };
  return (
    <QueryComposer composer={composer} formats={['open-ended', 'multiple-choice']} problems={checkQuery(draft)} candidates={[]}
      onDraft={setDraft} onFormat={() => undefined} onAddIndicator={() => undefined}
      onRemoveIndicator={(index) => setDraft({ ...draft, indicators: draft.indicators.filter((_, i) => i !== index) })}
      onSend={onSend} onClose={() => undefined}
      onFindPhysicians={async (name) => ({ found: PHYSICIANS.filter((p) => p.display.toLowerCase().includes(name.toLowerCase())) })}
      onChooseRecipient={onChoose} context={{ author: 'Renée Okafor', patient: 'Tommy Friesen', encounter: 'Hospital admission of 2021-02-10', date: '2026-12-03' }} />
  );
}

const sendButton = () => screen.getByRole('button', { name: /Send query|Retry|Sending/ }) as HTMLButtonElement;

describe('QueryComposer', () => {
  it('shows the recipient, the indicators, the question and the options, and lets a compliant query be sent', () => {
    const onSend = vi.fn();
    render(<Harness initial={HYPONATREMIA} onSend={onSend} />);
    expect(screen.getByText(/Dr\. Alonso Hettinger/)).toBeTruthy();
    const indicators = screen.getByRole('group', { name: /Clinical indicators \(3\)/ });
    expect(within(indicators).getByText('Sodium 128 mmol/L on 2021-03-01 08:00 (reference limit 135 mmol/L)')).toBeTruthy();
    expect((screen.getByLabelText('Question') as HTMLTextAreaElement).value).toBe(HYPONATREMIA.question);
    expect(screen.getByText('Compliance check: no problems found.')).toBeTruthy();
    fireEvent.click(sendButton());
    expect(onSend).toHaveBeenCalledTimes(1);
  });

  it('blocks sending while the question leads, names the phrase, and allows it again once fixed', () => {
    const onSend = vi.fn();
    render(<Harness initial={HYPONATREMIA} onSend={onSend} />);
    const question = screen.getByLabelText('Question') as HTMLTextAreaElement;
    fireEvent.input(question, { target: { value: 'Please document hyponatremia.' } });
    const blocking = screen.getByRole('list', { name: 'Problems that block sending' });
    expect(blocking.textContent).toMatch(/Please document/i);
    expect(sendButton().disabled).toBe(true);
    fireEvent.click(sendButton());
    expect(onSend).not.toHaveBeenCalled();

    fireEvent.input(question, { target: { value: HYPONATREMIA.question } });
    expect(screen.queryByRole('list', { name: 'Problems that block sending' })).toBeNull();
    expect(sendButton().disabled).toBe(false);
  });

  it('blocks sending once the last indicator is removed', () => {
    render(<Harness initial={HYPONATREMIA} />);
    for (let i = 0; i < HYPONATREMIA.indicators.length; i++) fireEvent.click(screen.getAllByRole('button', { name: /^Remove indicator/ })[0]!);
    expect(screen.getByRole('group', { name: /Clinical indicators \(0\)/ })).toBeTruthy();
    expect(sendButton().disabled).toBe(true);
  });

  it('cannot send without a recipient, and says why', () => {
    render(<Harness initial={HYPONATREMIA} withRecipient={false} />);
    expect(screen.getByText(/No attending physician found in the record/)).toBeTruthy();
    expect(sendButton().disabled).toBe(true);
  });

  it('after a failed send keeps the draft with the reason and offers Retry', () => {
    render(<Harness initial={HYPONATREMIA} send={{ state: 'failed', message: 'The EHR did not answer in time.' }} />);
    expect(screen.getByRole('alert').textContent).toContain('The EHR did not answer in time. Nothing you wrote is lost.');
    expect(sendButton().textContent).toBe('Retry');
    expect((screen.getByLabelText('Question') as HTMLTextAreaElement).value).toBe(HYPONATREMIA.question);
  });

  it('without a recipient opens the physician search, and a physician can be chosen from the results', async () => {
    const onChoose = vi.fn();
    render(<Harness initial={HYPONATREMIA} withRecipient={false} onChoose={onChoose} />);
    fireEvent.input(screen.getByLabelText('Find a physician by name'), { target: { value: 'ward' } });
    fireEvent.click(screen.getByRole('button', { name: 'Search' }));
    const results = await screen.findByRole('list', { name: 'Physicians found' });
    expect(within(results).getAllByRole('listitem').map((li) => li.textContent?.replace('Choose', ''))).toEqual(['Dr. Lorena Ward', 'Dr. Lionel Wardell']);
    fireEvent.click(within(results).getAllByRole('button', { name: 'Choose' })[0]!);
    expect(onChoose).toHaveBeenCalledWith(PHYSICIANS[0]);
  });

  it('says who writes the query, about whom, for which encounter and when', () => {
    render(<Harness initial={HYPONATREMIA} />);
    const form = screen.getByRole('form', { name: 'Draft query' });
    expect(form.textContent).toContain('From Renée Okafor · Tommy Friesen · Hospital admission of 2021-02-10 · 2026-12-03');
  });

  it('labels every control (purpose, format, question)', () => {
    render(<Harness initial={HYPONATREMIA} />);
    expect(screen.getByLabelText('Purpose')).toBeTruthy();
    expect(screen.getByLabelText('Format')).toBeTruthy();
    expect(screen.getByLabelText('Question')).toBeTruthy();
  });
});

import { ContractError } from '../../../contract/index.ts';

/** What the user can do about an engine error, by its code and message. */
export function whatToDo(error: Error): string {
  const code = error instanceof ContractError ? error.code : undefined;
  const message = error.message;
  if (code === 'transport_closed')
    return 'The connection to the engine closed. Check that Seamlab is still running, then reload this page; your form is kept.';
  if (code === 'invalid_request') return 'Correct the value named above and try again.';
  if (code === 'unauthorized') return 'Open Seamlab with the link (and token) the server printed.';
  if (/no model|model_not_found/i.test(message))
    return 'Pick the synthetic test model "fixture", or download a model with `npx seamlab models download`.';
  if (/no voice/i.test(message)) return 'Pick a voice from the list, or import an audio file as a voice.';
  if (/stateful/i.test(message))
    return 'The stateful boundary needs a cache-capable decoder: choose the model "fixture-stateful", or another boundary treatment.';
  if (/read-only|readonly/i.test(message))
    return 'The run database is read-only: close other Seamlab windows or check the folder permissions.';
  if (/disk|space/i.test(message)) return 'Free some disk space, then try again.';
  return 'Try again; if it keeps failing, the engine log (terminal) has the details.';
}

/** An engine error shown in place: what happened and what to do next. */
export function EngineError({
  error,
  title,
  onRetry,
  testId = 'engine-error',
}: {
  error: Error;
  title: string;
  onRetry?: () => void;
  testId?: string;
}) {
  return (
    <div className="error-box" role="alert" data-testid={testId}>
      <strong>{title}</strong> <span data-testid={`${testId}-message`}>{error.message}</span>
      <p className="muted">{whatToDo(error)}</p>
      {onRetry && (
        <p>
          <button onClick={onRetry}>Try again</button>
        </p>
      )}
    </div>
  );
}

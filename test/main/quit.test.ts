import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { holdQuitUntilClosed } from '../../src/main/quit.ts';
import { StandInEvent } from './electron-stand-in.ts';

function fakeApp() {
  const exits: number[] = [];
  const app = Object.assign(new EventEmitter(), { exit: (code?: number) => exits.push(code ?? 0) });
  const willQuit = () => {
    const event = new StandInEvent();
    app.emit('will-quit', event);
    return event.defaultPrevented;
  };
  return { app, exits, willQuit };
}

describe('quitting', () => {
  it('holds every quit until the engine has closed, then exits once', async () => {
    const { app, exits, willQuit } = fakeApp();
    let finish: () => void = () => undefined;
    let closes = 0;
    holdQuitUntilClosed(app as never, {
      close: () => {
        closes += 1;
        return new Promise<void>((resolve) => (finish = resolve));
      },
    });
    expect(willQuit()).toBe(true);
    expect(willQuit()).toBe(true); // a second Cmd+Q while the run winds down
    expect(closes).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(exits).toEqual([]);
    finish();
    await expect.poll(() => exits).toEqual([0]);
  });

  it('quits anyway (non-zero) when the engine does not close in time or fails to', async () => {
    const slow = fakeApp();
    holdQuitUntilClosed(slow.app as never, { close: () => new Promise(() => undefined), timeoutMs: 20 });
    slow.willQuit();
    await expect.poll(() => slow.exits).toEqual([1]);
    const broken = fakeApp();
    const logs: string[] = [];
    holdQuitUntilClosed(broken.app as never, {
      close: () => Promise.reject(new Error('disk full')),
      log: (line) => logs.push(line),
    });
    broken.willQuit();
    await expect.poll(() => broken.exits).toEqual([1]);
    expect(logs.join('\n')).toContain('disk full');
  });
});

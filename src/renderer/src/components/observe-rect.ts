import type { Virtualizer } from '@tanstack/react-virtual';

/**
 * A virtualizer's scroll-element size from a ResizeObserver only. react-virtual's default also reads
 * getBoundingClientRect when it attaches (in a layout effect), which forces the browser to lay out the whole new
 * page there and then: on a run view's first render that single forced layout took 70-90 ms on this project's
 * machines, before the waveform had even been created. The observer reports the size with the next frame's
 * layout instead; until then the virtualizer works from its `initialRect`.
 */
export function observeRectAfterLayout<S extends Element, I extends Element>(
  instance: Virtualizer<S, I>,
  callback: (rect: { width: number; height: number }) => void,
): (() => void) | undefined {
  const element = instance.scrollElement;
  if (!element || typeof ResizeObserver !== 'function') return undefined;
  const observer = new ResizeObserver(([entry]) => {
    if (!entry) return;
    const box = entry.borderBoxSize?.[0];
    callback(
      box
        ? { width: box.inlineSize, height: box.blockSize }
        : { width: entry.contentRect.width, height: entry.contentRect.height },
    );
  });
  observer.observe(element, { box: 'border-box' });
  return () => observer.disconnect();
}

import { lazy, type ComponentType } from 'react';

/** A screen in a chunk of its own, as a component, with `preload()` to load its code ahead of the first render. */
export interface ScreenChunk<P> {
  (props: P): React.ReactElement;
  preload(): Promise<unknown>;
}

/**
 * Like React.lazy, but once the chunk has loaded (preload, or an earlier visit) the screen renders directly, with
 * no suspension: React.lazy suspends on every first render, even when the module is already there.
 */
export function screen<M, P extends object>(
  load: () => Promise<M>,
  pick: (module: M) => ComponentType<P>,
): ScreenChunk<P> {
  let loaded: ComponentType<P> | undefined;
  let loading: Promise<ComponentType<P>> | undefined;
  const preload = () =>
    (loading ??= load().then(
      (module) => (loaded = pick(module)),
      (error: unknown) => {
        loading = undefined; // a failed chunk load can be tried again
        throw error;
      },
    ));
  const Lazy = lazy(() => preload().then((component) => ({ default: component })));
  function Screen(props: P) {
    const Component = loaded ?? Lazy;
    return <Component {...props} />;
  }
  Screen.preload = preload;
  return Screen;
}

import { lazy, Suspense, type ComponentProps } from 'react';

// echarts is most of the bundle: it loads in its own chunk, after the screen around it is already usable.
const Gantt = lazy(() => import('./Gantt.tsx').then((m) => ({ default: m.Gantt })));

export function LazyGantt(props: ComponentProps<typeof Gantt>) {
  return (
    <Suspense
      fallback={
        <div className="chart muted small" style={{ height: props.height ?? 140 }}>
          Loading chart…
        </div>
      }
    >
      <Gantt {...props} />
    </Suspense>
  );
}

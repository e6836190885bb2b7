import { lazy, Suspense, useRef, type ComponentProps } from 'react';
import { useNearViewport } from '../hooks/useNearViewport.ts';

// echarts is most of the bundle: it loads in its own chunk, after the screen around it is already usable, and
// only when the chart comes near the viewport (drawing thousands of bars is not free either).
const Gantt = lazy(() => import('./Gantt.tsx').then((m) => ({ default: m.Gantt })));

export function LazyGantt(props: ComponentProps<typeof Gantt>) {
  const placeholder = useRef<HTMLDivElement>(null);
  const near = useNearViewport(placeholder);
  const waiting = (
    <div
      ref={placeholder}
      className="chart muted small"
      style={{ height: props.height ?? 140 }}
      data-testid={props.testId ? `${props.testId}-pending` : undefined}
    >
      Loading chart…
    </div>
  );
  if (!near) return waiting;
  return (
    <Suspense fallback={waiting}>
      <Gantt {...props} />
    </Suspense>
  );
}

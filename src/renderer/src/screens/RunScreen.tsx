/** The Run screen (being built: see issue 6). */
export function RunScreen({ runId }: { runId: string }) {
  return (
    <section className="panel" data-testid="run-screen">
      <h2>Run {runId}</h2>
      <p className="muted">Not available yet.</p>
    </section>
  );
}

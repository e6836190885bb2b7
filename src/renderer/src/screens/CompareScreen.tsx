/** The Compare screen (being built: see issue 6). */
export function CompareScreen({ runIds }: { runIds: string[] }) {
  return (
    <section className="panel" data-testid="compare-screen">
      <h2>Compare {runIds.length} runs</h2>
      <p className="muted">Not available yet.</p>
    </section>
  );
}

/** The Experiment screen (being built: see issue 6). */
export function ExperimentScreen() {
  return (
    <section className="panel" data-testid="experiment-screen">
      <h2>Experiment</h2>
      <p className="muted">Not available yet.</p>
    </section>
  );
}

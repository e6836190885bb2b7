/** The Runs screen (being built: see issue 6). */
export function RunsScreen() {
  return (
    <section className="panel" data-testid="runs-screen">
      <h2>Runs</h2>
      <p className="muted">Not available yet.</p>
    </section>
  );
}

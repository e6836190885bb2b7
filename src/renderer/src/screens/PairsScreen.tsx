/** The Pairs screen (being built: see issue 6). */
export function PairsScreen() {
  return (
    <section className="panel" data-testid="pairs-screen">
      <h2>Pairs</h2>
      <p className="muted">Not available yet.</p>
    </section>
  );
}

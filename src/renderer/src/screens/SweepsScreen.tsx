/** The Sweeps screen (being built: see issue 6). */
export function SweepsScreen({ sweepId }: { sweepId?: string }) {
  return (
    <section className="panel" data-testid="sweeps-screen">
      <h2>Sweeps {sweepId ?? ''}</h2>
      <p className="muted">Not available yet.</p>
    </section>
  );
}

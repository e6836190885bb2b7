/** The Listening screen (being built: see issue 6). */
export function ListeningScreen({ sessionId }: { sessionId?: string }) {
  return (
    <section className="panel" data-testid="listening-screen">
      <h2>Listening {sessionId ?? ''}</h2>
      <p className="muted">Not available yet.</p>
    </section>
  );
}

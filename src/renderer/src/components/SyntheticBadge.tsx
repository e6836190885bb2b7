/** Shown wherever a run of the generated fixture model appears (issue 6, item 7: honesty). */
export function SyntheticBadge({ synthetic, compact = false }: { synthetic: boolean; compact?: boolean }) {
  if (!synthetic) return null;
  return (
    <span
      className="badge synthetic"
      data-testid="synthetic-badge"
      title="Generated fixture model: not real speech. Its speech quality and absolute speed mean nothing; only the relative effect of streaming strategies does."
    >
      {compact ? 'synthetic' : 'synthetic test model'}
    </span>
  );
}

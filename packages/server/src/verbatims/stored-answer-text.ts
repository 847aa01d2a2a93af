/** The text of a stored response's open answer to `questionId` (the `answers` JSON as stored), if any. */
export function storedAnswerText(answers: unknown, questionId: string): string | undefined {
  // Stored JSON was validated on the way in, but older rows may predate a schema change: read defensively.
  const list = (Array.isArray(answers) ? answers : []) as {
    kind?: unknown;
    questionId?: unknown;
    value?: unknown;
  }[];
  const a = list.find((x) => x.kind === 'text' && x.questionId === questionId);
  return typeof a?.value === 'string' ? a.value : undefined;
}

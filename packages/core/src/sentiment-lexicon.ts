import { z } from 'zod';
import { CxError } from './cx-error.js';

/** A lexicon term: a word, a stem ending in `*` (at least 3 letters before it), or a phrase of those. */
export const LexiconTermSchema = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(100)
  .refine((t) => t.split(/\s+/).every((w) => !w.endsWith('*') || w.replace(/[*'’]/g, '').length >= 3), {
    message: 'a stem ending in * needs at least 3 letters before the *',
  });

/** A term's weight (-3..3), or `[weight, weight when a negation covers it]`. */
export const LexiconWeightSchema = z.union([
  z.number().min(-3).max(3),
  z.tuple([z.number().min(-3).max(3), z.number().min(-3).max(3)]),
]);

/** A sentiment lexicon for one language: weighted terms and boosters (words that scale the next sentiment word). */
export const SentimentLexiconSchema = z.object({
  language: z.enum(['fr', 'en']),
  terms: z.record(LexiconTermSchema, LexiconWeightSchema),
  /** `very: 0.3` makes "very good" count 1.3 times "good"; a negative value damps ("a bit slow"). */
  boosters: z.record(z.string().min(1), z.number().min(-0.9).max(2)).optional(),
});

/** A sentiment lexicon for one language (see {@link SentimentLexiconSchema}). */
export type SentimentLexicon = z.infer<typeof SentimentLexiconSchema>;

/** Validates a user-supplied lexicon, throwing `sentimentLexicon/invalid` with the offending field. */
export function parseSentimentLexicon(input: unknown): SentimentLexicon {
  const parsed = SentimentLexiconSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path.join('.') ?? '';
    throw new CxError('sentimentLexicon/invalid', `${field || 'lexicon'}: ${issue?.message ?? 'invalid'}`, {
      field,
    });
  }
  return parsed.data;
}

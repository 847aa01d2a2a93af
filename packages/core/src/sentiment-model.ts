import { z } from 'zod';
import { CxError } from './cx-error.js';
import { SENTIMENT_LABELS, type SentimentProbabilities } from './sentiment.js';
import { DENSE_FEATURE_NAMES, type SentimentFeatures } from './sentiment-features.js';
import modelFile from './sentiment-model.json' with { type: 'json' };

/**
 * A trained sentiment model as stored in JSON (`scripts/train-sentiment-model.ts` writes it): a multinomial
 * logistic regression over the dense features by name and `buckets` hashed n-gram buckets. Hashed weights are
 * int8, base64, one string per class, multiplied by that class's `hashedScale`.
 */
export const SentimentModelFileSchema = z.object({
  format: z.literal('cxkit-sentiment-linear/1'),
  id: z.string().min(1).max(100),
  classes: z.tuple([z.literal('negative'), z.literal('neutral'), z.literal('positive')]),
  dense: z.array(z.string()).length(DENSE_FEATURE_NAMES.length),
  denseWeights: z.array(z.array(z.number()).length(DENSE_FEATURE_NAMES.length)).length(3),
  buckets: z
    .number()
    .int()
    .min(16)
    .max(1 << 20),
  hashedScale: z.array(z.number().nonnegative()).length(3),
  hashedWeights: z.array(z.string()).length(3),
  trainedOn: z.string().optional(),
});

/** The JSON form of a sentiment model. */
export type SentimentModelFile = z.infer<typeof SentimentModelFileSchema>;

/** A sentiment model ready to score (see {@link parseSentimentModel}). */
export interface SentimentModel {
  /** Recorded as `analyzer` in each result. */
  readonly id: string;
  readonly buckets: number;
  /** Dense weights per class, in {@link DENSE_FEATURE_NAMES} order. */
  readonly denseWeights: readonly Float64Array[];
  /** Hashed-bucket weights per class. */
  readonly hashedWeights: readonly Float32Array[];
}

function decodeInt8(base64: string, scale: number, length: number): Float32Array {
  const bytes = atob(base64);
  if (bytes.length !== length) throw new Error(`expected ${length} weights, got ${bytes.length}`);
  const out = new Float32Array(length);
  for (let i = 0; i < length; i++) {
    const b = bytes.charCodeAt(i);
    out[i] = (b > 127 ? b - 256 : b) * scale;
  }
  return out;
}

/**
 * Validates a model file (e.g. one a tenant trained on its own answers with the training script) and decodes it.
 * @throws CxError `sentimentModel/invalid` naming the field, or the dense features it does not know.
 */
export function parseSentimentModel(input: unknown): SentimentModel {
  const parsed = SentimentModelFileSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path.join('.') ?? '';
    throw new CxError('sentimentModel/invalid', `${field || 'model'}: ${issue?.message ?? 'invalid'}`, {
      field,
    });
  }
  const m = parsed.data;
  if (m.dense.some((name, i) => name !== DENSE_FEATURE_NAMES[i]))
    throw new CxError(
      'sentimentModel/invalid',
      'dense: the model was trained with other features than this version of cxkit computes',
      { field: 'dense' },
    );
  try {
    return {
      id: m.id,
      buckets: m.buckets,
      denseWeights: m.denseWeights.map((w) => Float64Array.from(w)),
      hashedWeights: m.hashedWeights.map((w, c) => decodeInt8(w, m.hashedScale[c] as number, m.buckets)),
    };
  } catch (error) {
    throw new CxError('sentimentModel/invalid', `hashedWeights: ${(error as Error).message}`, {
      field: 'hashedWeights',
    });
  }
}

/** Label probabilities of one text's features under a model (softmax of the three linear scores). */
export function predictSentiment(model: SentimentModel, features: SentimentFeatures): SentimentProbabilities {
  const logits = SENTIMENT_LABELS.map((_, c) => {
    const wd = model.denseWeights[c] as Float64Array;
    const wh = model.hashedWeights[c] as Float32Array;
    let z = 0;
    for (let i = 0; i < features.dense.length; i++) z += (features.dense[i] as number) * (wd[i] as number);
    for (const [b, v] of features.hashed) z += v * (wh[b] as number);
    return z;
  });
  const max = Math.max(...logits);
  const exp = logits.map((z) => Math.exp(z - max));
  const total = exp.reduce((a, b) => a + b, 0);
  return {
    negative: (exp[0] as number) / total,
    neutral: (exp[1] as number) / total,
    positive: (exp[2] as number) / total,
  };
}

/** The model cxkit ships, trained on the training split of `data/sentiment-corpus` (see `docs/verbatims.md`). */
export const DEFAULT_SENTIMENT_MODEL: SentimentModel = /* @__PURE__ */ parseSentimentModel(modelFile);

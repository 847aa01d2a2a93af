import { z } from 'zod';

/**
 * Which end of a scale is good. CES is asked both ways in the catalogue ("easy" on 1-7,
 * "effort" on 1-10), so every scored question declares it and results are normalised
 * so that higher is always better.
 */
export const PolaritySchema = z.enum(['higher-is-better', 'higher-is-worse']);

/** A scale polarity. */
export type Polarity = z.infer<typeof PolaritySchema>;

/** An integer answer scale, inclusive at both ends (e.g. NPS 0-10, CSAT 1-5, yes/no 0-1). */
export const ScaleSchema = z
  .strictObject({
    min: z.int().min(0).max(10),
    max: z.int().min(1).max(10),
    polarity: PolaritySchema.default('higher-is-better'),
  })
  .refine((s) => s.max > s.min, { message: 'max must be greater than min', path: ['max'] });

/** An answer scale. */
export type Scale = z.infer<typeof ScaleSchema>;

/** The catalogue's default scale for each scored kind (zod-free file, see default-scales.ts). */
export { DEFAULT_SCALES } from './default-scales.js';

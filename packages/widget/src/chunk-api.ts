import { html, nothing } from 'lit/html.js';
import { matrixScale } from '@cxkit/core/scales';
import { collectorHeaders, getJson } from './collector-client.js';
import { loadPack } from './locale.js';
import { format } from './strings.js';

/**
 * What the lazily loaded chunks use of the first-paint module, handed to them when they load: a
 * chunk that imported these itself would make the bundler move them out of cx-survey.js into a
 * shared chunk that every first paint would then have to fetch as well.
 */
export const lib = { html, nothing, format, matrixScale, loadPack, getJson, collectorHeaders };

/** The first-paint functions a lazily loaded chunk is built with. */
export type Lib = typeof lib;

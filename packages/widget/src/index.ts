// Public API of @cxkit/widget, re-exported by name; importing it registers nothing.

export { CxSurvey } from './cx-survey.js';
export type {
  CxSurveyEventMap,
  CxShowDetail,
  CxAnswerDetail,
  CxSubmitDetail,
  CxSentDetail,
  CxDismissDetail,
  CxErrorDetail,
} from './events.js';
export type { Strings } from './strings.js';
export { en } from './locales/en.js';
export { fr } from './locales/fr.js';
export { de } from './locales/de.js';
export { es } from './locales/es.js';
export { it } from './locales/it.js';
export { nl } from './locales/nl.js';
export { pt } from './locales/pt.js';

// Side-effect entry: registers <cx-survey>. Import `@cxkit/widget` instead to register it yourself.
import { CxSurvey } from './cx-survey.js';

if (!customElements.get('cx-survey')) customElements.define('cx-survey', CxSurvey);

export { CxSurvey };

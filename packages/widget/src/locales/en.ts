import type { Strings } from '../strings.js';

/** Built-in English strings. */
export const en: Strings = {
  survey: 'Survey',
  next: 'Next',
  back: 'Back',
  submit: 'Send',
  close: 'Close survey',
  thanks: 'Thank you for your feedback!',
  step: 'Question {n} of {total}',
  required: 'Please choose an answer.',
  placeholder: 'Your answer (optional)',
  cantRecommend: 'My company does not allow me to recommend suppliers',
  npsLow: 'Not at all likely',
  npsHigh: 'Extremely likely',
  csatLow: 'Very dissatisfied',
  csatHigh: 'Very satisfied',
  cesLow: 'Strongly disagree',
  cesHigh: 'Strongly agree',
  c2esLow: 'Very difficult',
  c2esHigh: 'Very easy',
  yes: 'Yes',
  no: 'No',
  sad: 'Unhappy',
  neutral: 'Neutral',
  happy: 'Happy',
  stars: '{n} of {max} stars',
};

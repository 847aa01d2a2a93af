import type { Strings } from '../strings.js';

/** Built-in German strings. */
export const de: Strings = {
  survey: 'Umfrage',
  next: 'Weiter',
  back: 'Zurück',
  submit: 'Senden',
  close: 'Umfrage schließen',
  thanks: 'Vielen Dank für Ihr Feedback!',
  step: 'Frage {n} von {total}',
  required: 'Bitte wählen Sie eine Antwort.',
  placeholder: 'Ihre Antwort (optional)',
  cantRecommend: 'Mein Unternehmen erlaubt mir nicht, Lieferanten zu empfehlen',
  npsLow: 'Äußerst unwahrscheinlich',
  npsHigh: 'Äußerst wahrscheinlich',
  csatLow: 'Sehr unzufrieden',
  csatHigh: 'Sehr zufrieden',
  cesLow: 'Stimme überhaupt nicht zu',
  cesHigh: 'Stimme voll und ganz zu',
  c2esLow: 'Sehr schwierig',
  c2esHigh: 'Sehr einfach',
  yes: 'Ja',
  no: 'Nein',
  sad: 'Unzufrieden',
  neutral: 'Neutral',
  happy: 'Zufrieden',
  stars: '{n} von {max} Sternen',
};

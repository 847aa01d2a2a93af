import type { Strings } from '../strings.js';

/** Built-in Dutch strings. */
export const nl: Strings = {
  survey: 'Enquête',
  next: 'Volgende',
  back: 'Terug',
  submit: 'Verzenden',
  close: 'Enquête sluiten',
  thanks: 'Bedankt voor uw feedback!',
  step: 'Vraag {n} van {total}',
  required: 'Kies een antwoord.',
  placeholder: 'Uw antwoord (optioneel)',
  cantRecommend: 'Mijn bedrijf staat mij niet toe leveranciers aan te bevelen',
  npsLow: 'Zeer onwaarschijnlijk',
  npsHigh: 'Zeer waarschijnlijk',
  csatLow: 'Zeer ontevreden',
  csatHigh: 'Zeer tevreden',
  cesLow: 'Helemaal mee oneens',
  cesHigh: 'Helemaal mee eens',
  c2esLow: 'Zeer moeilijk',
  c2esHigh: 'Zeer gemakkelijk',
  yes: 'Ja',
  no: 'Nee',
  sad: 'Ontevreden',
  neutral: 'Neutraal',
  happy: 'Tevreden',
  stars: '{n} van {max} sterren',
};

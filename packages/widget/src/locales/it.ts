import type { Strings } from '../strings.js';

/** Built-in Italian strings. */
export const it: Strings = {
  survey: 'Sondaggio',
  next: 'Avanti',
  back: 'Indietro',
  submit: 'Invia',
  close: 'Chiudi il sondaggio',
  thanks: 'Grazie per il tuo feedback!',
  step: 'Domanda {n} di {total}',
  required: 'Scegli una risposta.',
  placeholder: 'La tua risposta (facoltativa)',
  cantRecommend: 'La mia azienda non mi consente di raccomandare fornitori',
  npsLow: 'Per niente probabile',
  npsHigh: 'Estremamente probabile',
  csatLow: 'Molto insoddisfatto',
  csatHigh: 'Molto soddisfatto',
  cesLow: 'Per niente d’accordo',
  cesHigh: 'Completamente d’accordo',
  c2esLow: 'Molto difficile',
  c2esHigh: 'Molto facile',
  yes: 'Sì',
  no: 'No',
  sad: 'Scontento',
  neutral: 'Neutrale',
  happy: 'Contento',
  stars: '{n} di {max} stelle',
};

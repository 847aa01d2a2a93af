import type { Strings } from '../strings.js';

/** Built-in French strings (narrow no-break space before "!", as French typography wants). */
export const fr: Strings = {
  survey: 'Questionnaire',
  next: 'Suivant',
  back: 'Retour',
  submit: 'Envoyer',
  close: 'Fermer le questionnaire',
  thanks: 'Merci pour votre retour\u202f!',
  step: 'Question {n} sur {total}',
  required: 'Veuillez choisir une réponse.',
  placeholder: 'Votre réponse (facultatif)',
  cantRecommend: 'Mon entreprise ne m’autorise pas à recommander des fournisseurs',
  npsLow: 'Pas du tout probable',
  npsHigh: 'Très probable',
  csatLow: 'Très insatisfait',
  csatHigh: 'Très satisfait',
  cesLow: 'Pas du tout d’accord',
  cesHigh: 'Tout à fait d’accord',
  c2esLow: 'Très difficile',
  c2esHigh: 'Très facile',
  yes: 'Oui',
  no: 'Non',
  sad: 'Mécontent',
  neutral: 'Neutre',
  happy: 'Content',
  stars: '{n} sur {max} étoiles',
};

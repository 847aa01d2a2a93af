import type { Strings } from '../strings.js';

/** Built-in Spanish strings. */
export const es: Strings = {
  survey: 'Encuesta',
  next: 'Siguiente',
  back: 'Atrás',
  submit: 'Enviar',
  close: 'Cerrar la encuesta',
  thanks: '¡Gracias por su opinión!',
  step: 'Pregunta {n} de {total}',
  required: 'Elija una respuesta.',
  placeholder: 'Su respuesta (opcional)',
  cantRecommend: 'Mi empresa no me permite recomendar proveedores',
  npsLow: 'Nada probable',
  npsHigh: 'Muy probable',
  csatLow: 'Muy insatisfecho',
  csatHigh: 'Muy satisfecho',
  cesLow: 'Totalmente en desacuerdo',
  cesHigh: 'Totalmente de acuerdo',
  c2esLow: 'Muy difícil',
  c2esHigh: 'Muy fácil',
  yes: 'Sí',
  no: 'No',
  sad: 'Descontento',
  neutral: 'Neutral',
  happy: 'Contento',
  stars: '{n} de {max} estrellas',
};

import type { Strings } from '../strings.js';

/** Built-in Portuguese strings. */
export const pt: Strings = {
  survey: 'Questionário',
  next: 'Seguinte',
  back: 'Voltar',
  submit: 'Enviar',
  close: 'Fechar o questionário',
  thanks: 'Obrigado pelo seu feedback!',
  step: 'Pergunta {n} de {total}',
  required: 'Escolha uma resposta.',
  placeholder: 'A sua resposta (opcional)',
  cantRecommend: 'A minha empresa não me permite recomendar fornecedores',
  npsLow: 'Nada provável',
  npsHigh: 'Extremamente provável',
  csatLow: 'Muito insatisfeito',
  csatHigh: 'Muito satisfeito',
  cesLow: 'Discordo totalmente',
  cesHigh: 'Concordo totalmente',
  c2esLow: 'Muito difícil',
  c2esHigh: 'Muito fácil',
  yes: 'Sim',
  no: 'Não',
  sad: 'Descontente',
  neutral: 'Neutro',
  happy: 'Contente',
  stars: '{n} de {max} estrelas',
};

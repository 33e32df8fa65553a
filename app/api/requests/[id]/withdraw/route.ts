import { answerRoute } from '@/lib/requests/answer-route';

export const POST = answerRoute('withdraw');

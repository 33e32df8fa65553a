export type HeaderEntry = { key: string; value: string };
export function commonHeaders(production: boolean): HeaderEntry[];
export const apiHeaders: HeaderEntry[];

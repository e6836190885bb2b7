export * from './normalize.ts';
export * from './tokenizer.ts';

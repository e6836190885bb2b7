export * from './normalize.ts';
export * from './tokenizer.ts';
export * from './language-steps.ts';

// Node module-loader hooks (module.register): `electron` resolves to the stand-in, everything else as usual.
// Electron itself cannot be downloaded on the project's machines; the built bundle runs under plain Node instead.
type Resolve = (
  specifier: string,
  context: unknown,
  next: (specifier: string, context: unknown) => Promise<unknown>,
) => Promise<unknown>;

export const resolve: Resolve = async (specifier, context, next) => {
  if (specifier === 'electron') {
    return { url: new URL('./electron-module.ts', import.meta.url).href, shortCircuit: true };
  }
  return next(specifier, context);
};

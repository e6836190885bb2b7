/**
 * Imported first by main.tsx, before anything that builds a schema. zod 4 decides per object schema, when the
 * schema is built, whether it may compile a fast parser, probing with `new Function('')`; under this page's CSP
 * (no 'unsafe-eval') that probe is refused and Chromium logs a CSP error even though zod catches it. With
 * `jitless` set first, zod never probes (zod v4 core `util.ts` `allowsEval`, `schemas.ts` `$ZodObject`). Set
 * later (after the imports that build the contract's schemas had run) it came too late: that was the error on load.
 */
import { z } from 'zod';

z.config({ jitless: true });

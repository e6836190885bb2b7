import { z } from 'zod';
import { BenchReportResultSchema } from '../bench-report.ts';
import { EngineStatusSchema } from '../status.ts';

/** Engine status and liveness. */
export const engineMethods = {
  'engine.status': {
    params: z.object({}).strict(),
    result: EngineStatusSchema,
  },
  /** The latest `seamlab bench model` report saved on the engine's machine (the Status screen shows it). */
  'engine.benchReport': {
    params: z.object({}).strict(),
    result: BenchReportResultSchema,
  },
  /** Liveness and transport round trip; echoes a value back. */
  'engine.ping': {
    params: z.object({ value: z.string().max(1024) }).strict(),
    result: z.object({ value: z.string(), receivedAt: z.number() }),
  },
} as const;

export const engineEvents = {
  /** A human-readable line from the engine (model loading, worker restarts...). */
  'engine.log': z.object({
    level: z.enum(['info', 'warn', 'error']),
    message: z.string(),
    at: z.number(),
  }),
} as const;

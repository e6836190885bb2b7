import type { RunProvenance } from '../../contract/index.ts';
import { appVersion } from '../app-version.ts';
import { describeMachine } from '../runtime/machine.ts';
import { installedOnnxruntimeVersion } from '../runtime/onnxruntime-loader.ts';
import type { DecodeWorkerInfo, TokenWorkerInfo } from '../runtime/model-runtime.ts';
import type { GenerationSettings } from './family-support.ts';
import type { LoadedModel } from './model-pool.ts';
import type { ResolvedVoice } from './voice-resolver.ts';

/**
 * What produced a run: model identity and hashes, the providers that really ran, versions, machine, voice, and the
 * settings the run generated with: which came from the family's defaults and which the family set aside.
 */
export function buildProvenance(
  model: LoadedModel,
  tokenInfo: TokenWorkerInfo,
  decodeInfo: DecodeWorkerInfo,
  voice: ResolvedVoice,
  settings?: GenerationSettings,
): RunProvenance {
  return {
    model: {
      id: model.id,
      family: model.report.family ?? 'unknown',
      synthetic: model.synthetic,
      statefulDecoder: decodeInfo.stateful,
      kvDtype: tokenInfo.kvLayout.dtype,
      fileHashes: Object.fromEntries(
        Object.entries(model.fileHashes).map(([file, hash]) => [file, hash.slice(0, 16)]),
      ),
    },
    providers: { ...tokenInfo.providers, conditional_decoder: decodeInfo.provider },
    appVersion: appVersion(),
    onnxruntimeVersion: installedOnnxruntimeVersion(),
    nodeVersion: process.versions.node,
    machine: describeMachine(),
    voice: { id: voice.id.slice(0, 16), name: voice.name },
    ignoredSettings: settings?.ignored ?? [],
    defaultsApplied: settings?.defaultsApplied ?? [],
    ...(settings
      ? {
          generation: {
            preset: settings.preset,
            sampler: { ...settings.sampler },
            exaggeration: settings.exaggeration,
            maxNewTokens: settings.maxNewTokens,
          },
        }
      : {}),
  };
}

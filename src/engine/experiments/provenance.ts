import type { RunProvenance } from '../../contract/index.ts';
import { appVersion } from '../app-version.ts';
import { describeMachine } from '../runtime/machine.ts';
import { installedOnnxruntimeVersion } from '../runtime/onnxruntime-loader.ts';
import type { DecodeWorkerInfo, TokenWorkerInfo } from '../runtime/model-runtime.ts';
import type { LoadedModel } from './model-pool.ts';
import type { ResolvedVoice } from './voice-resolver.ts';

/**
 * What produced a run: model identity and hashes, the providers that really ran, versions, machine, voice, and the
 * requested settings the model's family set aside.
 */
export function buildProvenance(
  model: LoadedModel,
  tokenInfo: TokenWorkerInfo,
  decodeInfo: DecodeWorkerInfo,
  voice: ResolvedVoice,
  ignoredSettings: string[] = [],
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
    ignoredSettings,
  };
}

import { useEffect, useState } from 'react';
import type { BenchReportResult, ModelBenchReport } from '../../../contract/index.ts';
import { useEngine } from '../connection/EngineContext.tsx';

/** The public numbers a real-model report is read against (model.md, "Streaming: what public code does"). */
const ANCHORS = [
  'chatterbox-streaming on an RTX 4090: first chunk 0.472 s, RTF 0.499',
  'onnxruntime CUDA on an RTX 3090 (fp32): 7.2 ms per LM step',
];
const COMMAND = 'npx seamlab bench model --model <id> --provider cuda cpu';

/**
 * The latest `seamlab bench model` report from the engine's machine (issue 14): what a real model does per LM
 * step (native run, binding copies, garbage collection) and, for installed models, TTFA and RTF beside the anchors.
 */
export function BenchReportCard() {
  const engine = useEngine();
  const [result, setResult] = useState<BenchReportResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    engine.call('engine.benchReport', {}).then(setResult, (e: Error) => setError(e.message));
  }, [engine]);

  return (
    <div className="card" data-testid="bench-report">
      <h2>Model benchmark</h2>
      {error && <p className="field-error">Could not read the report: {error}</p>}
      {result?.problem && <p className="field-error">{result.problem}</p>}
      {result && !result.report && !result.problem && (
        <p data-testid="bench-report-none">
          No report yet. On the machine that runs the engine, <code>{COMMAND}</code> measures an installed
          model and saves its report here ({result.path}).
        </p>
      )}
      {result?.report && <ReportTable report={result.report} />}
    </div>
  );
}

function ReportTable({ report }: { report: ModelBenchReport }) {
  const gpus = report.host?.gpus?.map((g) => g.name).join(', ');
  return (
    <>
      <p className="muted small" data-testid="bench-report-when">
        {new Date(report.at).toLocaleString()} · Seamlab {report.appVersion} · {report.machine.cpuModel} (
        {report.machine.cpus} cores){gpus ? ` · ${gpus}` : ' · no NVIDIA GPU named'}
        {report.quick ? ' · quick run, not for quoting' : ''}
      </p>
      <table className="table">
        <thead>
          <tr>
            <th>Model</th>
            <th>Provider (LM)</th>
            <th title="median per step, whole step as the loop sees it">LM step</th>
            <th title="onnxruntime's own run time / copying outputs into JS buffers / garbage collection">
              native · copies · GC
            </th>
            <th title="first audio of the fixed phrase, median">TTFA</th>
            <th title="compute wall time / audio duration">RTF</th>
          </tr>
        </thead>
        <tbody>
          {Object.entries(report.models).map(([id, m]) => (
            <tr key={id} data-model={id}>
              <td>
                {id}
                {m.synthetic && <span className="badge warn"> synthetic</span>}
              </td>
              <td className="mono">{m.providers.language_model ?? '?'}</td>
              <td>{m.lmStepMs.median.toFixed(1)} ms</td>
              <td>
                {m.stepSplitMs
                  ? `${m.stepSplitMs.nativeRun.toFixed(1)} · ${m.stepSplitMs.bindingCopies.toFixed(1)} · ${m.stepSplitMs.gcMean.toFixed(1)} ms`
                  : '-'}
              </td>
              <td>{m.latency ? `${m.latency.ttfaS.toFixed(3)} s` : '-'}</td>
              <td>{m.latency ? m.latency.rtf.toFixed(3) : '-'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="muted small">Compare with: {ANCHORS.join('; ')}.</p>
    </>
  );
}

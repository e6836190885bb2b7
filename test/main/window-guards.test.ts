import { describe, expect, it } from 'vitest';
import { isRendererUrl, isSafeExternalUrl } from '../../src/main/window-guards.ts';

describe('window guards', () => {
  it('lets only http(s) URLs out to the browser', () => {
    expect(isSafeExternalUrl('https://huggingface.co/ResembleAI')).toBe(true);
    expect(isSafeExternalUrl('http://127.0.0.1:7300/')).toBe(true);
    for (const url of ['file:///etc/passwd', 'javascript:alert(1)', 'vscode://x', 'ms-msdt:/id', '', 'x'])
      expect(isSafeExternalUrl(url), url).toBe(false);
  });

  it('recognises the renderer by file path (bundle) or origin (dev server)', () => {
    const bundle = 'file:///opt/Seamlab/resources/app.asar/out/renderer/index.html';
    expect(isRendererUrl(`${bundle}#/experiment`, bundle)).toBe(true);
    expect(isRendererUrl('file:///opt/Seamlab/resources/app.asar/out/renderer/other.html', bundle)).toBe(
      false,
    );
    expect(isRendererUrl('http://localhost:5173/#/runs', 'http://localhost:5173/')).toBe(true);
    expect(isRendererUrl('http://localhost:5174/', 'http://localhost:5173/')).toBe(false);
  });
});

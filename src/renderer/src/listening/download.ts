import { downloadBlob } from '../components/download-blob.ts';

/** Saves text as a file through the browser (works the same in Electron and in browser mode). */
export function downloadText(fileName: string, mimeType: string, content: string): void {
  downloadBlob(fileName, new Blob([content], { type: `${mimeType};charset=utf-8` }));
}

import { app, BrowserWindow, dialog, ipcMain, shell } from 'electron';
import { startDesktopApp } from './desktop-app.ts';

// The entry electron-vite bundles to out/main/index.js; everything else lives in desktop-app.ts so that tests
// (and the built-bundle smoke test's stand-in for `electron`) drive the same code.
startDesktopApp(
  { app, BrowserWindow, ipcMain, dialog, shell },
  { mainDir: import.meta.dirname, argv: process.argv, env: process.env },
);

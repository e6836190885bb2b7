import { contextBridge, ipcRenderer } from 'electron';
import { BRIDGE_GLOBAL } from '../contract/channels.ts';
import { createPreloadBridge } from './bridge.ts';

contextBridge.exposeInMainWorld(BRIDGE_GLOBAL, createPreloadBridge(ipcRenderer));

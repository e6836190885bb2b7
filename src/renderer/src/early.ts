// The page's first code (main.tsx's first import): it runs before the main bundle's other modules are evaluated, a quarter of a second or more on a slow machine, and uses that time to ask the engine for the first
// screen's data, which it answers while the UI's code starts.
import { startEarlyCalls } from './connection/early-calls.ts';

startEarlyCalls();

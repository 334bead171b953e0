import { clearParts } from './report.js';

/** Global setup of the chaos suite: a report counts this run only. */
export default function clearReport(): void {
  clearParts();
}

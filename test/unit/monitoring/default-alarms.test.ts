// The default alarms describe the confidence threshold the metrics really count under, not a fixed 0.93.
import { describe, expect, it } from 'vitest';
import { defaultAlarms } from '../../../src/modules/monitoring/index.js';

describe('default alarms', () => {
  it('name the configured confidence threshold in the low-confidence alarm', () => {
    const [lowConfidence, drift] = defaultAlarms('bikes', 0.8);
    expect(lowConfidence).toMatchObject({
      name: 'bikes-low-confidence',
      description: "More than 20% of bikes's predictions under 0.8 confidence over 5 minutes",
      alarmActions: [{ type: 'log' }],
    });
    expect(drift?.name).toBe('bikes-drift');
    expect(defaultAlarms('bikes', 0.93)[0]?.description).toContain('under 0.93 confidence');
  });
});

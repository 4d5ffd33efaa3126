import { TRADITIONAL_ONLY } from '../../lambdas/core/traditional-chars';
import { deriveTraditionalOnly } from '../../lambdas/core/traditional-derivation';
import { hasTraditional, normalise } from '../../lambdas/core/normalise';

describe('the precomputed Traditional-only characters', () => {
  test('are exactly what the installed opencc-js derives (else run scripts/generate-traditional-chars.ts)', () => {
    expect(TRADITIONAL_ONLY).toBe(deriveTraditionalOnly());
  });

  test('each one is rewritten by normalise, and Simplified text is not taken for Traditional', () => {
    for (const ch of TRADITIONAL_ONLY) expect(normalise(ch).text).not.toBe(ch);
    expect(hasTraditional('广州人工智能产业发展出台政策')).toBe(false);
    expect(hasTraditional('廣州')).toBe(true);
  });
});

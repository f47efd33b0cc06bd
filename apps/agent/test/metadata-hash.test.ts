import { describe, expect, it } from 'vitest';
import { canonicalJson, metadataHash } from '../src/heartbeat/metadata-hash';
import { sampleMetadata } from './support/sample-metadata';

describe('metadataHash', () => {
  it('ignores key order but not array order or values', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, 1], c: null } })).toBe('{"a":{"c":null,"d":[2,1]},"b":1}');
    expect(metadataHash({ a: 1, b: 2 })).toBe(metadataHash({ b: 2, a: 1 }));
    expect(metadataHash({ a: [1, 2] })).not.toBe(metadataHash({ a: [2, 1] }));
  });

  it('changes when a value changes and fits the protocol field', () => {
    const hash = metadataHash(sampleMetadata());
    expect(hash).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(hash.length).toBeLessThanOrEqual(128);
    expect(metadataHash(sampleMetadata({ hostname: 'web-02' }))).not.toBe(hash);
    expect(metadataHash(sampleMetadata())).toBe(hash);
  });
});

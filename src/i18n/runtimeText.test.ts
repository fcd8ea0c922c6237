import { describe, expect, it } from 'vitest';
import { english } from '../core/phrase';
import { translate } from './i18n';
import { KO } from './ko';
import { RUNTIME_TEMPLATES, runtimePhrase } from './runtimeText';

describe("the runtime's messages, translated", () => {
  it('has Korean for every template', () => {
    expect(RUNTIME_TEMPLATES.filter((t) => KO[t] === undefined)).toEqual([]);
  });

  it('reads a message back into its template and values, nested ones too, and keeps its English', () => {
    const reason = 'WebAssembly with SIMD and threads (2 threads on 2 cores): WebGL here is a software renderer (SwiftShader), several times slower than WebAssembly';
    const p = runtimePhrase(reason);
    expect(p.template).toBe('{wasm}: {why}');
    expect(english(p)).toBe(reason);
    expect(translate('ko', p)).toBe('SIMD와 스레드를 쓰는 WebAssembly (코어 2개에 스레드 2개): 여기의 WebGL은 소프트웨어 렌더러(SwiftShader)라 WebAssembly보다 몇 배 느립니다');
    const missing = 'Missing 3 weights: fc.weight, fc.bias, conv1.weight';
    expect(translate('ko', runtimePhrase(missing))).toBe('가중치 3개가 없습니다: fc.weight, fc.bias, conv1.weight');
    expect(translate('ko', runtimePhrase('layer1.0.conv1.weight has shape [64, 3, 3, 3]; this model needs [64, 64, 3, 3]'))).toBe(
      'layer1.0.conv1.weight의 모양은 [64, 3, 3, 3]입니다. 이 모델에는 [64, 64, 3, 3]가 필요합니다',
    );
  });

  it('shows a message no template matches as it is', () => {
    expect(runtimePhrase('something new happened')).toEqual({ template: 'something new happened' });
    expect(translate('ko', runtimePhrase('something new happened'))).toBe('something new happened');
  });
});

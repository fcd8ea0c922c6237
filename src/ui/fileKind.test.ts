import { describe, expect, it } from 'vitest';
import { dragKinds, fileKind, planOpen } from './fileKind';

describe('file kind', () => {
  it('reads the MIME type or the name', () => {
    expect(fileKind('image/png', '')).toBe('image');
    expect(fileKind('', 'Cat.JPG')).toBe('image');
    expect(fileKind('', 'resnet18.safetensors')).toBe('weights');
    expect(fileKind('application/json', '')).toBe('spec');
    expect(fileKind('', 'model.json')).toBe('spec');
    expect(fileKind('application/octet-stream', '')).toBeNull();
    expect(fileKind('', 'notes.txt')).toBeNull();
  });

  it('announces what is known, or every kind when a dragged file cannot be told', () => {
    expect(dragKinds([{ type: 'image/jpeg', name: '' }])).toEqual(['image']);
    expect(dragKinds([{ type: 'application/json', name: '' }, { type: 'image/png', name: '' }])).toEqual(['image', 'spec']);
    expect(dragKinds([{ type: '', name: '' }])).toEqual(['image', 'weights', 'spec']);
    expect(dragKinds([])).toEqual(['image', 'weights', 'spec']);
  });

  it('takes a JSON file with .bin files as a TensorFlow.js export, and a lone .weights.bin as half of one', () => {
    const f = (name: string, type = '') => ({ name, type });
    expect(planOpen([f('resnet18.weights.bin', 'application/octet-stream'), f('model.json', 'application/json')])).toEqual({ kind: 'tfjs', json: 1, weights: [0] });
    expect(planOpen([f('model.json'), f('a.bin'), f('b.bin')])).toEqual({ kind: 'tfjs', json: 0, weights: [1, 2] });
    expect(planOpen([f('resnet18.weights.bin')])).toEqual({ kind: 'tfjs-weights-alone', index: 0 });
    expect(planOpen([f('pytorch_model.bin')])).toEqual({ kind: 'weights', index: 0 });
    expect(planOpen([f('model.json')])).toEqual({ kind: 'spec', index: 0 });
    expect(planOpen([f('cat.png'), f('model.json')])).toEqual({ kind: 'image', index: 0 });
    expect(planOpen([f('notes.txt')])).toEqual({ kind: null, index: 0 });
  });
});

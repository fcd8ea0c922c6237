import { describe, expect, it } from 'vitest';
import { dragKinds, fileKind } from './fileKind';

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
});

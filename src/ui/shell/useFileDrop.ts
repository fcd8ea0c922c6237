/**
 * Files dropped or pasted anywhere on the page. While files are dragged over the page it says what a drop
 * would do (`kinds`), guessed from what the browser shows of them; the guess goes away on drop, on leaving
 * the window and on Escape.
 */
import { useEffect, useRef, useState } from 'react';
import { dragKinds, type FileKind } from '../fileKind';

/** What a drag shows of its files: during a real drag only the MIME types; a scripted one has names too. */
function dragged(dt: DataTransfer): { type: string; name: string }[] {
  const files = [...dt.files];
  if (files.length) return files.map((f) => ({ type: f.type, name: f.name }));
  return [...dt.items].filter((i) => i.kind === 'file').map((i) => ({ type: i.type, name: '' }));
}

export function useFileDrop(openFiles: (files: File[]) => void): { kinds: FileKind[] | null; dismiss: () => void } {
  const [kinds, setKinds] = useState<FileKind[] | null>(null);
  // dragenter and dragleave fire for every element crossed: count them to know when the drag left the page.
  const depth = useRef(0);
  useEffect(() => {
    const hasFiles = (e: DragEvent) => !!e.dataTransfer?.types.includes('Files');
    const enter = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      depth.current++;
      setKinds(dragKinds(dragged(e.dataTransfer!)));
    };
    const over = (e: DragEvent) => {
      if (hasFiles(e)) e.preventDefault();
    };
    const leave = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      depth.current = Math.max(0, depth.current - 1);
      if (depth.current === 0) setKinds(null);
    };
    const drop = (e: DragEvent) => {
      depth.current = 0;
      setKinds(null);
      const files = [...(e.dataTransfer?.files ?? [])];
      if (!files.length) return;
      e.preventDefault();
      openFiles(files);
    };
    const reset = () => {
      depth.current = 0;
      setKinds(null);
    };
    const key = (e: KeyboardEvent) => {
      if (e.key === 'Escape') reset();
    };
    const paste = (e: ClipboardEvent) => {
      const file = [...(e.clipboardData?.files ?? [])].find((f) => f.type.startsWith('image/'));
      if (!file) return;
      e.preventDefault();
      openFiles([new File([file], file.name || 'pasted image', { type: file.type })]);
    };
    const listeners = [
      ['dragenter', enter],
      ['dragover', over],
      ['dragleave', leave],
      ['drop', drop],
      ['dragend', reset],
      ['keydown', key],
      ['paste', paste],
    ] as [string, EventListener][];
    for (const [name, f] of listeners) window.addEventListener(name, f);
    return () => {
      for (const [name, f] of listeners) window.removeEventListener(name, f);
    };
  }, [openFiles]);
  return {
    kinds,
    dismiss: () => {
      depth.current = 0;
      setKinds(null);
    },
  };
}

/** Small form parts: a labelled file picker, and a list of announced errors. */
import type { ReactNode } from 'react';

/** A file picker; with `onFiles` it takes several files at once (a TensorFlow.js model.json and its weights). */
export function FileField({ id, label, accept, onFile, onFiles, hint }: { id: string; label: string; accept: string; onFile?: (file: File) => void; onFiles?: (files: File[]) => void; hint?: ReactNode }) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="file"
        accept={accept}
        multiple={!!onFiles}
        onChange={(e) => {
          const files = [...(e.target.files ?? [])];
          if (files.length) {
            if (onFiles) onFiles(files);
            else onFile?.(files[0]);
          }
          e.target.value = '';
        }}
      />
      {hint && <p className="hint">{hint}</p>}
    </div>
  );
}

/** Errors shown where they apply, each announced. */
export function ErrorList({ messages }: { messages: string[] }) {
  return (
    <>
      {messages.map((m) => (
        <p key={m} className="field-error" role="alert">
          {m}
        </p>
      ))}
    </>
  );
}

/** Small form parts: a labelled file picker, and a list of announced errors. */
import type { ReactNode } from 'react';

export function FileField({ id, label, accept, onFile, hint }: { id: string; label: string; accept: string; onFile: (file: File) => void; hint?: ReactNode }) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="file"
        accept={accept}
        onChange={(e) => {
          const f = e.target.files?.[0];
          if (f) onFile(f);
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

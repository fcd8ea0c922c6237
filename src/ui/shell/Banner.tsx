/** A message across the page (a file or link that could not be opened), until dismissed. */
export function Banner({ text, onDismiss }: { text: string; onDismiss: () => void }) {
  return (
    <div className="banner" role="alert">
      {text}
      <button type="button" className="link" onClick={onDismiss}>
        Dismiss
      </button>
    </div>
  );
}

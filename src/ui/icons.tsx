/** Small line icons (inline SVG, so they need no font and follow the text colour). */
const PATHS = {
  menu: 'M3 5h14M3 10h14M3 15h14',
  expandAll: 'M4 7l6-4 6 4M4 13l6 4 6-4M10 3v14',
  collapseAll: 'M4 3l6 4 6-4M4 17l6-4 6 4M3 10h14',
  table: 'M3 4h14v12H3zM3 8h14M3 12h14M8 4v12',
  search: 'M8.5 3.5a5 5 0 1 1 0 10a5 5 0 0 1 0-10zM12.2 12.2L17 17',
  undo: 'M7 4L3 8l4 4M3 8h9a5 5 0 0 1 0 10H9',
  redo: 'M13 4l4 4-4 4M17 8H8a5 5 0 0 0 0 10h3',
  help: 'M10 2.5a7.5 7.5 0 1 1 0 15a7.5 7.5 0 0 1 0-15zM7.8 7.8a2.3 2.3 0 1 1 3.2 2.1c-.7.3-1 .8-1 1.5v.6M10 14.6v.2',
  theme: 'M10 2.5a7.5 7.5 0 1 1 0 15a7.5 7.5 0 0 1 0-15zM10 2.5v15M10 5h4M10 8h6.5M10 11h7M10 14h5',
} as const;

export type IconName = keyof typeof PATHS;

export function Icon({ name }: { name: IconName }) {
  return (
    <svg className="icon-svg" width="16" height="16" viewBox="0 0 20 20" aria-hidden="true" focusable="false">
      <path d={PATHS[name]} fill="none" stroke="currentColor" strokeWidth="1.7" strokeLinecap="round" strokeLinejoin="round" />
    </svg>
  );
}

/**
 * The top-level views (Build, Compare, Train, Lab: the header on wide screens), the panels of the right-hand column
 * (Model, Run) and the phone's bottom tabs, which list them all. A new panel is one line in INSPECTOR_TABS: it
 * gets a tab in the column on wide screens and a bottom tab on phones.
 */
/** The top-level views, in the header on wide screens. */
export const VIEWS = [
  { id: 'build', label: 'Build' },
  { id: 'compare', label: 'Compare' },
  { id: 'train', label: 'Train' },
  { id: 'lab', label: 'Lab' },
] as const;

export type View = (typeof VIEWS)[number]['id'];

export const INSPECTOR_TABS = [
  { id: 'model', label: 'Model' },
  { id: 'run', label: 'Run' },
] as const;

export type InspectorTab = (typeof INSPECTOR_TABS)[number]['id'];

/** What a phone shows at a time: the configurator, the graph, one inspector panel, Compare, Train or Lab. */
export type PhonePane = 'build' | 'graph' | InspectorTab | 'compare' | 'train' | 'lab';

export const PHONE_TABS: { id: PhonePane; label: string }[] = [
  { id: 'build', label: 'Build' },
  { id: 'graph', label: 'Graph' },
  ...INSPECTOR_TABS,
  { id: 'compare', label: 'Compare' },
  { id: 'train', label: 'Train' },
  { id: 'lab', label: 'Lab' },
];


/** The page header: the model in one line, Build / Compare, undo and redo, the tour, language and theme. */
import { Fragment, useEffect, useRef } from 'react';
import { presetLabel } from '../../core';
import { VIEWS, type View } from '../../state/panes';
import { useT, type Lang } from '../../i18n/i18n';
import type { ModelState } from '../../state/modelStore';
import type { ThemeChoice } from '../useTheme';
import { Icon } from '../icons';
import { onTablistKey, rovingTabIndex } from './tablistKeys';
import type { LayoutMode } from './useLayoutMode';

interface Props {
  /** Out of reach while the drawer is open. */
  inert: boolean;
  state: ModelState;
  mode: LayoutMode;
  /** The top-level view: build (graph and panels), compare or train. */
  view: View;
  onView: (view: View) => void;
  onUndo: () => void;
  onRedo: () => void;
  onTour: () => void;
  lang: Lang;
  onLang: (l: Lang) => void;
  theme: ThemeChoice;
  onTheme: () => void;
  /** Medium screens: the configurator's drawer. */
  drawerOpen: boolean;
  onDrawer: (open: boolean) => void;
}

export function Header(p: Props) {
  const t = useT();
  const { analysis } = p.state;
  // When the drawer closes, the keyboard focus goes back to the button that opened it.
  const drawerButton = useRef<HTMLButtonElement>(null);
  const wasOpen = useRef(p.drawerOpen);
  useEffect(() => {
    if (wasOpen.current && !p.drawerOpen) drawerButton.current?.focus();
    wasOpen.current = p.drawerOpen;
  }, [p.drawerOpen]);
  return (
    <header className="app-header" inert={p.inert}>
      {p.mode === 'medium' && p.view === 'build' && (
        <button
          ref={drawerButton}
          type="button"
          className="drawer-button"
          aria-expanded={p.drawerOpen}
          aria-controls="configurator"
          onClick={() => p.onDrawer(!p.drawerOpen)}
        >
          <Icon name="menu" /> {t('Configure')}
        </button>
      )}
      <h1>
        <span className="logo" aria-hidden="true" />
        ResNet Explorer
      </h1>
      {/* The model in one line (two on a phone, broken only between its parts): an edit changes it visibly. */}
      <p className="tagline" data-testid="model-summary">
        {t('{name} · {depth} layers · {params} M params · {macs} GMACs', {
          name: p.state.preset ? presetLabel(p.state.preset) : t('Custom ResNet'),
          depth: analysis.depth,
          params: (analysis.params / 1e6).toFixed(1),
          macs: (analysis.macs / 1e9).toFixed(2),
        })
          .split(' · ')
          .map((part, i) => (
            <Fragment key={i}>
              {i > 0 && ' · '}
              <span className="part">{part}</span>
            </Fragment>
          ))}
      </p>
      {p.mode !== 'phone' && (
        <nav className="views" role="tablist" aria-label={t('Views')} onKeyDown={onTablistKey}>
          {VIEWS.map((v) => (
            <button key={v.id} type="button" role="tab" aria-selected={p.view === v.id} tabIndex={rovingTabIndex(p.view === v.id)} onClick={() => p.onView(v.id)}>
              {t(v.label)}
            </button>
          ))}
        </nav>
      )}
      <span className="spacer" />
      <div className="header-actions">
        {/* Undo and redo as icons everywhere (named for screen readers and in their tooltips): room for the summary. */}
        <button type="button" className="icon-only" onClick={p.onUndo} disabled={!p.state.canUndo} title={t('Undo (Ctrl+Z)')}>
          <Icon name="undo" /> <span className="button-text">{t('Undo')}</span>
        </button>
        <button type="button" className="icon-only" onClick={p.onRedo} disabled={!p.state.canRedo} title={t('Redo (Ctrl+Shift+Z)')}>
          <Icon name="redo" /> <span className="button-text">{t('Redo')}</span>
        </button>
        <button type="button" onClick={p.onTour} title={t('Guided tour')}>
          <Icon name="help" /> <span className="button-text">{t('Guided tour')}</span>
        </button>
        {/* The picker keeps the word "Language" in every language, so it can be found by someone who cannot read the current one. */}
        <select aria-label={p.lang === 'en' ? 'Language' : `${t('Language')} (Language)`} value={p.lang} onChange={(e) => p.onLang(e.target.value as Lang)}>
          <option value="en">English</option>
          <option value="ko">한국어</option>
        </select>
        {/* An icon too (its state in its name and tooltip): with the Lab's tab, room for the summary of a long name. */}
        <button type="button" className="icon-only" onClick={p.onTheme} aria-label={t(`Theme: ${p.theme}`)} title={t(`Theme: ${p.theme}`)}>
          <Icon name="theme" /> <span className="button-text">{t(`Theme: ${p.theme}`)}</span>
        </button>
      </div>
    </header>
  );
}

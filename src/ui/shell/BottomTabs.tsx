/** Phones: one panel at a time, chosen from a tab bar at the bottom of the screen (within thumb's reach). */
import { useT } from '../../i18n/i18n';
import { PHONE_TABS, type PhonePane } from '../../state/panes';
import { onTablistKey, rovingTabIndex } from './tablistKeys';

export function BottomTabs({ active, onPick }: { active: PhonePane; onPick: (p: PhonePane) => void }) {
  const t = useT();
  // The navigation landmark holds the tab list (a role on <nav> itself would take its landmark away).
  return (
    <nav aria-label={t('Views')}>
      <div className="bottom-tabs" role="tablist" aria-label={t('Views')} onKeyDown={onTablistKey}>
        {PHONE_TABS.map((tab) => (
          <button
            key={tab.id}
            type="button"
            role="tab"
            aria-selected={active === tab.id}
            tabIndex={rovingTabIndex(active === tab.id)}
            data-pane={tab.id}
            onClick={() => onPick(tab.id)}
          >
            {t(tab.label)}
          </button>
        ))}
      </div>
    </nav>
  );
}

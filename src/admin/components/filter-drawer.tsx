import React, { useEffect, useRef } from 'react';
import { useFilterDrawer } from 'adminjs';

/**
 * AdminJS's filter drawer (wrapped, not rewritten), made accessible:
 * - closed, it is slid off the screen but stays in the page: `inert` takes it out of the tab
 *   order and of what a screen reader reads, as it is for the eye;
 * - its fields carry their label (AdminJS renders a <label> without `for` and inputs without a
 *   name a screen reader can say), and its icon-only close button says what it does.
 */
const FilterDrawer: React.FC<any> = ({ OriginalComponent, ...props }) => {
  const { isVisible } = useFilterDrawer();
  const ref = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const root = ref.current;
    if (!root) return undefined;
    const name = () => {
      for (const group of root.querySelectorAll('section, [class*="FormGroup"]')) {
        const label = group.querySelector('label');
        const text = label?.textContent?.trim();
        if (!text) continue;
        for (const input of group.querySelectorAll('input:not([type="hidden"])')) {
          if (!input.getAttribute('aria-label')) input.setAttribute('aria-label', text);
        }
      }
      for (const button of root.querySelectorAll('button')) {
        if (!button.textContent?.trim() && !button.getAttribute('aria-label')) button.setAttribute('aria-label', 'Tutup saringan');
      }
    };
    name();
    const observer = new MutationObserver(name);
    observer.observe(root, { childList: true, subtree: true });
    return () => observer.disconnect();
  }, []);

  useEffect(() => {
    const root = ref.current;
    if (!root) return;
    if (isVisible) root.removeAttribute('inert');
    else root.setAttribute('inert', '');
  }, [isVisible]);

  return (
    <div ref={ref} data-testid="filter-drawer">
      <OriginalComponent {...props} />
    </div>
  );
};

export default FilterDrawer;

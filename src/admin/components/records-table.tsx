import React, { useEffect, useRef } from 'react';

/**
 * AdminJS's list table (wrapped, not rewritten), its selection check boxes named for screen
 * readers (axe-core: a form field needs a label): "Pilih semua baris di halaman ini" in the
 * header, "Pilih baris #<id>" on each row.
 */
const RecordsTable: React.FC<any> = ({ OriginalComponent, ...props }) => {
  const ref = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const root = ref.current;
    if (!root) return undefined;
    const name = () => {
      for (const box of root.querySelectorAll<HTMLInputElement>('input[type="checkbox"]:not([aria-label])')) {
        const row = box.closest('tr');
        const id = row?.getAttribute('data-id');
        box.setAttribute('aria-label', id ? `Pilih baris #${id}` : 'Pilih semua baris di halaman ini');
      }
    };
    name();
    const observer = new MutationObserver(name);
    observer.observe(root, { childList: true, subtree: true });
    return () => observer.disconnect();
  }, []);

  return (
    <div ref={ref}>
      <OriginalComponent {...props} />
    </div>
  );
};

export default RecordsTable;

import { useEffect, useRef } from 'react';

/**
 * Opens a native `<dialog>` as a modal for as long as the component is there (`showModal()`
 * gives the focus trap, the inert page behind and Escape), and gives the focus back where it
 * was when it goes, as a keyboard user expects. `fullscreen`: the hall's projector views
 * take the whole screen where the shell allows it (the dialog already covers the window
 * otherwise). `close` calls the latest `onClose`, so an inline handler never reopens it.
 */
export function useModal(onClose: () => void, { fullscreen = false }: { fullscreen?: boolean } = {}) {
  const ref = useRef<HTMLDialogElement>(null);
  const latestClose = useRef(onClose);
  latestClose.current = onClose;
  const full = useRef(fullscreen);

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (!dialog.open) dialog.showModal();
    if (full.current) dialog.requestFullscreen?.().catch(() => undefined);
    return () => {
      if (full.current && document.fullscreenElement) void document.exitFullscreen().catch(() => undefined);
      if (dialog.open) dialog.close();
      opener?.focus();
    };
  }, []);

  return { ref, close: () => latestClose.current() };
}

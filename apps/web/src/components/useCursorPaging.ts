import { useCallback, useState } from 'react';

interface PagingState {
  key: string;
  stack: (string | undefined)[];
}

/**
 * Keeps a stack of cursors so cursor-paginated lists can go back as well as forward.
 * The stack starts over whenever `resetKey` changes (e.g. the filters or the page size).
 */
export function useCursorPaging(resetKey: string) {
  const [state, setState] = useState<PagingState>({ key: resetKey, stack: [undefined] });
  const stack = state.key === resetKey ? state.stack : [undefined];

  const next = useCallback(
    (nextCursor: string | null | undefined) => {
      if (!nextCursor) return;
      setState((s) => ({ key: resetKey, stack: [...(s.key === resetKey ? s.stack : [undefined]), nextCursor] }));
    },
    [resetKey],
  );

  const previous = useCallback(() => {
    setState((s) => {
      const current = s.key === resetKey ? s.stack : [undefined];
      return { key: resetKey, stack: current.length > 1 ? current.slice(0, -1) : current };
    });
  }, [resetKey]);

  return {
    cursor: stack[stack.length - 1],
    page: stack.length,
    hasPrevious: stack.length > 1,
    next,
    previous,
  };
}

import { useState } from "react";

type PagerState<TCursor> = {
  /** Cursors of the pages before the current one; null stands for the first page. */
  previous: Array<TCursor | null>;
  cursor: TCursor | null;
  pageSize: number;
  resetKey: string | undefined;
};

export type KeysetPager<TCursor> = {
  /** Cursor to send with the current query; null for the first page. */
  cursor: TCursor | null;
  pageSize: number;
  /** 0-based page number, for summaries like "Showing 51–100". */
  pageIndex: number;
  hasPreviousPage: boolean;
  /** Pass the query's next cursor; a missing cursor (last page) is ignored. */
  goNext: (nextCursor: TCursor | null | undefined) => void;
  goPrevious: () => void;
  setPageSize: (size: number) => void;
  reset: () => void;
};

export type UseKeysetPagerOptions = {
  pageSize?: number;
  /**
   * Back to the first page whenever this changes. Pass the serialized filters and sort:
   * a cursor from one ordering means nothing in another.
   */
  resetKey?: string;
};

export function useKeysetPager<TCursor = string>({
  pageSize = 50,
  resetKey,
}: UseKeysetPagerOptions = {}): KeysetPager<TCursor> {
  const [state, setState] = useState<PagerState<TCursor>>({
    previous: [],
    cursor: null,
    pageSize,
    resetKey,
  });

  // Adjusting state during render (not in an effect) means no request is ever made
  // with a stale cursor for the new filters.
  let current = state;
  if (state.resetKey !== resetKey) {
    current = { ...state, previous: [], cursor: null, resetKey };
    setState(current);
  }

  return {
    cursor: current.cursor,
    pageSize: current.pageSize,
    pageIndex: current.previous.length,
    hasPreviousPage: current.previous.length > 0,
    goNext: (nextCursor) => {
      if (nextCursor === null || nextCursor === undefined) return;
      setState((s) =>
        // A double click before the next page arrives would otherwise skip a page.
        nextCursor === s.cursor ? s : { ...s, previous: [...s.previous, s.cursor], cursor: nextCursor },
      );
    },
    goPrevious: () => {
      setState((s) => {
        if (s.previous.length === 0) return s;
        return { ...s, previous: s.previous.slice(0, -1), cursor: s.previous.at(-1) ?? null };
      });
    },
    // Page boundaries shift with the size, so the remembered cursors no longer line up.
    setPageSize: (size) => setState((s) => ({ ...s, pageSize: size, previous: [], cursor: null })),
    reset: () => setState((s) => ({ ...s, previous: [], cursor: null })),
  };
}

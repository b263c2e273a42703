"use client";
import { usePathname, useSearchParams } from "next/navigation";
import { useState } from "react";

type ParamReader = { get(name: string): string | null };

/**
 * A list page's view (filters, sort) kept in the URL, so a filtered view can be shared and survives a reload.
 * The view changes at once, so inputs never snap back while the URL catches up; the URL follows through the
 * History API, which Next syncs into useSearchParams (router.replace would re-render the server page on every
 * keystroke, and nothing on the server reads the query). Replace, not push: refining a filter is not a step
 * the back button should walk through. Back/forward and pasted links change the URL for other reasons, and the
 * view follows them.
 */
export function useUrlView<V>(options: {
  read: (params: ParamReader) => V;
  toQuery: (view: V, current: { toString(): string }) => string;
}): { view: V; navigate: (next: V) => void; here: string } {
  const pathname = usePathname();
  const searchParams = useSearchParams();
  const fromUrl = options.read(searchParams);
  const urlKey = JSON.stringify(fromUrl);
  const [view, setView] = useState(fromUrl);
  const [seenUrlKey, setSeenUrlKey] = useState(urlKey);
  if (urlKey !== seenUrlKey) {
    setSeenUrlKey(urlKey);
    setView(fromUrl);
  }
  const navigate = (next: V) => {
    setView(next);
    const query = options.toQuery(next, searchParams);
    window.history.replaceState(null, "", query ? `${pathname}?${query}` : pathname);
  };
  const here = searchParams.size > 0 ? `${pathname}?${searchParams}` : pathname;
  return { view, navigate, here };
}

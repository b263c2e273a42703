import { ChevronLeft, ChevronRight } from "lucide-react";
import { type ReactNode, useId } from "react";
import { Button } from "@/components/ui/button";

export const defaultPageSizeOptions: ReadonlyArray<number> = [25, 50, 100];

export type DataTablePagerProps = {
  hasNextPage: boolean;
  hasPreviousPage: boolean;
  onNextPage: () => void;
  onPreviousPage: () => void;
  pageSize?: number;
  pageSizeOptions?: ReadonlyArray<number>;
  onPageSizeChange?: (pageSize: number) => void;
  summary?: ReactNode;
  isLoading?: boolean;
};

// The buttons use aria-disabled rather than disabled: a disabled button drops keyboard
// focus to <body>, which strands someone paging with Enter on the last page.
export function DataTablePager({
  hasNextPage,
  hasPreviousPage,
  onNextPage,
  onPreviousPage,
  pageSize,
  pageSizeOptions = defaultPageSizeOptions,
  onPageSizeChange,
  summary,
  isLoading = false,
}: DataTablePagerProps) {
  const pageSizeId = useId();
  const canPrevious = hasPreviousPage && !isLoading;
  const canNext = hasNextPage && !isLoading;

  return (
    <div className="flex flex-wrap items-center justify-between gap-3 border-t border-border px-4 py-3 text-sm text-fg-muted">
      <p aria-live="polite" className="min-h-5">
        {summary}
      </p>
      <div className="flex flex-wrap items-center gap-4">
        {pageSize !== undefined && onPageSizeChange ? (
          <div className="flex items-center gap-2">
            <label htmlFor={pageSizeId}>Rows per page</label>
            <select
              id={pageSizeId}
              value={pageSize}
              onChange={(event) => onPageSizeChange(Number(event.target.value))}
              className="h-8 rounded-md border border-border-strong bg-surface px-2 text-sm text-fg"
            >
              {pageSizeOptions.map((option) => (
                <option key={option} value={option}>
                  {option}
                </option>
              ))}
            </select>
          </div>
        ) : null}
        <div className="flex items-center gap-2">
          <Button
            variant="secondary"
            size="sm"
            aria-label="Previous page"
            aria-disabled={!canPrevious}
            onClick={() => {
              if (canPrevious) onPreviousPage();
            }}
          >
            <ChevronLeft aria-hidden="true" />
            Previous
          </Button>
          <Button
            variant="secondary"
            size="sm"
            aria-label="Next page"
            aria-disabled={!canNext}
            onClick={() => {
              if (canNext) onNextPage();
            }}
          >
            Next
            <ChevronRight aria-hidden="true" />
          </Button>
        </div>
      </div>
    </div>
  );
}

"use client";

import {
  FlexRender,
  functionalUpdate,
  type Header,
  type OnChangeFn,
  type Row,
  type RowData,
  type SortingState,
  useTable,
} from "@tanstack/react-table";
import { ArrowDown, ArrowUp, ChevronsUpDown, LoaderCircle } from "lucide-react";
import { type KeyboardEvent, type MouseEvent, type ReactNode, useMemo, useState } from "react";
import {
  type DataTableColumn,
  type DataTableFeatures,
  dataTableFeatures,
} from "@/components/data-table/columns";
import { DataTablePager } from "@/components/data-table/pager";
import { cn } from "@/components/ui/cn";

export type DataTableSort = { id: string; desc: boolean };

export type DataTableProps<T extends RowData> = {
  /** Names the table for assistive tech and for getByRole("table", { name }). */
  caption: string;
  captionVisible?: boolean;
  /** Keep this array stable (module scope or useMemo): a new array rebuilds every column. */
  columns: ReadonlyArray<DataTableColumn<T>>;
  /** One page, already filtered, sorted and cut by the server. */
  rows: ReadonlyArray<T>;
  getRowId: (row: T) => string;

  /** Only columns with `enableSorting: true` in their definition can be sorted. */
  sort?: DataTableSort | null;
  onSortChange?: (sort: DataTableSort | null) => void;
  /** When false, clicking a sorted column flips direction forever instead of returning to unsorted. */
  sortRemovable?: boolean;

  hasNextPage: boolean;
  hasPreviousPage: boolean;
  onNextPage: () => void;
  onPreviousPage: () => void;
  pageSize?: number;
  pageSizeOptions?: ReadonlyArray<number>;
  onPageSizeChange?: (pageSize: number) => void;
  /** e.g. "Showing events 1–50"; announced politely when it changes. */
  summary?: ReactNode;

  /** The page's own filter inputs, shown in a toolbar above the table. */
  filters?: ReactNode;
  isLoading?: boolean;
  emptyMessage?: ReactNode;

  /** Makes rows clickable and keyboard-operable (Enter/Space, arrow keys between rows). */
  onRowActivate?: (row: T) => void;
  activeRowId?: string | null;
  className?: string;
};

const noSorting: SortingState = [];
// Sorting is opt-in per column: most columns have no index to sort by on the server.
const defaultColumn = { enableSorting: false } as const;

// Clicks on links, buttons and inputs inside a cell belong to them, not to the row.
const interactiveSelector = "a, button, input, select, textarea, label, [role='button']";

export function DataTable<T extends RowData>({
  caption,
  captionVisible = false,
  columns,
  rows,
  getRowId,
  sort = null,
  onSortChange,
  sortRemovable = true,
  hasNextPage,
  hasPreviousPage,
  onNextPage,
  onPreviousPage,
  pageSize,
  pageSizeOptions,
  onPageSizeChange,
  summary,
  filters,
  isLoading = false,
  emptyMessage = "No results.",
  onRowActivate,
  activeRowId = null,
  className,
}: DataTableProps<T>) {
  const sortId = sort?.id;
  const sortDesc = sort?.desc;
  const sorting = useMemo<SortingState>(
    () => (sortId === undefined ? noSorting : [{ id: sortId, desc: sortDesc === true }]),
    [sortId, sortDesc],
  );

  const onSortingChange: OnChangeFn<SortingState> = (updater) => {
    const next = functionalUpdate(updater, sorting)[0];
    onSortChange?.(next ? { id: next.id, desc: next.desc } : null);
  };

  const table = useTable({
    features: dataTableFeatures,
    columns,
    data: rows,
    getRowId,
    state: { sorting },
    onSortingChange,
    manualSorting: true,
    enableSorting: onSortChange !== undefined,
    enableMultiSort: false,
    enableSortingRemoval: sortRemovable,
    defaultColumn,
  });

  const tableRows = table.getRowModel().rows;
  const columnCount = Math.max(table.getAllLeafColumns().length, 1);

  // One row is in the tab order at a time (roving tabindex); arrow keys move between rows.
  const [focusedRowId, setFocusedRowId] = useState<string | null>(null);
  const tabStopRowId =
    [focusedRowId, activeRowId].find((id) => id !== null && tableRows.some((r) => r.id === id)) ??
    tableRows[0]?.id;

  const interactive = onRowActivate !== undefined;

  return (
    <div className={cn("rounded-lg border border-border bg-surface shadow-sm", className)}>
      {filters ? (
        <div className="flex flex-wrap items-end gap-3 border-b border-border px-4 py-3">{filters}</div>
      ) : null}
      <div className="overflow-x-auto">
        <table aria-busy={isLoading} className="w-full border-collapse text-left text-sm">
          <caption
            className={
              captionVisible ? "px-4 pt-3 text-left text-sm font-semibold text-fg caption-top" : "sr-only"
            }
          >
            {caption}
          </caption>
          <thead className="bg-surface-muted">
            {table.getHeaderGroups().map((group) => (
              <tr key={group.id} className="border-b border-border">
                {group.headers.map((header) => (
                  <HeaderCell key={header.id} header={header} />
                ))}
              </tr>
            ))}
          </thead>
          <tbody className={cn(isLoading && tableRows.length > 0 && "opacity-60")}>
            {tableRows.length === 0 ? (
              <tr>
                <td colSpan={columnCount} className="px-4 py-10 text-center text-fg-muted">
                  {isLoading ? (
                    <span className="inline-flex items-center gap-2">
                      <LoaderCircle className="size-4 motion-safe:animate-spin" aria-hidden="true" />
                      Loading…
                    </span>
                  ) : (
                    emptyMessage
                  )}
                </td>
              </tr>
            ) : (
              tableRows.map((row) => {
                const active = row.id === activeRowId;
                return (
                  <tr
                    key={row.id}
                    data-row-id={row.id}
                    aria-current={active ? "true" : undefined}
                    tabIndex={interactive ? (row.id === tabStopRowId ? 0 : -1) : undefined}
                    onFocus={interactive ? () => setFocusedRowId(row.id) : undefined}
                    onKeyDown={interactive ? (event) => onRowKeyDown(event, row, onRowActivate) : undefined}
                    onClick={interactive ? (event) => onRowClick(event, row, onRowActivate) : undefined}
                    className={cn(
                      "border-b border-border last:border-b-0",
                      interactive && "cursor-pointer hover:bg-surface-hover focus-visible:-outline-offset-2",
                      // The bar goes on the first cell: box-shadow on <tr> is unreliable across browsers.
                      active &&
                        "bg-accent-soft hover:bg-accent-soft [&>:first-child]:shadow-[inset_3px_0_0_var(--color-accent)]",
                    )}
                  >
                    {row.getAllCells().map((cell) => {
                      const meta = cell.column.columnDef.meta;
                      const cellClass = cn(
                        "px-4 py-2.5 align-middle text-fg",
                        meta?.align === "end" && "text-right tabular-nums",
                        meta?.className,
                      );
                      return meta?.rowHeader ? (
                        <th key={cell.id} scope="row" className={cn(cellClass, "font-medium")}>
                          <table.FlexRender cell={cell} />
                        </th>
                      ) : (
                        <td key={cell.id} className={cellClass}>
                          <table.FlexRender cell={cell} />
                        </td>
                      );
                    })}
                  </tr>
                );
              })
            )}
          </tbody>
        </table>
      </div>
      <DataTablePager
        hasNextPage={hasNextPage}
        hasPreviousPage={hasPreviousPage}
        onNextPage={onNextPage}
        onPreviousPage={onPreviousPage}
        pageSize={pageSize}
        pageSizeOptions={pageSizeOptions}
        onPageSizeChange={onPageSizeChange}
        summary={summary}
        isLoading={isLoading}
      />
    </div>
  );
}

function HeaderCell<T extends RowData>({ header }: { header: Header<DataTableFeatures, T, unknown> }) {
  const meta = header.column.columnDef.meta;
  const className = cn(
    "px-4 py-2.5 text-xs font-semibold tracking-wide text-fg-muted uppercase whitespace-nowrap",
    meta?.align === "end" && "text-right",
    meta?.className,
  );

  if (header.isPlaceholder) return <th colSpan={header.colSpan} className={className} />;

  const content = <FlexRender header={header} />;
  const scope = header.subHeaders.length > 0 ? "colgroup" : "col";

  if (!header.column.getCanSort()) {
    return (
      <th scope={scope} colSpan={header.colSpan} className={className}>
        {content}
      </th>
    );
  }

  const direction = header.column.getIsSorted();
  const SortIcon = direction === "asc" ? ArrowUp : direction === "desc" ? ArrowDown : ChevronsUpDown;

  return (
    <th
      scope={scope}
      colSpan={header.colSpan}
      className={className}
      aria-sort={direction === "asc" ? "ascending" : direction === "desc" ? "descending" : "none"}
    >
      <button
        type="button"
        onClick={header.column.getToggleSortingHandler()}
        className={cn(
          "-mx-1 inline-flex items-center gap-1 rounded px-1 uppercase hover:text-fg",
          meta?.align === "end" && "flex-row-reverse",
          direction && "text-fg",
        )}
      >
        {content}
        <SortIcon className={cn("size-3.5 shrink-0", !direction && "text-fg-subtle")} aria-hidden="true" />
      </button>
    </th>
  );
}

function onRowKeyDown<T extends RowData>(
  event: KeyboardEvent<HTMLTableRowElement>,
  row: Row<DataTableFeatures, T>,
  activate: (row: T) => void,
) {
  // Keys pressed inside a cell's own link or button are theirs.
  if (event.target !== event.currentTarget) return;
  const rowElement = event.currentTarget;
  const move = (target: Element | null | undefined) => {
    if (target instanceof HTMLTableRowElement && target.dataset.rowId !== undefined) {
      event.preventDefault();
      target.focus();
    }
  };

  switch (event.key) {
    case "Enter":
    case " ":
      event.preventDefault();
      activate(row.original);
      break;
    case "ArrowDown":
      move(rowElement.nextElementSibling);
      break;
    case "ArrowUp":
      move(rowElement.previousElementSibling);
      break;
    case "Home":
      move(rowElement.parentElement?.firstElementChild);
      break;
    case "End":
      move(rowElement.parentElement?.lastElementChild);
      break;
  }
}

function onRowClick<T extends RowData>(
  event: MouseEvent<HTMLTableRowElement>,
  row: Row<DataTableFeatures, T>,
  activate: (row: T) => void,
) {
  const target = event.target instanceof Element ? event.target : null;
  const interactiveAncestor = target?.closest(interactiveSelector);
  if (interactiveAncestor && event.currentTarget.contains(interactiveAncestor)) return;
  // Dragging across a digest to copy it should not open the row.
  if (window.getSelection()?.toString()) return;
  activate(row.original);
}

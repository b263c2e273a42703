import {
  type ColumnHelper,
  createColumnHelper,
  metaHelper,
  type RowData,
  rowSortingFeature,
  tableFeatures,
} from "@tanstack/react-table";

export type DataTableColumnMeta = {
  align?: "start" | "end";
  /** Added to this column's header and body cells. */
  className?: string;
  /** Render the body cell as <th scope="row"> so screen readers announce it with each cell. */
  rowHeader?: boolean;
};

// Sorting is the only feature registered: every list is sorted and paged by the server,
// so no client row model (sorted, filtered, paginated) is ever installed.
export const dataTableFeatures = tableFeatures({
  rowSortingFeature,
  columnMeta: metaHelper<DataTableColumnMeta>(),
});

export type DataTableFeatures = typeof dataTableFeatures;

// The helper types a mixed list of columns with an `any` value type; take the element
// type from its signature so string and number columns fit one array without us writing it.
export type DataTableColumn<T extends RowData> = Parameters<
  ColumnHelper<DataTableFeatures, T>["columns"]
>[0][number];

export function createDataTableColumnHelper<T extends RowData>(): ColumnHelper<DataTableFeatures, T> {
  return createColumnHelper<DataTableFeatures, T>();
}

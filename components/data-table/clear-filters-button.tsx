"use client";
import { FilterX } from "lucide-react";
import { Button } from "@/components/ui/button";

/** Stays focusable when there is nothing to clear (aria-disabled), so keyboard focus is not thrown away. */
export function ClearFiltersButton({ active, onClear }: { active: boolean; onClear: () => void }) {
  return (
    // pt matches the label row, so the button lines up with the inputs rather than the labels.
    <div className="sm:pt-6.5">
      <Button
        variant="ghost"
        aria-disabled={!active}
        onClick={() => {
          if (active) onClear();
        }}
      >
        <FilterX aria-hidden="true" />
        Clear filters
      </Button>
    </div>
  );
}

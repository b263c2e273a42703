// Coverage after every change, as a small SVG line (no chart library: one polyline and three grid lines).
import { formatDateTime } from "@/components/format/date-time";
import { coverageText } from "../compliance-format";

type Point = { takenAt: Date; coverage: number | null; revision: number };

const WIDTH = 640;
const HEIGHT = 160;
const PAD = { left: 40, right: 12, top: 10, bottom: 24 };

export function CoverageTrend({ snapshots }: { snapshots: Point[] }) {
  const points = snapshots.filter((point) => point.coverage !== null) as (Point & { coverage: number })[];
  if (points.length === 0) return <p className="text-sm text-fg-muted">No coverage recorded yet.</p>;
  const first = points[0] as Point & { coverage: number };
  const last = points.at(-1) as Point & { coverage: number };
  const t0 = first.takenAt.getTime();
  const span = Math.max(last.takenAt.getTime() - t0, 1);
  const x = (point: Point) =>
    points.length === 1
      ? PAD.left + (WIDTH - PAD.left - PAD.right) / 2
      : PAD.left + ((point.takenAt.getTime() - t0) / span) * (WIDTH - PAD.left - PAD.right);
  const y = (value: number) => PAD.top + (1 - value / 100) * (HEIGHT - PAD.top - PAD.bottom);
  const description = `Coverage over time: ${coverageText(first.coverage)} at revision ${first.revision}, ${coverageText(last.coverage)} at revision ${last.revision}, ${points.length} snapshot${points.length === 1 ? "" : "s"}.`;
  return (
    <figure className="flex flex-col gap-2">
      <svg
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        role="img"
        aria-label={description}
        className="h-40 w-full max-w-3xl text-accent"
        preserveAspectRatio="none"
      >
        {[0, 50, 100].map((tick) => (
          <g key={tick}>
            <line
              x1={PAD.left}
              x2={WIDTH - PAD.right}
              y1={y(tick)}
              y2={y(tick)}
              className="stroke-slate-200"
              strokeWidth={1}
            />
            <text x={PAD.left - 6} y={y(tick) + 4} textAnchor="end" className="fill-slate-500 text-[10px]">
              {tick}%
            </text>
          </g>
        ))}
        <polyline
          fill="none"
          stroke="currentColor"
          strokeWidth={2}
          points={points.map((point) => `${x(point)},${y(point.coverage)}`).join(" ")}
        />
        {points.map((point) => (
          <circle
            key={`${point.revision}-${point.takenAt.getTime()}`}
            cx={x(point)}
            cy={y(point.coverage)}
            r={3}
            fill="currentColor"
          >
            <title>{`${formatDateTime(point.takenAt)} · revision ${point.revision} · ${coverageText(point.coverage)}`}</title>
          </circle>
        ))}
        <text x={PAD.left} y={HEIGHT - 6} className="fill-slate-500 text-[10px]">
          {formatDateTime(first.takenAt)}
        </text>
        <text x={WIDTH - PAD.right} y={HEIGHT - 6} textAnchor="end" className="fill-slate-500 text-[10px]">
          {formatDateTime(last.takenAt)}
        </text>
      </svg>
      <figcaption className="text-xs text-fg-muted">{description}</figcaption>
    </figure>
  );
}

import type { Distribution } from '~/models/report.server';
import { wrapLabel } from './impact-chart';
import { useT } from '~/utils/i18n';

export interface DistributionRow {
  key: string;
  title: string;
  n: number;
  distribution: Distribution;
}

const WIDTH = 640;
const LABEL = 200;
const CENTER = LABEL + (WIDTH - LABEL - 70) / 2;
const HALF = (WIDTH - LABEL - 70) / 2;
const ROW = 46;
const LINE = 16;
const SEGMENTS: Array<{ score: keyof Distribution; className: string }> = [
  { score: '-2', className: 'dist--m2' },
  { score: '-1', className: 'dist--m1' },
  { score: '0', className: 'dist--zero' },
  { score: '1', className: 'dist--p1' },
  { score: '2', className: 'dist--p2' },
];

/**
 * Diverging stacked bars of the numeric answers per principle, drawn on the server: the
 * weakening shares left of zero, the strengthening ones right, "no significant effect" split
 * across zero; the denominator n on the right of each bar, the scale and a legend below.
 */
export function DistributionChart({ rows, id, title }: { rows: DistributionRow[]; id: string; title: string }) {
  const t = useT();
  const layout = rows.map((row) => ({ row, lines: wrapLabel(row.title, 26) }));
  const offsets: number[] = [];
  let y = 10;
  for (const { lines } of layout) {
    offsets.push(y);
    y += ROW + (lines.length - 1) * LINE;
  }
  const axisY = y;
  const height = axisY + 70;
  const pct = (value: number) => `${Math.round(value * 100)} %`;
  return (
    <svg
      className="chart chart--wide"
      viewBox={`0 0 ${WIDTH} ${height}`}
      role="img"
      aria-labelledby={`${id}-title ${id}-desc`}
      xmlns="http://www.w3.org/2000/svg"
    >
      <title id={`${id}-title`}>{title}</title>
      <desc id={`${id}-desc`}>
        {rows.map((r) => `${r.title}: n = ${r.n}; ${SEGMENTS.map((s) => `${s.score}: ${r.distribution[s.score]}`).join(', ')}.`).join(' ')}
      </desc>
      {[-1, -0.5, 0, 0.5, 1].map((tick) => (
        <line key={tick} x1={CENTER + tick * HALF} x2={CENTER + tick * HALF} y1={6} y2={axisY} className={tick === 0 ? 'chart__zero' : 'chart__grid'} />
      ))}
      {layout.map(({ row, lines }, index) => {
        const top = offsets[index]!;
        const barY = top + (lines.length - 1) * LINE + 6;
        const n = row.n;
        const share = (s: keyof Distribution) => (n > 0 ? row.distribution[s] / n : 0);
        const left = share('-2') + share('-1') + share('0') / 2;
        let x = CENTER - left * HALF;
        return (
          <g key={row.key}>
            <text x={4} y={top + 18} className="chart__label chart__label--small">
              {lines.map((line, i) => (
                <tspan key={line} x={4} dy={i === 0 ? 0 : LINE}>
                  {line}
                </tspan>
              ))}
            </text>
            {n === 0 ? (
              <text x={CENTER} y={barY + 17} textAnchor="middle" className="chart__value">
                –
              </text>
            ) : (
              SEGMENTS.map((s) => {
                const w = share(s.score) * HALF;
                const rect = (
                  <g key={s.score}>
                    <rect x={x} y={barY} width={w} height={24} className={`dist ${s.className}`} />
                    {w >= 34 ? (
                      <text x={x + w / 2} y={barY + 17} textAnchor="middle" className={`chart__value dist-label ${s.className}-label`}>
                        {pct(share(s.score))}
                      </text>
                    ) : null}
                  </g>
                );
                x += w;
                return rect;
              })
            )}
            <text x={WIDTH - 4} y={barY + 17} textAnchor="end" className="chart__value">
              n = {n}
            </text>
          </g>
        );
      })}
      {[-1, -0.5, 0, 0.5, 1].map((tick) => (
        <text key={tick} x={CENTER + tick * HALF} y={axisY + 16} textAnchor="middle" className="chart__tick">
          {Math.abs(tick * 100)} %
        </text>
      ))}
      {SEGMENTS.map((s, i) => (
        <g key={s.score}>
          <rect x={LABEL + i * 88} y={axisY + 30} width={14} height={14} className={`dist ${s.className}`} />
          <text x={LABEL + i * 88 + 18} y={axisY + 42} className="chart__tick">
            {s.score === '0' ? '0' : Number(s.score) > 0 ? `+${s.score}` : `−${s.score.slice(1)}`}
          </text>
        </g>
      ))}
      <text x={4} y={axisY + 42} className="chart__tick">
        {t('report.legend')}
      </text>
      <text x={CENTER - HALF} y={axisY + 64} className="chart__tick">
        ← {t('summary.negative')}
      </text>
      <text x={CENTER + HALF} y={axisY + 64} textAnchor="end" className="chart__tick">
        {t('summary.positive')} →
      </text>
    </svg>
  );
}

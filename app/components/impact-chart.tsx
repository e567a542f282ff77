import type { AnswerValue } from '~/domain/scale';
import { answerSign, scoreOf, signedScore } from '~/domain/scale';
import { useT } from '~/utils/i18n';

export interface ChartRow {
  key: string;
  title: string;
  answer: AnswerValue | null;
}

// Geometry in the SVG's own units; the picture scales to the page's width (see .chart in app.css).
const WIDTH = 420;
const CENTER = WIDTH / 2;
const UNIT = 92;
const ROW = 60;
const LINE = 18;
const TOP = 8;
const LABEL_CHARS = 40;

/** Splits a principle's title into lines that fit the picture's width, at word boundaries. */
export function wrapLabel(title: string, max = LABEL_CHARS): string[] {
  const lines: string[] = [];
  let current = '';
  for (const word of title.split(/\s+/)) {
    if (current && `${current} ${word}`.length > max) {
      lines.push(current);
      current = word;
    } else {
      current = current ? `${current} ${word}` : word;
    }
  }
  if (current) lines.push(current);
  return lines;
}

/**
 * The profile of one assessment as a diverging bar chart, drawn on the server: weakening
 * answers to the left of zero, strengthening ones to the right, every label in the picture.
 */
export function ImpactChart({ rows, id }: { rows: ChartRow[]; id: string }) {
  const t = useT();
  const layout = rows.map((row) => ({ row, lines: wrapLabel(row.title) }));
  const offsets: number[] = [];
  let y = TOP;
  for (const { lines } of layout) {
    offsets.push(y);
    y += ROW + (lines.length - 1) * LINE;
  }
  const axisY = y + 6;
  const height = axisY + 48;
  const valueLabel = (answer: AnswerValue | null) => {
    if (answer === null) return t('answers.unanswered');
    if (answer === 'not_relevant') return t('answers.short_not_relevant');
    if (answer === 'knowledge_gap') return t('answers.short_knowledge_gap');
    return `${answerSign(answer)} ${t(`answers.${answer}`)}`;
  };
  return (
    <svg className="chart" viewBox={`0 0 ${WIDTH} ${height}`} role="img" aria-labelledby={`${id}-title ${id}-desc`} xmlns="http://www.w3.org/2000/svg">
      <title id={`${id}-title`}>{t('summary.chartTitle')}</title>
      <desc id={`${id}-desc`}>
        {t('summary.chartDescription')} {rows.map((r) => `${r.title}: ${valueLabel(r.answer)}.`).join(' ')}
      </desc>
      {[-2, -1, 0, 1, 2].map((tick) => (
        <line key={tick} x1={CENTER + tick * UNIT} x2={CENTER + tick * UNIT} y1={TOP} y2={axisY} className={tick === 0 ? 'chart__zero' : 'chart__grid'} />
      ))}
      {layout.map(({ row, lines }, index) => {
        const y = offsets[index]!;
        const score = row.answer === null ? null : scoreOf(row.answer);
        const barY = y + 26 + (lines.length - 1) * LINE;
        const label = valueLabel(row.answer);
        return (
          <g key={row.key} data-answer={row.answer ?? ''}>
            <text x={4} y={y + 16} className="chart__label">
              {lines.map((line, i) => (
                <tspan key={line} x={4} dy={i === 0 ? 0 : LINE}>
                  {line}
                </tspan>
              ))}
            </text>
            {score !== null && score !== 0 ? (
              <rect
                x={score > 0 ? CENTER : CENTER + score * UNIT}
                y={barY}
                width={Math.abs(score) * UNIT}
                height={20}
                className={score > 0 ? 'chart__bar chart__bar--positive' : 'chart__bar chart__bar--negative'}
              />
            ) : null}
            {score === 0 ? <rect x={CENTER - 3} y={barY} width={6} height={20} className="chart__bar chart__bar--zero" /> : null}
            {score === null ? (
              <rect
                x={CENTER - UNIT}
                y={barY}
                width={2 * UNIT}
                height={20}
                className={row.answer === null ? 'chart__empty chart__empty--missing' : 'chart__empty'}
              />
            ) : null}
            <text
              x={score === null ? CENTER : score > 0 ? CENTER - 6 : CENTER + 8}
              y={barY + 15}
              textAnchor={score === null ? 'middle' : score > 0 ? 'end' : 'start'}
              className="chart__value"
            >
              {label}
            </text>
          </g>
        );
      })}
      <line x1={CENTER - 2 * UNIT} x2={CENTER + 2 * UNIT} y1={axisY} y2={axisY} className="chart__axis" />
      {[-2, -1, 0, 1, 2].map((tick) => (
        <text key={tick} x={CENTER + tick * UNIT} y={axisY + 18} textAnchor="middle" className="chart__tick">
          {signedScore(tick)}
        </text>
      ))}
      <text x={CENTER - 2 * UNIT} y={axisY + 40} className="chart__tick">
        ← {t('summary.negative')}
      </text>
      <text x={CENTER + 2 * UNIT} y={axisY + 40} textAnchor="end" className="chart__tick">
        {t('summary.positive')} →
      </text>
    </svg>
  );
}

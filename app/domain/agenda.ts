import type { AnswerValue } from './scale';
import { summarize } from './summary';

export interface AgendaPrinciple {
  title: string;
  answer: AnswerValue | null;
  rationale: string;
  mitigation: string;
}

export interface AgendaInput {
  strategyName: string;
  principles: AgendaPrinciple[];
  projects: string[];
}

const quote = (title: string) => `”${title}”`;

/** "A", "A ja B", "A, B ja C". */
export function joinFinnish(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} ja ${items[items.length - 1]}`;
}

function sentence(text: string): string {
  const trimmed = text.trim();
  return /[.!?…]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}

/** The mean with a sign and a decimal comma: +0,7 or −1,3. */
export function formatMeanFi(mean: number): string {
  // Halves away from zero, as Intl does: −0,25 and +0,25 both round to one decimal's 3.
  const rounded = (Math.sign(mean) * Math.round(Math.abs(mean) * 10)) / 10;
  const body = Math.abs(rounded).toFixed(1).replace('.', ',');
  if (rounded > 0) return `+${body}`;
  if (rounded < 0) return `−${body}`;
  return body;
}

/**
 * The paragraph for the "Strategiavaikutukset" section of the agenda (esityslista), in Finnish,
 * the language of the agenda whatever the user's interface language is.
 */
export function agendaParagraph(input: AgendaInput): string {
  const answered = input.principles.filter((p) => p.answer !== null);
  const summary = summarize(input.principles.map((p) => p.answer));
  const titles = (value: AnswerValue) => answered.filter((p) => p.answer === value).map((p) => quote(p.title));
  const parts: string[] = [];

  if (summary.routine) {
    parts.push(`Asia on rutiiniluonteinen, eikä sillä arvioida olevan vaikutusta kuntastrategian (${input.strategyName}) periaatteisiin.`);
    const shared = [...new Set(answered.map((p) => p.rationale.trim()).filter(Boolean))];
    if (shared.length > 0) parts.push(sentence(shared.join(' ')));
  } else {
    parts.push(`Esityksen vaikutukset on arvioitu kuntastrategian (${input.strategyName}) periaatteiden kannalta.`);
    const strengthen = (value: AnswerValue, how: string) => {
      const list = titles(value);
      if (list.length === 0) return;
      parts.push(`Esitys ${how} ${list.length === 1 ? 'periaatetta' : 'periaatteita'} ${joinFinnish(list)}.`);
    };
    strengthen('2', 'vahvistaa selvästi');
    strengthen('1', 'vahvistaa jonkin verran');
    const neutral = titles('0');
    if (neutral.length > 0) {
      parts.push(`Esityksellä ei ole merkittävää vaikutusta ${neutral.length === 1 ? 'periaatteeseen' : 'periaatteisiin'} ${joinFinnish(neutral)}.`);
    }
    for (const [value, how] of [
      ['-1', 'heikentää jonkin verran'],
      ['-2', 'heikentää selvästi'],
    ] as const) {
      for (const p of answered.filter((a) => a.answer === value)) {
        let text = `Esitys ${how} periaatetta ${quote(p.title)}.`;
        if (p.mitigation.trim()) text += ` Haittoja lievennetään seuraavasti: ${sentence(p.mitigation)}`;
        parts.push(text);
      }
    }
    for (const p of answered.filter((a) => a.answer === 'knowledge_gap')) {
      let text = `Vaikutusta periaatteeseen ${quote(p.title)} ei voida vielä arvioida`;
      text += p.rationale.trim() ? `: ${sentence(p.rationale)}` : '.';
      parts.push(text);
    }
    const unrelated = titles('not_relevant');
    if (unrelated.length === 1) parts.push(`Periaate ${unrelated[0]} ei liity asiaan.`);
    if (unrelated.length > 1) parts.push(`Periaatteet ${joinFinnish(unrelated)} eivät liity asiaan.`);
    if (summary.mean !== null) {
      parts.push(
        `Vaikutusten keskiarvo asteikolla −2…+2 on ${formatMeanFi(summary.mean)} (${summary.scored} ${summary.scored === 1 ? 'periaate' : 'periaatetta'}).`,
      );
    }
  }
  if (input.projects.length > 0) {
    const list = input.projects.map(quote);
    parts.push(`Esitys edistää ${list.length === 1 ? 'strategiaprojektia' : 'strategiaprojekteja'} ${joinFinnish(list)}.`);
  }
  return parts.join(' ');
}

import { describe, expect, it } from 'vitest';
import { type AgendaPrinciple, agendaParagraph, formatMeanFi, joinFinnish } from '~/domain/agenda';
import type { AnswerValue } from '~/domain/scale';

const MINUS = '\u2212';
const STRATEGY = 'Vesannon kuntastrategia 2018–2021';

const p = (title: string, answer: AnswerValue | null, rationale = '', mitigation = ''): AgendaPrinciple => ({
  title,
  answer,
  rationale,
  mitigation,
});

const paragraph = (principles: AgendaPrinciple[], projects: string[] = []) => agendaParagraph({ strategyName: STRATEGY, principles, projects });

const INTRO = `Esityksen vaikutukset on arvioitu kuntastrategian (${STRATEGY}) periaatteiden kannalta.`;

describe('joinFinnish', () => {
  it('joins lists the Finnish way', () => {
    expect(joinFinnish([])).toBe('');
    expect(joinFinnish(['A'])).toBe('A');
    expect(joinFinnish(['A', 'B'])).toBe('A ja B');
    expect(joinFinnish(['A', 'B', 'C'])).toBe('A, B ja C');
    expect(joinFinnish(['A', 'B', 'C', 'D'])).toBe('A, B, C ja D');
  });
});

describe('formatMeanFi', () => {
  it.each([
    [0.5, '+0,5'],
    [2, '+2,0'],
    [1, '+1,0'],
    [-1, `${MINUS}1,0`],
    [-2, `${MINUS}2,0`],
    [0, '0,0'],
    [4 / 3, '+1,3'],
    [-4 / 3, `${MINUS}1,3`],
    [5 / 3, '+1,7'],
    [-5 / 3, `${MINUS}1,7`],
    [0.04, '0,0'],
    [-0.04, '0,0'],
  ])('writes %d as %s', (mean, expected) => {
    expect(formatMeanFi(mean)).toBe(expected);
  });

  it('uses a real minus sign (U+2212), not a hyphen', () => {
    expect(formatMeanFi(-0.5)).toBe('\u22120,5');
    expect(formatMeanFi(-0.5)).not.toContain('-');
  });

  it('rounds halves of the second decimal away from zero on both sides of zero', () => {
    // Four numeric answers can give quarter means: 1/4 = 0.25, 3/4 = 0.75, 7/4 = 1.75.
    expect(formatMeanFi(0.25)).toBe('+0,3');
    expect(formatMeanFi(-0.25)).toBe(`${MINUS}0,3`);
    expect(formatMeanFi(0.75)).toBe('+0,8');
    expect(formatMeanFi(-0.75)).toBe(`${MINUS}0,8`);
    expect(formatMeanFi(1.75)).toBe('+1,8');
    expect(formatMeanFi(-1.75)).toBe(`${MINUS}1,8`);
  });

  it('writes a mean and its opposite with the same digits', () => {
    // Every mean that n = 1…8 numeric answers can have.
    const mismatches: string[] = [];
    for (let n = 1; n <= 8; n++) {
      for (let sum = 1; sum <= 2 * n; sum++) {
        const positive = formatMeanFi(sum / n);
        const negative = formatMeanFi(-sum / n);
        const mirrored = positive === '0,0' ? '0,0' : positive.replace('+', MINUS);
        if (negative !== mirrored) mismatches.push(`${-sum}/${n}: ${negative} vs ${positive}`);
      }
    }
    expect(mismatches).toEqual([]);
  });
});

describe('agendaParagraph', () => {
  it('writes the worked example: two strengthening, one negative, mean +0,5 over four', () => {
    // Scores 2, 1, -1, 0 → sum 2 / 4 = 0.5.
    const text = paragraph([
      p('Pienuus on vahvuus!', '2', 'Lähipalvelut säilyvät.'),
      p('Vastavirran edelläkävijä!', '1', 'Kokeilu.'),
      p('Koti maalla, maailma lähellä!', '-1', 'Kyytejä vähemmän.', 'Lisätään kutsutaksi'),
      p('Reagoinnista ennakointiin', '0', 'Ei muutosta.'),
      p('Verkostot ja yhteistyö', 'not_relevant'),
    ]);
    expect(text).toBe(
      [
        INTRO,
        'Esitys vahvistaa selvästi periaatetta ”Pienuus on vahvuus!”.',
        'Esitys vahvistaa jonkin verran periaatetta ”Vastavirran edelläkävijä!”.',
        'Esityksellä ei ole merkittävää vaikutusta periaatteeseen ”Reagoinnista ennakointiin”.',
        'Esitys heikentää jonkin verran periaatetta ”Koti maalla, maailma lähellä!”. Haittoja lievennetään seuraavasti: Lisätään kutsutaksi.',
        'Periaate ”Verkostot ja yhteistyö” ei liity asiaan.',
        'Vaikutusten keskiarvo asteikolla −2…+2 on +0,5 (4 periaatetta).',
      ].join(' '),
    );
  });

  it('uses the singular for one strengthened principle and the plural for two', () => {
    expect(paragraph([p('A', '2', 'r')])).toContain('Esitys vahvistaa selvästi periaatetta ”A”.');
    expect(paragraph([p('A', '2', 'r'), p('B', '2', 'r')])).toContain('Esitys vahvistaa selvästi periaatteita ”A” ja ”B”.');
    expect(paragraph([p('A', '1', 'r'), p('B', '1', 'r'), p('C', '1', 'r')])).toContain('Esitys vahvistaa jonkin verran periaatteita ”A”, ”B” ja ”C”.');
  });

  it('uses the singular and plural of "no significant effect"', () => {
    expect(paragraph([p('A', '0', 'r')])).toContain('Esityksellä ei ole merkittävää vaikutusta periaatteeseen ”A”.');
    expect(paragraph([p('A', '0', 'r'), p('B', '0', 'r')])).toContain('Esityksellä ei ole merkittävää vaikutusta periaatteisiin ”A” ja ”B”.');
  });

  it('writes each weakened principle in its own sentence with its mitigation', () => {
    const text = paragraph([
      p('A', '-1', 'r', 'Lisätään iltavuoroja.'),
      p('B', '-2', 'r', '  Haetaan avustusta  '),
      p('C', '-2', 'r', 'Neuvotellaan naapurikuntien kanssa!'),
    ]);
    // (-1 - 2 - 2) / 3 = -5/3 → −1,7
    expect(text).toBe(
      [
        INTRO,
        'Esitys heikentää jonkin verran periaatetta ”A”. Haittoja lievennetään seuraavasti: Lisätään iltavuoroja.',
        'Esitys heikentää selvästi periaatetta ”B”. Haittoja lievennetään seuraavasti: Haetaan avustusta.',
        'Esitys heikentää selvästi periaatetta ”C”. Haittoja lievennetään seuraavasti: Neuvotellaan naapurikuntien kanssa!',
        'Vaikutusten keskiarvo asteikolla −2…+2 on −1,7 (3 periaatetta).',
      ].join(' '),
    );
  });

  it('leaves out the mitigation sentence when there is none', () => {
    const text = paragraph([p('A', '-1', 'r', '   ')]);
    expect(text).toContain('Esitys heikentää jonkin verran periaatetta ”A”.');
    expect(text).not.toContain('Haittoja');
  });

  it('writes a knowledge gap with what is missing', () => {
    expect(paragraph([p('X', 'knowledge_gap', 'Kustannusarvio valmistuu huhtikuussa')])).toBe(
      `${INTRO} Vaikutusta periaatteeseen ”X” ei voida vielä arvioida: Kustannusarvio valmistuu huhtikuussa.`,
    );
  });

  it('writes a knowledge gap without a rationale as a full sentence', () => {
    expect(paragraph([p('X', 'knowledge_gap')])).toBe(`${INTRO} Vaikutusta periaatteeseen ”X” ei voida vielä arvioida.`);
  });

  it('writes the principles that are not relevant in the singular and the plural', () => {
    expect(paragraph([p('A', '1', 'r'), p('X', 'not_relevant')])).toContain('Periaate ”X” ei liity asiaan.');
    expect(paragraph([p('A', '1', 'r'), p('X', 'not_relevant'), p('Y', 'not_relevant'), p('Z', 'not_relevant')])).toContain(
      'Periaatteet ”X”, ”Y” ja ”Z” eivät liity asiaan.',
    );
  });

  it('writes a negative mean with a real minus sign', () => {
    // (-2 - 1 + 0) / 3 = -1
    const text = paragraph([p('A', '-2', 'r', 'm'), p('B', '-1', 'r', 'm'), p('C', '0', 'r')]);
    expect(text).toContain('Vaikutusten keskiarvo asteikolla −2…+2 on \u22121,0 (3 periaatetta).');
    expect(text).not.toContain('on -1');
  });

  it('writes the mean over one principle in the singular', () => {
    expect(paragraph([p('A', '2', 'r'), p('B', 'not_relevant')])).toContain('Vaikutusten keskiarvo asteikolla −2…+2 on +2,0 (1 periaate).');
  });

  it('writes a mean of −0,25 as −0,3 like +0,25 is +0,3', () => {
    // (-1 + 0 + 0 + 0) / 4 = -0.25
    const text = paragraph([p('A', '-1', 'r', 'm'), p('B', '0', 'r'), p('C', '0', 'r'), p('D', '0', 'r')]);
    expect(text).toContain('Vaikutusten keskiarvo asteikolla −2…+2 on \u22120,3 (4 periaatetta).');
  });

  it('has no mean sentence when no answer is numeric', () => {
    const text = paragraph([p('X', 'knowledge_gap', 'Selvitys kesken'), p('Y', 'not_relevant')]);
    expect(text).not.toContain('keskiarvo');
    expect(text).toBe(`${INTRO} Vaikutusta periaatteeseen ”X” ei voida vielä arvioida: Selvitys kesken. Periaate ”Y” ei liity asiaan.`);
  });

  it('skips unanswered principles', () => {
    expect(paragraph([p('A', '1', 'r'), p('B', null)])).toBe(
      `${INTRO} Esitys vahvistaa jonkin verran periaatetta ”A”. Vaikutusten keskiarvo asteikolla −2…+2 on +1,0 (1 periaate).`,
    );
  });

  it('writes the routine paragraph with the shared rationale once', () => {
    const rationale = 'Pöytäkirjan tarkastajien valinta';
    const text = paragraph([p('A', 'not_relevant', rationale), p('B', 'not_relevant', rationale), p('C', 'not_relevant', `  ${rationale} `)]);
    expect(text).toBe(
      `Asia on rutiiniluonteinen, eikä sillä arvioida olevan vaikutusta kuntastrategian (${STRATEGY}) periaatteisiin. Pöytäkirjan tarkastajien valinta.`,
    );
  });

  it('writes the routine paragraph without a rationale', () => {
    expect(paragraph([p('A', 'not_relevant'), p('B', 'not_relevant')])).toBe(
      `Asia on rutiiniluonteinen, eikä sillä arvioida olevan vaikutusta kuntastrategian (${STRATEGY}) periaatteisiin.`,
    );
  });

  it('names one strategy project in the singular', () => {
    expect(paragraph([p('A', '1', 'r')], ['Markkinointihanke'])).toBe(
      `${INTRO} Esitys vahvistaa jonkin verran periaatetta ”A”. Vaikutusten keskiarvo asteikolla −2…+2 on +1,0 (1 periaate). Esitys edistää strategiaprojektia ”Markkinointihanke”.`,
    );
  });

  it('names several strategy projects in the plural, also in a routine item', () => {
    expect(paragraph([p('A', 'not_relevant')], ['Strategiatyön jalkauttaminen', 'Markkinointihanke', 'Tapahtumakoordinointi'])).toBe(
      `Asia on rutiiniluonteinen, eikä sillä arvioida olevan vaikutusta kuntastrategian (${STRATEGY}) periaatteisiin. Esitys edistää strategiaprojekteja ”Strategiatyön jalkauttaminen”, ”Markkinointihanke” ja ”Tapahtumakoordinointi”.`,
    );
  });

  it('writes the full paragraph in the order of the scale', () => {
    // Scores 2, 2, 1, 0, -1 → sum 4 / 5 = 0.8.
    const text = paragraph(
      [
        p('G', 'not_relevant'),
        p('F', 'knowledge_gap', 'Kustannusarvio puuttuu'),
        p('E', '-1', 'r', 'Lisätään iltavuoroja'),
        p('D', '0', 'r'),
        p('C', '1', 'r'),
        p('A', '2', 'r'),
        p('B', '2', 'r'),
      ],
      ['Konseptointihanke'],
    );
    expect(text).toBe(
      [
        INTRO,
        'Esitys vahvistaa selvästi periaatteita ”A” ja ”B”.',
        'Esitys vahvistaa jonkin verran periaatetta ”C”.',
        'Esityksellä ei ole merkittävää vaikutusta periaatteeseen ”D”.',
        'Esitys heikentää jonkin verran periaatetta ”E”. Haittoja lievennetään seuraavasti: Lisätään iltavuoroja.',
        'Vaikutusta periaatteeseen ”F” ei voida vielä arvioida: Kustannusarvio puuttuu.',
        'Periaate ”G” ei liity asiaan.',
        'Vaikutusten keskiarvo asteikolla −2…+2 on +0,8 (5 periaatetta).',
        'Esitys edistää strategiaprojektia ”Konseptointihanke”.',
      ].join(' '),
    );
  });
});

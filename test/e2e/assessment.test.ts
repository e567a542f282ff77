import type { BrowserContext, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  type Answer,
  PRINCIPLES,
  PRINCIPLE_KEYS,
  PROJECTS,
  type PrincipleKey,
  answer,
  byId,
  clickAndWait,
  createDraft,
  fillAndCreateDecision,
  mitigationId,
  radioId,
  rationaleId,
  settle,
  titleOf,
  waitForHydration,
} from './helpers';
import { hasChromium, useServerAndBrowser } from './fixture';

const e2e = useServerAndBrowser();

const STRATEGY = 'Vesannon kuntastrategia 2018–2021';

/** What the chart's <desc> says of one answer (the short labels of the scale; − is U+2212). */
const CHART_VALUE: Record<Answer['answer'], string> = {
  '2': '+2 Vahvistaa selvästi',
  '1': '+1 Vahvistaa jonkin verran',
  '0': '0 Ei merkittävää vaikutusta',
  '-1': '−1 Heikentää jonkin verran',
  '-2': '−2 Heikentää selvästi',
  not_relevant: 'Ei liity',
  knowledge_gap: 'Tieto puuttuu',
};
const ANSWER_TEXT: Record<Answer['answer'], string> = {
  '2': 'Vahvistaa selvästi',
  '1': 'Vahvistaa jonkin verran',
  '0': 'Ei merkittävää vaikutusta',
  '-1': 'Heikentää jonkin verran',
  '-2': 'Heikentää selvästi',
  not_relevant: 'Ei liity tähän asiaan',
  knowledge_gap: 'Vaikutusta ei voida vielä arvioida (tieto puuttuu)',
};

interface Scenario {
  js: boolean;
  title: string;
  meetingDate: string;
  /** The first, incomplete submit: these answers only. */
  partial: Partial<Record<PrincipleKey, Answer>>;
  /** The errors it must give: field id → message. */
  partialErrors: Record<string, string>;
  complete: Record<PrincipleKey, Answer>;
  projects: Array<keyof typeof PROJECTS>;
  /** Computed by hand from `complete`. */
  expected: {
    mean: string;
    positive: number;
    neutral: number;
    negative: number;
    notRelevant: number;
    knowledgeGap: number;
    agenda: string[];
  };
}

const ANSWER_REQUIRED = 'Valitse vaikutus asteikolta.';
const MITIGATION_REQUIRED = 'Kerro, miten haittoja lievennetään.';
const GAP_REQUIRED = 'Kerro, mikä tieto puuttuu ja mistä se saadaan.';
const RATIONALE_REQUIRED = 'Kirjoita perustelu vastaukselle.';

const withJs: Scenario = {
  js: true,
  title: 'Kirjaston aukioloaikojen laajentaminen (JS)',
  meetingDate: '2026-12-10',
  partial: {
    pienuus: { answer: '2', rationale: 'Pieni kirjasto voi kokeilla omatoimiaikaa nopeasti.' },
    'luonto-luovuus-tekniikka': { answer: '-1', rationale: 'Lisävalaistus kuluttaa sähköä.' },
    ennakointi: { answer: 'knowledge_gap' },
  },
  partialErrors: {
    'answers.vastavirta.answer-error': ANSWER_REQUIRED,
    'answers.koti-maalla.answer-error': ANSWER_REQUIRED,
    'answers.positiivinen.answer-error': ANSWER_REQUIRED,
    'answers.verkostot.answer-error': ANSWER_REQUIRED,
    'answers.luonto-luovuus-tekniikka.mitigation-error': MITIGATION_REQUIRED,
    'answers.ennakointi.rationale-error': GAP_REQUIRED,
  },
  complete: {
    pienuus: { answer: '2', rationale: 'Pieni kirjasto voi kokeilla omatoimiaikaa nopeasti.' },
    vastavirta: { answer: '1', rationale: 'Omatoimikirjasto on harvinainen näin pienessä kunnassa.' },
    'koti-maalla': { answer: '0', rationale: 'Ei vaikuta asumiseen.' },
    'luonto-luovuus-tekniikka': {
      answer: '-1',
      rationale: 'Lisävalaistus kuluttaa sähköä.',
      mitigation: 'Valaistus vaihdetaan LED-valoihin',
    },
    ennakointi: { answer: 'knowledge_gap', rationale: 'Käyttäjämäärien ennuste puuttuu; se saadaan kirjastojärjestelmästä keväällä' },
    positiivinen: { answer: 'not_relevant' },
    verkostot: { answer: '2', rationale: 'Yhteistyö Nilakan kirjastojen kanssa tiivistyy.' },
  },
  projects: ['markkinointi'],
  // Numeric answers 2, 1, 0, −1, 2: sum 4, five of them, mean 0,8.
  expected: {
    mean: '+0,80',
    positive: 3,
    neutral: 1,
    negative: 1,
    notRelevant: 1,
    knowledgeGap: 1,
    agenda: [
      `Esityksen vaikutukset on arvioitu kuntastrategian (${STRATEGY}) periaatteiden kannalta.`,
      'Esitys vahvistaa selvästi periaatteita ”Pienuus on vahvuus!” ja ”Verkostot ja yhteistyö”.',
      'Esitys vahvistaa jonkin verran periaatetta ”Vastavirran edelläkävijä!”.',
      'Esityksellä ei ole merkittävää vaikutusta periaatteeseen ”Koti maalla, maailma lähellä!”.',
      'Esitys heikentää jonkin verran periaatetta ”Luontoon, luovuuteen ja tekniikkaan me uskomme!”. Haittoja lievennetään seuraavasti: Valaistus vaihdetaan LED-valoihin.',
      'Vaikutusta periaatteeseen ”Reagoinnista ennakointiin” ei voida vielä arvioida: Käyttäjämäärien ennuste puuttuu; se saadaan kirjastojärjestelmästä keväällä.',
      'Periaate ”Positiivinen, kannustava, rohkea” ei liity asiaan.',
      'Vaikutusten keskiarvo asteikolla −2…+2 on +0,8 (5 periaatetta).',
      'Esitys edistää strategiaprojektia ”Markkinointihanke”.',
    ],
  },
};

const withoutJs: Scenario = {
  js: false,
  title: 'Koulukuljetusten kilpailutus (ei JS)',
  meetingDate: '2026-12-15',
  partial: {
    pienuus: { answer: '1', rationale: 'Paikallinen yrittäjä voi osallistua.' },
    vastavirta: { answer: '-2', rationale: 'Pitkät matkat lisääntyvät.' },
    'koti-maalla': { answer: 'not_relevant' },
    verkostot: { answer: '-1' },
  },
  partialErrors: {
    'answers.luonto-luovuus-tekniikka.answer-error': ANSWER_REQUIRED,
    'answers.ennakointi.answer-error': ANSWER_REQUIRED,
    'answers.positiivinen.answer-error': ANSWER_REQUIRED,
    'answers.vastavirta.mitigation-error': MITIGATION_REQUIRED,
    'answers.verkostot.rationale-error': RATIONALE_REQUIRED,
    'answers.verkostot.mitigation-error': MITIGATION_REQUIRED,
  },
  complete: {
    pienuus: { answer: '1', rationale: 'Paikallinen yrittäjä voi osallistua.' },
    vastavirta: { answer: '-2', rationale: 'Pitkät matkat lisääntyvät.', mitigation: 'Reitit suunnitellaan uudelleen.' },
    'koti-maalla': { answer: 'not_relevant' },
    'luonto-luovuus-tekniikka': { answer: 'knowledge_gap', rationale: 'Kaluston päästötiedot puuttuvat; ne saadaan tarjouksista.' },
    ennakointi: { answer: '0', rationale: 'Sopimus on samanlainen kuin ennenkin.' },
    positiivinen: { answer: '1', rationale: 'Kokeilu uudesta tilausmallista.' },
    verkostot: { answer: '-1', rationale: 'Seutuyhteistyö jää pois.', mitigation: 'Seuraava kilpailutus tehdään Nilakan kuntien kanssa.' },
  },
  projects: ['jalkauttaminen', 'tapahtumat'],
  // Numeric answers 1, −2, 0, 1, −1: sum −1, five of them, mean −0,2.
  expected: {
    mean: '−0,20',
    positive: 2,
    neutral: 1,
    negative: 2,
    notRelevant: 1,
    knowledgeGap: 1,
    agenda: [
      `Esityksen vaikutukset on arvioitu kuntastrategian (${STRATEGY}) periaatteiden kannalta.`,
      'Esitys vahvistaa jonkin verran periaatteita ”Pienuus on vahvuus!” ja ”Positiivinen, kannustava, rohkea”.',
      'Esityksellä ei ole merkittävää vaikutusta periaatteeseen ”Reagoinnista ennakointiin”.',
      'Esitys heikentää jonkin verran periaatetta ”Verkostot ja yhteistyö”. Haittoja lievennetään seuraavasti: Seuraava kilpailutus tehdään Nilakan kuntien kanssa.',
      'Esitys heikentää selvästi periaatetta ”Vastavirran edelläkävijä!”. Haittoja lievennetään seuraavasti: Reitit suunnitellaan uudelleen.',
      'Vaikutusta periaatteeseen ”Luontoon, luovuuteen ja tekniikkaan me uskomme!” ei voida vielä arvioida: Kaluston päästötiedot puuttuvat; ne saadaan tarjouksista.',
      'Periaate ”Koti maalla, maailma lähellä!” ei liity asiaan.',
      'Vaikutusten keskiarvo asteikolla −2…+2 on −0,2 (5 periaatetta).',
      'Esitys edistää strategiaprojekteja ”Strategiatyön jalkauttaminen” ja ”Tapahtumakoordinointi”.',
    ],
  },
};

/** Checks that every field of the checklist holds exactly these answers and projects. */
async function expectChecklistValues(page: Page, answers: Partial<Record<PrincipleKey, Answer>>, projects: string[]) {
  for (const key of PRINCIPLE_KEYS) {
    const a = answers[key];
    const checked = await page
      .locator(`input[type=radio][name="answers.${key}.answer"]:checked`)
      .evaluateAll((els) => els.map((el) => (el as HTMLInputElement).value));
    expect(checked, `answer of ${key}`).toEqual(a ? [a.answer] : []);
    expect(await page.locator(byId(rationaleId(key))).inputValue(), `rationale of ${key}`).toBe(a?.rationale ?? '');
    expect(await page.locator(byId(mitigationId(key))).inputValue(), `mitigation of ${key}`).toBe(a?.mitigation ?? '');
  }
  for (const project of Object.keys(PROJECTS)) {
    expect(await page.locator(`#project-${project}`).isChecked(), `project ${project}`).toBe(projects.includes(project));
  }
}

async function fillChecklist(page: Page, answers: Partial<Record<PrincipleKey, Answer>>) {
  for (const [key, a] of Object.entries(answers)) await answer(page, key, a!);
}

function runMainFlow(s: Scenario) {
  const mode = s.js ? 'with JavaScript' : 'without JavaScript';
  it(`logs in, creates a draft, fills, saves and submits the checklist ${mode}`, async () => {
    let context: BrowserContext | undefined;
    try {
      const opened = await e2e.page({ javaScriptEnabled: s.js });
      context = opened.context;
      const page = opened.page;
      if (s.js) {
        await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: e2e.url });
      }

      // --- Login page, in Finnish.
      await page.goto('/login');
      await waitForHydration(page, s.js);
      expect(await page.locator('html').getAttribute('lang')).toBe('fi');
      expect(await page.locator('h1').innerText()).toBe('Kirjaudu sisään');
      const demoBox = page.locator('section.demo-box');
      expect(await demoBox.getByRole('heading', { level: 2 }).innerText()).toBe('Esittelyaineisto on käytössä');
      const demoText = await demoBox.innerText();
      for (const [user, password] of [
        ['valmistelija', 'valmistelija-demo'],
        ['esimies', 'esimies-demo'],
        ['elinvoima', 'elinvoima-demo'],
        ['paakayttaja', 'paakayttaja-demo'],
      ]) {
        expect(demoText).toContain(user);
        expect(demoText).toContain(password);
      }
      // Scripts really are off (or on): Remix's inline context script only runs with JavaScript.
      expect(await page.evaluate(() => 'initialized' in ((window as unknown as { __remixRouter?: { state?: object } }).__remixRouter?.state ?? {}))).toBe(s.js);

      await page.locator('#username').fill('valmistelija');
      await page.locator('#password').fill('valmistelija-demo');
      await clickAndWait(page, () => page.getByRole('button', { name: 'Kirjaudu', exact: true }).click(), /\/$/);
      expect(await page.locator('h1').innerText()).toBe('Tervetuloa, Veera Valmistelija');

      // --- "Uusi esitys" from the main menu.
      await Promise.all([
        page.waitForURL(/\/decisions\/new$/),
        page.getByRole('navigation', { name: 'Päävalikko' }).getByRole('link', { name: 'Uusi esitys' }).click(),
      ]);
      await settle(page);
      await waitForHydration(page, s.js);
      expect(await page.locator('h1').innerText()).toBe('Uusi päätösesitys');
      const id = await fillAndCreateDecision(page, {
        title: s.title,
        caseNumber: 'VES/123/2026',
        meetingDate: s.meetingDate,
        description: 'Esitetään päätettäväksi testin kuvaama asia.',
      });
      await waitForHydration(page, s.js);
      expect(await page.getByRole('status').first().innerText()).toContain('Esitys on luotu.');
      expect(await page.locator('h1').innerText()).toContain('Strategia-arviointi');
      expect(await page.locator('h1').innerText()).toContain(s.title);
      await expectChecklistValues(page, {}, []);

      // --- An incomplete submit: the errors, and everything typed is still there.
      await fillChecklist(page, s.partial);
      await clickAndWait(page, () => page.getByRole('button', { name: 'Lähetä tarkastettavaksi' }).click());
      expect(page.url(), 'an invalid submit stays on the checklist').toMatch(new RegExp(`/decisions/${id}/checklist`));
      const summary = page.locator('.error-summary');
      await summary.waitFor();
      expect(await summary.getByRole('heading').innerText()).toBe('Lomakkeessa on korjattavaa');
      expect(await summary.getAttribute('role')).toBe('alert');
      const links = await summary.locator('a').evaluateAll((els) => els.map((el) => el.getAttribute('href')));
      expect(links).toHaveLength(Object.keys(s.partialErrors).length);
      for (const [errorId, message] of Object.entries(s.partialErrors)) {
        expect(await page.locator(byId(errorId)).innerText(), `message at ${errorId}`).toBe(message);
        expect(await summary.innerText(), `summary lists ${errorId}`).toContain(message);
        const fieldId = errorId.replace(/-error$/, '');
        if (fieldId.endsWith('.answer')) {
          // The summary's link goes to the principle's first radio; its fieldset is described by the message.
          expect(links).toContain(`#${fieldId}-2`);
          const fieldset = page.locator('fieldset', { has: page.locator(byId(`${fieldId}-2`)) });
          expect(await fieldset.getAttribute('aria-describedby')).toBe(errorId);
        } else {
          expect(links).toContain(`#${fieldId}`);
          const field = page.locator(byId(fieldId));
          expect(await field.getAttribute('aria-invalid')).toBe('true');
          expect((await field.getAttribute('aria-describedby'))?.split(' ')).toContain(errorId);
        }
      }
      if (s.js) {
        // The summary takes focus, so a screen reader announces it.
        expect(await page.evaluate(() => document.activeElement?.classList.contains('error-summary'))).toBe(true);
      }
      await expectChecklistValues(page, s.partial, []);
      const done = Object.keys(s.partial).length;
      expect(await page.locator('.progress').innerText()).toBe(`${done} / 7 periaatetta arvioitu`);

      // --- Every principle answered, projects ticked, saved as a draft.
      await fillChecklist(page, s.complete);
      for (const project of s.projects) await page.locator(`#project-${project}`).check();
      await clickAndWait(
        page,
        () => page.getByRole('button', { name: 'Tallenna luonnos' }).click(),
        new RegExp(`/decisions/${id}/checklist\\?notice=draftSaved`),
      );
      expect(await page.getByRole('status').first().innerText()).toContain('Luonnos on tallennettu');
      expect(await page.locator('.error-summary').count()).toBe(0);

      // --- After a reload, what was saved is back from the database.
      await page.reload();
      await waitForHydration(page, s.js);
      await expectChecklistValues(page, s.complete, s.projects);
      expect(await page.locator('.progress').innerText()).toBe('7 / 7 periaatetta arvioitu');

      // --- Submit.
      await clickAndWait(page, () => page.getByRole('button', { name: 'Lähetä tarkastettavaksi' }).click(), new RegExp(`/decisions/${id}\\?notice=submitted`));
      await waitForHydration(page, s.js);
      expect(await page.getByRole('status').first().innerText()).toBe('Arviointi on lähetetty tarkastettavaksi.');
      expect(await page.locator('h1').innerText()).toBe(s.title);
      expect(await page.locator('.page__header .badge').innerText()).toBe('Tarkastettavana');
      expect(await page.locator('.muted').innerText()).toContain('”Tarkastettavana”');
      const [y, m, d] = s.meetingDate.split('-').map(Number);
      const details = page.locator('section.details');
      expect(await details.locator('dt:text-is("Kokouspäivä") + dd').innerText()).toBe(`${d}.${m}.${y}`);
      expect(await details.locator('dt:text-is("Diaarinumero") + dd').innerText()).toBe('VES/123/2026');
      expect(await details.locator('dt:text-is("Valmistelija") + dd').innerText()).toBe('Veera Valmistelija');
      // No way back into the form once submitted.
      expect(await page.getByRole('link', { name: /strategia-arviointi/i }).count()).toBe(0);

      // The chart: one picture, named by its title and described principle by principle.
      const chart = page.locator('svg[role="img"]');
      expect(await chart.count()).toBe(1);
      expect(await chart.locator('title').textContent()).toBe('Vaikutusprofiili');
      const desc = (await chart.locator('desc').textContent()) ?? '';
      for (const [key, title] of PRINCIPLES) {
        expect(desc).toContain(`${title}: ${CHART_VALUE[s.complete[key].answer]}.`);
      }
      const labelledBy = (await chart.getAttribute('aria-labelledby'))!.split(' ');
      expect(labelledBy).toHaveLength(2);
      expect(await page.locator(`[id="${labelledBy[0]}"]`).evaluate((el) => el.tagName.toLowerCase())).toBe('title');
      expect(await page.locator(`[id="${labelledBy[1]}"]`).evaluate((el) => el.tagName.toLowerCase())).toBe('desc');
      // One bar group per principle, in order, each with its answer.
      const bars = await chart.locator('g[data-answer]').evaluateAll((els) => els.map((el) => el.getAttribute('data-answer')));
      expect(bars).toEqual(PRINCIPLE_KEYS.map((key) => s.complete[key].answer));

      // The numbers, computed by hand from the answers.
      expect(await page.locator('dd[data-testid="summary-mean"]').innerText()).toBe(s.expected.mean);
      expect(await page.locator('dd[data-testid="summary-positive"]').innerText()).toBe(String(s.expected.positive));
      expect(await page.locator('dd[data-testid="summary-neutral"]').innerText()).toBe(String(s.expected.neutral));
      expect(await page.locator('dd[data-testid="summary-negative"]').innerText()).toBe(String(s.expected.negative));
      expect(await page.locator('dd[data-testid="summary-not-relevant"]').innerText()).toBe(String(s.expected.notRelevant));
      expect(await page.locator('dd[data-testid="summary-knowledge-gap"]').innerText()).toBe(String(s.expected.knowledgeGap));
      expect(await page.locator('dd[data-testid="summary-unanswered"]').count()).toBe(0);
      expect(await page.locator('.summary__routine').count()).toBe(0);

      // The answers as written, principle by principle, and the projects.
      const answersSection = page.locator('section[aria-labelledby="answers-title"]');
      for (const [key, title] of PRINCIPLES) {
        const item = answersSection.locator('li.answer-list__item', { has: page.getByRole('heading', { name: title, exact: true }) });
        const text = await item.innerText();
        const a = s.complete[key];
        expect(text, `answer shown for ${key}`).toContain(ANSWER_TEXT[a.answer]);
        if (a.rationale) expect(text).toContain(a.rationale);
        if (a.mitigation) expect(text).toContain(a.mitigation);
      }
      const projectItems = await answersSection.locator('h3:text-is("Strategiaprojektit, joita esitys edistää") + ul > li').allInnerTexts();
      expect(projectItems).toEqual(s.projects.map((p) => PROJECTS[p]));

      // The agenda paragraph, in Finnish, for the agenda's "Strategiavaikutukset" section.
      const agenda = page.locator('#agenda-paragraph');
      expect(await page.locator('label[for="agenda-paragraph"]').innerText()).toContain('Strategiavaikutukset');
      const agendaText = await agenda.inputValue();
      expect(agendaText).toBe(s.expected.agenda.join(' '));
      expect(await agenda.getAttribute('readonly')).not.toBeNull();
      expect(await agenda.getAttribute('lang')).toBe('fi');

      const copyButton = page.getByRole('button', { name: 'Kopioi teksti' });
      if (s.js) {
        await copyButton.click();
        const status = page.locator('.copy-text__status');
        await page.waitForFunction(() => (document.querySelector('.copy-text__status')?.textContent ?? '') !== '');
        const message = await status.innerText();
        console.info(`"Kopioi teksti" in headless Chromium: ${message}`);
        expect(['Teksti kopioitu leikepöydälle.', 'Kopiointi ei onnistunut. Valitse teksti ja kopioi se itse.']).toContain(message);
        if (message === 'Teksti kopioitu leikepöydälle.') {
          expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(agendaText);
        } else {
          // The fallback: the text is selected, ready for Ctrl+C.
          const selection = await agenda.evaluate((el: HTMLTextAreaElement) => [el.selectionStart, el.selectionEnd]);
          expect(selection).toEqual([0, agendaText.length]);
        }
      } else {
        expect(await copyButton.count(), 'no copy button without JavaScript').toBe(0);
        // Readonly but selectable: the text can be selected with the keyboard and copied.
        expect(await agenda.evaluate((el) => getComputedStyle(el).userSelect)).not.toBe('none');
        await agenda.click();
        await page.keyboard.press('Control+A');
        const selection = await agenda.evaluate((el: HTMLTextAreaElement) => [el.selectionStart, el.selectionEnd]);
        expect(selection).toEqual([0, agendaText.length]);
        expect(await agenda.isEditable()).toBe(false);
      }

      // --- The checklist of a submitted assessment is no longer open to its author: the page says so and leads to it.
      await page.goto(`/decisions/${id}/checklist`);
      await expect.poll(() => page.locator('h1').innerText()).toContain('Arviointia ei voi enää muokata');
      expect(await page.locator('form.checklist').count()).toBe(0);
      await Promise.all([page.waitForURL(new RegExp(`/decisions/${id}$`)), page.getByRole('link', { name: 'Siirry arviointiin' }).click()]);
    } finally {
      await context?.close();
    }
  });
}

/** Logs in as the official and creates a draft through the UI; returns its id. */
async function loginAndCreate(page: Page, js: boolean, title: string) {
  await page.goto('/login');
  await waitForHydration(page, js);
  await page.locator('#username').fill('valmistelija');
  await page.locator('#password').fill('valmistelija-demo');
  await clickAndWait(page, () => page.getByRole('button', { name: 'Kirjaudu', exact: true }).click(), /\/$/);
  const id = await createDraft(page, title, js);
  await waitForHydration(page, js);
  return id;
}

const ROUTINE_RATIONALE = 'Pöytäkirjan tarkastajien valinta on kokouksen järjestäytymiseen liittyvä rutiini.';

/** Marks the open checklist routine, after first checking that an empty rationale is refused. */
async function markRoutine(page: Page, id: number, js: boolean) {
  await clickAndWait(page, () => page.getByRole('button', { name: 'Merkitse rutiiniasiaksi' }).click());
  expect(await page.locator('#routineRationale-error').innerText()).toBe('Tämä kenttä on pakollinen.');
  expect(await page.locator('#routineRationale').getAttribute('aria-invalid')).toBe('true');
  expect(await page.locator('input[type=radio]:checked').count()).toBe(0);

  await page.locator('#routineRationale').fill(ROUTINE_RATIONALE);
  await clickAndWait(
    page,
    () => page.getByRole('button', { name: 'Merkitse rutiiniasiaksi' }).click(),
    new RegExp(`/decisions/${id}/checklist\\?notice=routine`),
  );
  await waitForHydration(page, js);
  expect(await page.getByRole('status').first().innerText()).toContain('Kaikki periaatteet on merkitty');
}

/** Every principle "not relevant" with the shared rationale, as the checklist shows it now. */
async function expectAllNotRelevant(page: Page) {
  const checked = await page
    .locator('input[type=radio]:checked')
    .evaluateAll((els) => els.map((el) => `${(el as HTMLInputElement).name}=${(el as HTMLInputElement).value}`));
  expect(checked, 'every principle shows "Ei liity tähän asiaan" checked').toEqual(PRINCIPLE_KEYS.map((key) => `answers.${key}.answer=not_relevant`));
  for (const key of PRINCIPLE_KEYS) {
    expect(await page.locator(byId(radioId(key, 'not_relevant'))).isChecked(), `${key} is "not relevant"`).toBe(true);
    expect(await page.locator(byId(rationaleId(key))).inputValue()).toBe(ROUTINE_RATIONALE);
  }
  expect(await page.locator('.progress').innerText()).toBe('7 / 7 periaatetta arvioitu');
}

/** Submits the checklist and checks the routine summary on the assessment page. */
async function submitRoutine(page: Page, id: number) {
  await clickAndWait(page, () => page.getByRole('button', { name: 'Lähetä tarkastettavaksi' }).click());
  const errors = (await page.locator('.error-summary').count()) > 0 ? await page.locator('.error-summary').innerText() : '';
  expect(errors, 'submitting the routine assessment gives no errors').toBe('');
  expect(page.url()).toMatch(new RegExp(`/decisions/${id}\\?notice=submitted$`));
  expect(await page.getByRole('status').first().innerText()).toBe('Arviointi on lähetetty tarkastettavaksi.');
  expect(await page.locator('.page__header .badge').innerText()).toBe('Tarkastettavana');
  expect(await page.locator('.summary__routine').innerText()).toBe('Rutiiniasia: mikään periaate ei liity asiaan.');
  expect(await page.locator('dd[data-testid="summary-mean"]').innerText()).toBe('ei numeerisia vastauksia');
  expect(await page.locator('dd[data-testid="summary-not-relevant"]').innerText()).toBe('7');
  for (const key of ['positive', 'neutral', 'negative', 'knowledge-gap']) {
    expect(await page.locator(`dd[data-testid="summary-${key}"]`).innerText(), key).toBe('0');
  }
  const desc = (await page.locator('svg[role="img"] desc').textContent()) ?? '';
  for (const key of PRINCIPLE_KEYS) expect(desc).toContain(`${titleOf(key)}: Ei liity.`);
  expect(await page.locator('#agenda-paragraph').inputValue()).toBe(
    `Asia on rutiiniluonteinen, eikä sillä arvioida olevan vaikutusta kuntastrategian (${STRATEGY}) periaatteisiin. ${ROUTINE_RATIONALE}`,
  );
}

function runRoutine(js: boolean) {
  const mode = js ? 'with JavaScript' : 'without JavaScript';
  it(`marks a draft routine: all seven answers become "not relevant" on the page, and it can be submitted at once (${mode})`, async () => {
    const { context, page } = await e2e.page({ javaScriptEnabled: js });
    try {
      const id = await loginAndCreate(page, js, `Pöytäkirjan tarkastajien valinta (${js ? 'JS' : 'ei JS'})`);
      await markRoutine(page, id, js);
      // What the official sees right after marking, and submits next, without reloading.
      await expectAllNotRelevant(page);
      await submitRoutine(page, id);
    } finally {
      await context.close();
    }
  });
}

describe.skipIf(!hasChromium)('the routine shortcut, stored on the server', () => {
  it('a routine marking is saved as seven "not relevant" answers (seen after reloading) and submits as "Rutiiniasia"', async () => {
    const { context, page } = await e2e.page({ javaScriptEnabled: true });
    try {
      const id = await loginAndCreate(page, true, 'Pöytäkirjan tarkastajien valinta (ladattu uudelleen)');
      await markRoutine(page, id, true);
      await page.reload();
      await waitForHydration(page, true);
      await expectAllNotRelevant(page);
      await submitRoutine(page, id);
    } finally {
      await context.close();
    }
  });
});

describe.skipIf(!hasChromium)('the assessment of a draft decision, end to end', () => {
  runMainFlow(withJs);
  runMainFlow(withoutJs);
  runRoutine(true);
  runRoutine(false);
});
